"""Forms of core: the column-mapping step every importer's upload flow shows (one choice per target field of its
schema). Shared form helpers live in `accounts.forms.UtrechtFormMixin`."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _

from veiliglokaal.accounts.forms import UtrechtFormMixin

from .column_mapping import Schema


class ColumnMappingForm(UtrechtFormMixin, forms.Form):
    """Which column of the file holds each field. `initial` is the saved or automatic mapping."""

    def __init__(self, *args, schema: Schema, header: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.schema, self.header = schema, list(header)
        choices = [("", _("— niet in het bestand —"))] + [(column, column) for column in self.header]
        for target in schema.targets:
            self.fields[target.name] = forms.ChoiceField(
                label=target.label, choices=choices, required=target.required, help_text=target.help,
                error_messages={"required": _("Kies de kolom met '%(label)s': dit veld is verplicht.")
                                % {"label": target.label}},
                widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}))

    def clean(self):
        data = super().clean()
        resolution = self.schema.check(self.header, data)
        for name, message in resolution.problems.items():
            if name not in self.errors:  # a missing required column already has its message
                self.add_error(name, message)
        self.resolution = resolution
        return data

    @property
    def mapping(self) -> dict[str, str]:
        return {name: column for name, column in self.cleaned_data.items() if column}

    def ignored_columns(self) -> list[str]:
        source = self.data if self.is_bound else self.initial
        chosen = {source.get(target.name) for target in self.schema.targets} - {None, ""}
        return [column for column in self.header if column not in chosen]


@dataclass
class PreviewRow:
    number: int
    cells: list[str]
    problem: str = ""


def mapping_context(form: ColumnMappingForm, rows) -> dict:
    """What `core/_column_mapping.html` needs: the form, the first rows in header order, the ignored columns."""
    preview = [PreviewRow(row.number, [row.values.get(column, "") for column in form.header], row.problem)
               for row in rows]
    return {"mapping_form": form, "preview": preview, "preview_header": form.header,
            "ignored": form.ignored_columns()}
