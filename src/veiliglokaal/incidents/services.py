"""The only writers of GIR. Every write of an incident's personal data runs inside `audit.services.processing`, so
its processing-log record lands in the same transaction; every step is appended to the incident's history."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from veiliglokaal.accounts.models import Membership
from veiliglokaal.audit.services import processing
from veiliglokaal.core.storage import sha256_of
from veiliglokaal.workflow import services as workflow
from veiliglokaal.workflow.definitions import WorkflowError

from . import defaults, notifications
from .models import (
    Aftercare, AftercareChange, Attachment, Incident, IncidentEvent, IncidentOption, IncidentSettings, Measure,
    MeasureChange, Offender, OptionKind,
)
from .workflows import MeasureKind

REGISTRATION = "incidents.registratie"
AFTERCARE_ACTIVITY = "incidents.nazorg"
OFFENDER_ACTIVITY = "incidents.veroorzakers"

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10
# Content sniffing: the first bytes decide the type; the extension must agree with them.
SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "image/png", {".png"}),
    (b"\xff\xd8\xff", "image/jpeg", {".jpg", ".jpeg"}),
    (b"%PDF-", "application/pdf", {".pdf"}),
]


# ------------------------------------------------------------------------------------------------ configuration

@transaction.atomic
def ensure_configuration(municipality) -> IncidentSettings:
    """The municipality's GIR settings and lists; seeded with the defaults the first time GIR is used there."""
    settings_row, created = IncidentSettings.objects.get_or_create(municipality=municipality)
    if created or not IncidentOption.objects.filter(municipality=municipality).exists():
        rows = []
        for kind, entries in [(OptionKind.TYPE, defaults.TYPES), (OptionKind.LOCATION, defaults.LOCATIONS),
                              (OptionKind.VICTIM_ROLE, defaults.VICTIM_ROLES)]:
            rows += [IncidentOption(municipality=municipality, kind=kind, code=code, label=label, position=i)
                     for i, (code, label) in enumerate(entries)]
        rows += [IncidentOption(municipality=municipality, kind=OptionKind.CHANNEL, code=code, label=label,
                                position=i, is_online=online)
                 for i, (code, label, online) in enumerate(defaults.CHANNELS)]
        IncidentOption.objects.bulk_create(rows, ignore_conflicts=True)
    return settings_row


def options(municipality_id: int, kind: str):
    return IncidentOption.objects.filter(municipality_id=municipality_id, kind=kind, is_active=True)


# ------------------------------------------------------------------------------------------------ helpers

def normalise(text: str) -> str:
    """A matching key: case, accents, punctuation and word order do not matter ("Vries, Jan de" = "jan de vries")."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", text)
    return " ".join(sorted(words))


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def context_of(incident_pk: int) -> str:
    """The processing-log context of an incident: retention shreds the links of every subject logged in it."""
    return f"melding:{incident_pk}"


def _subject(incident: Incident) -> dict:
    """The data subject of the processing-log record: the person affected when they are a user, else the incident;
    in the incident's context."""
    if incident.victim_user_id:
        return {"subject_type": "gebruiker", "subject_id": incident.victim_user_id, "context": context_of(incident.pk)}
    return {"subject_type": "melding", "subject_id": incident.pk, "context": context_of(incident.pk)}


def _event(incident, actor, text, reason="", coordinator_only=False):
    return IncidentEvent.objects.create(incident=incident, actor=actor, text=text, reason=reason,
                                        coordinator_only=coordinator_only)


def sniff(uploaded) -> str:
    """Check an upload by its content (not only its name): PNG, JPEG or PDF, at most 10 MB. Returns its type."""
    name = getattr(uploaded, "name", "") or ""
    if uploaded.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(f"{name}: het bestand is groter dan 10 MB.", code="too_large")
    if uploaded.size == 0:
        raise ValidationError(f"{name}: het bestand is leeg.", code="empty")
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    for signature, content_type, extensions in SIGNATURES:
        if head.startswith(signature):
            if extension not in extensions:
                raise ValidationError(f"{name}: de bestandsnaam past niet bij de inhoud ({content_type}).",
                                      code="mismatch")
            return content_type
    raise ValidationError(f"{name}: alleen foto's (PNG, JPEG) en PDF-bestanden zijn toegestaan.", code="type")


# ------------------------------------------------------------------------------------------------ reporting

@dataclass
class OffenderInput:
    name: str = ""
    identifier: str = ""
    description: str = ""

    def is_empty(self) -> bool:
        return not (self.name.strip() or self.identifier.strip() or self.description.strip())


def validate_incident(tenant, data: dict, files=()) -> dict:
    """The rules shared by the form and the API. Raises ValidationError({field: [messages]}); returns clean data."""
    errors: dict[str, list[str]] = {}
    municipality_id = tenant.municipality_id

    def option(field, kind):
        value = data.get(field)
        if isinstance(value, IncidentOption):
            value = value.code
        found = options(municipality_id, kind).filter(code=value).first() if value else None
        if found is None:
            errors.setdefault(field, []).append("Kies een waarde uit de lijst van uw gemeente.")
        return found

    clean = dict(data)
    clean["location"] = option("location", OptionKind.LOCATION)
    clean["victim_role"] = option("victim_role", OptionKind.VICTIM_ROLE)
    clean["channel"] = option("channel", OptionKind.CHANNEL)
    type_codes = [t.code if isinstance(t, IncidentOption) else t for t in (data.get("types") or [])]
    types = list(options(municipality_id, OptionKind.TYPE).filter(code__in=type_codes))
    if not type_codes:
        errors.setdefault("types", []).append("Kies ten minste één soort incident.")
    elif len(types) != len(set(type_codes)):
        errors.setdefault("types", []).append("Kies alleen soorten uit de lijst van uw gemeente.")
    clean["types"] = types
    if clean["channel"] is not None and clean["channel"].is_online and not (data.get("platform") or "").strip():
        errors.setdefault("platform", []).append("Vul in op welk platform of via welk adres het gebeurde.")
    occurred_at = data.get("occurred_at")
    if occurred_at is None:
        errors.setdefault("occurred_at", []).append("Vul in wanneer het gebeurde.")
    elif occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        errors.setdefault("occurred_at", []).append("Dit tijdstip ligt in de toekomst.")
    elif occurred_at < timezone.now() - datetime.timedelta(days=365 * 10):
        errors.setdefault("occurred_at", []).append("Dit tijdstip ligt meer dan tien jaar terug.")
    if not (data.get("description") or "").strip():
        errors.setdefault("description", []).append("Beschrijf kort wat er gebeurde.")
    victim_user = data.get("victim_user")
    if victim_user is not None and not Membership.objects.filter(
            user=victim_user, municipality_id=municipality_id, is_active=True).exists():
        errors.setdefault("victim_user", []).append("Deze persoon werkt niet voor uw gemeente.")
    files = list(files or [])
    if len(files) > MAX_ATTACHMENTS:
        errors.setdefault("attachments", []).append(f"U kunt hoogstens {MAX_ATTACHMENTS} bijlagen meesturen.")
    for uploaded in files:
        try:
            sniff(uploaded)
        except ValidationError as error:
            errors.setdefault("attachments", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return clean


def create_incident(tenant, user, data: dict, files=(), offender: OffenderInput | None = None,
                    victim_is_reporter: bool = True) -> Incident:
    """Register an incident (on one's own behalf or for someone else) with its attachments and offender details."""
    from veiliglokaal.core.models import Municipality

    municipality = Municipality.objects.get(pk=tenant.municipality_id)
    gir_settings = ensure_configuration(municipality)
    clean = validate_incident(tenant, data, files)
    victim_user = clean.get("victim_user")
    victim_name = (clean.get("victim_name") or "").strip()
    if victim_user is None and not victim_name and victim_is_reporter:
        victim_user = user
    department = (clean.get("department") or "").strip() or (victim_user.department if victim_user else "") \
        or getattr(user, "department", "")
    incident = Incident(
        municipality=municipality, reported_by=user, victim_user=victim_user,
        victim_name=victim_name if victim_user is None else "",
        occurred_at=clean["occurred_at"], location=clean["location"], victim_role=clean["victim_role"],
        channel=clean["channel"], platform=(clean.get("platform") or "").strip() if clean["channel"].is_online else "",
        description=clean["description"].strip(), injury=clean.get("injury") or "none",
        absence_days=clean.get("absence_days"), damage_description=(clean.get("damage_description") or "").strip(),
        damage_amount=clean.get("damage_amount"), witnesses=(clean.get("witnesses") or "").strip(),
        hide_description_from_manager=bool(clean.get("hide_description_from_manager")), department=department,
        retain_until=add_years(timezone.localtime(clean["occurred_at"]).date(), gir_settings.retention_years),
    )
    with transaction.atomic():
        incident.save()  # the pk names the data subject of the log record when the victim is not a user
        with processing(activity=REGISTRATION, name="melding geregistreerd", municipality_id=municipality.pk,
                        actor_id=user.pk, **_subject(incident)):
            incident.types.set(clean["types"])
            text = "Melding geregistreerd" if incident.victim_user_id == user.pk else "Melding geregistreerd namens de getroffene"
            _event(incident, user, text)
            for uploaded in files or []:
                _store_attachment(incident, user, uploaded)
        if offender is not None and not offender.is_empty():
            _record_offender(incident, user, offender)
        transaction.on_commit(lambda: notifications.new_incident(incident.pk))
    return incident


def _store_attachment(incident, user, uploaded) -> Attachment:
    content_type = sniff(uploaded)
    attachment = Attachment(municipality_id=incident.municipality_id, incident=incident, original_name=uploaded.name[:200],
                            content_type=content_type, size=uploaded.size, sha256=sha256_of(uploaded), uploaded_by=user)
    attachment.file.save(uploaded.name, uploaded, save=False)
    attachment.save()
    _event(incident, user, f"Bijlage toegevoegd: {attachment.original_name}")
    return attachment


def add_attachments(tenant, user, incident: Incident, files) -> list[Attachment]:
    files = list(files)
    errors = []
    for uploaded in files:
        try:
            sniff(uploaded)
        except ValidationError as error:
            errors += error.messages
    if errors:
        raise ValidationError({"attachments": errors})
    with processing(activity=REGISTRATION, name="bijlage toegevoegd", municipality_id=tenant.municipality_id,
                    actor_id=user.pk, **_subject(incident)):
        return [_store_attachment(incident, user, uploaded) for uploaded in files]


def _record_offender(incident, user, data: OffenderInput) -> Offender:
    with processing(activity=OFFENDER_ACTIVITY, name="veroorzaker vastgelegd", subject_type="veroorzaker",
                    subject_id=normalise(data.name) or f"melding-{incident.pk}", context=context_of(incident.pk),
                    municipality_id=incident.municipality_id, actor_id=user.pk):
        offender, _ = Offender.objects.update_or_create(incident=incident, defaults=dict(
            municipality_id=incident.municipality_id, name=data.name.strip(), identifier=data.identifier.strip(),
            description=data.description.strip(), name_key=normalise(data.name),
            identifier_key=normalise(data.identifier), recorded_by=user,
        ))
        _event(incident, user, "Gegevens van de veroorzaker vastgelegd", coordinator_only=True)
    return offender


def record_offender(tenant, user, incident: Incident, data: OffenderInput) -> Offender:
    from veiliglokaal.accounts.scopes import Scope

    if not tenant.has_scope(Scope.INCIDENTS_OFFENDERS):
        raise PermissionError("Alleen de coördinator legt veroorzakers vast.")
    return _record_offender(incident, user, data)


# ------------------------------------------------------------------------------------------------ aftercare, measures

def _handlers(municipality_id):
    """Users who may own aftercare or a measure: managers and coordinators of the municipality."""
    return Membership.objects.active().filter(municipality_id=municipality_id, role__in=["manager", "coordinator"])


def _check_owner(tenant, owner):
    if owner is None or not _handlers(tenant.municipality_id).filter(user=owner).exists():
        raise ValidationError({"owner": ["Kies een leidinggevende of coördinator van uw gemeente."]})


def start_aftercare(tenant, user, incident: Incident, owner) -> Aftercare:
    _check_owner(tenant, owner)
    if Aftercare.objects.filter(incident=incident).exists():
        raise ValidationError("De nazorg voor deze melding is al gestart.")
    with processing(activity=AFTERCARE_ACTIVITY, name="nazorg gestart", municipality_id=tenant.municipality_id,
                    actor_id=user.pk, **_subject(incident)):
        aftercare = Aftercare(municipality_id=incident.municipality_id, incident=incident, owner=owner)
        workflow.start(aftercare, AftercareChange, actor_id=user.pk)
        _event(incident, user, f"Nazorg gestart (eigenaar: {owner.display_name}): {aftercare.state_label}")
    return aftercare


def _advance(tenant, user, case, history_model, transition: str, reason: str, log_name: str, label: str) -> None:
    """Move an aftercare or measure case through its workflow; the final step's reason is its outcome."""
    with processing(activity=AFTERCARE_ACTIVITY, name=log_name, municipality_id=tenant.municipality_id,
                    actor_id=user.pk, **_subject(case.incident)):
        change = workflow.apply(case, history_model, transition, scopes=tenant.scopes, actor_id=user.pk, reason=reason)
        if case.WORKFLOW.state(case.state).final:
            type(case).objects.filter(pk=case.pk).update(outcome=reason)
        _event(case.incident, user, f"{label}: {case.WORKFLOW.transition(change.transition).label} → {case.state_label}",
               reason=reason)


def advance_aftercare(tenant, user, aftercare: Aftercare, transition: str, reason: str = "") -> None:
    _advance(tenant, user, aftercare, AftercareChange, transition, reason, "nazorg bijgewerkt", "Nazorg")


def add_measure(tenant, user, incident: Incident, kind: str, owner) -> Measure:
    if kind not in MeasureKind.values:
        raise ValidationError({"kind": ["Kies een maatregel uit de lijst."]})
    _check_owner(tenant, owner)
    with processing(activity=AFTERCARE_ACTIVITY, name="maatregel gestart", municipality_id=tenant.municipality_id,
                    actor_id=user.pk, **_subject(incident)):
        measure = Measure(municipality_id=incident.municipality_id, incident=incident, kind=kind, owner=owner)
        workflow.start(measure, MeasureChange, actor_id=user.pk)
        _event(incident, user, f"Maatregel gestart: {measure.get_kind_display()} (eigenaar: {owner.display_name})")
    return measure


def advance_measure(tenant, user, measure: Measure, transition: str, reason: str = "") -> None:
    _advance(tenant, user, measure, MeasureChange, transition, reason, "maatregel bijgewerkt", measure.get_kind_display())


__all__ = ["WorkflowError", "ValidationError"]
