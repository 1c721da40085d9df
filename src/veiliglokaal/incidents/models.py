"""GIR: incidents of aggression and violence against staff and office holders, their aftercare and measures.

Tenancy: every model carries the municipality and uses a `TenantQuerySet` whose visibility filter follows the
role: a reporter sees what they reported or suffered, a manager their department's, the coordinator everything of
the municipality. Offender details live in their own table, visible only with the offender scope.
"""


from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.core.append_only import AppendOnlyModel, AppendOnlyTenantQuerySet
from veiliglokaal.core.jobs import BackgroundJob, JobStatus
from veiliglokaal.core.storage import PrivateStorage, UploadPath
from veiliglokaal.core.tenancy import TenantQuerySet
from veiliglokaal.workflow.models import StateChange, WorkflowCase

from . import workflows
from .defaults import RETENTION_YEARS


def incident_visibility(tenant, prefix: str = "") -> Q:
    """Which incidents this tenant may see, as one `Q` (prefix: the path to the incident from another model)."""
    if tenant.has_scope(Scope.INCIDENTS_MANAGE):
        return Q()
    from veiliglokaal.accounts.models import User

    visible = Q(pk__in=[])
    if tenant.has_scope(Scope.INCIDENTS_REPORT):
        visible |= Q(**{f"{prefix}reported_by_id": tenant.user_id}) | Q(**{f"{prefix}victim_user_id": tenant.user_id})
    if tenant.has_scope(Scope.INCIDENTS_TEAM):
        own_department = User.objects.filter(pk=tenant.user_id).exclude(department="").values("department")
        visible |= Q(**{f"{prefix}department__in": own_department})
    return visible


class IncidentSettings(models.Model):
    """Per-municipality settings of GIR."""

    municipality = models.OneToOneField("core.Municipality", on_delete=models.CASCADE, related_name="incident_settings")
    retention_years = models.PositiveSmallIntegerField(_("bewaartermijn (jaren)"), default=RETENTION_YEARS)

    class Meta:
        verbose_name = _("GIR-instellingen")
        verbose_name_plural = _("GIR-instellingen")


class OptionKind(models.TextChoices):
    TYPE = "type", _("soort incident")
    LOCATION = "location", _("plaats")
    VICTIM_ROLE = "victim_role", _("functie van de getroffene")
    CHANNEL = "channel", _("kanaal")


class IncidentOption(models.Model):
    """One entry of a municipality's own lists (types, locations, victim roles, channels)."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("lijst"), max_length=20, choices=OptionKind.choices)
    code = models.SlugField(_("code"), max_length=50)
    label = models.CharField(_("omschrijving"), max_length=150)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_online = models.BooleanField(_("online kanaal (vraagt om het platform)"), default=False)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "position", "label"]
        constraints = [models.UniqueConstraint(fields=["municipality", "kind", "code"], name="incident_option_unique")]
        verbose_name = _("keuzelijstwaarde")
        verbose_name_plural = _("keuzelijsten")

    def __str__(self):
        return self.label


class IncidentQuerySet(TenantQuerySet):
    def visibility_filter(self, tenant):
        return incident_visibility(tenant)


class Injury(models.TextChoices):
    NONE = "none", _("Geen letsel")
    MINOR = "minor", _("Licht letsel, geen medische hulp")
    MEDICAL = "medical", _("Letsel met medische hulp")
    HOSPITAL = "hospital", _("Ziekenhuisopname")


class Incident(models.Model):
    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                    verbose_name=_("gemeld door"))  # null only after anonymisation
    victim_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("getroffene (gebruiker)"))
    victim_name = models.CharField(_("naam getroffene"), max_length=150, blank=True)
    occurred_at = models.DateTimeField(_("wanneer"), db_index=True)
    location = models.ForeignKey(IncidentOption, on_delete=models.PROTECT, related_name="+", verbose_name=_("waar"))
    victim_role = models.ForeignKey(IncidentOption, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("functie getroffene"))
    types = models.ManyToManyField(IncidentOption, related_name="+", verbose_name=_("soort"))
    channel = models.ForeignKey(IncidentOption, on_delete=models.PROTECT, related_name="+", verbose_name=_("kanaal"))
    platform = models.CharField(_("platform"), max_length=100, blank=True)
    description = models.TextField(_("wat is er gebeurd"))
    injury = models.CharField(_("letsel"), max_length=10, choices=Injury.choices, default=Injury.NONE)
    absence_days = models.PositiveSmallIntegerField(_("verzuim (dagen)"), null=True, blank=True)
    damage_description = models.TextField(_("schade"), blank=True)
    damage_amount = models.DecimalField(_("geschatte schade (euro)"), max_digits=10, decimal_places=2, null=True,
                                        blank=True)
    witnesses = models.TextField(_("getuigen"), blank=True)
    hide_description_from_manager = models.BooleanField(_("beschrijving niet zichtbaar voor leidinggevende"),
                                                        default=False)
    department = models.CharField(_("afdeling"), max_length=100, blank=True, db_index=True)
    retain_until = models.DateField(_("bewaren tot"))
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True, db_index=True)
    # How far retention generalised the kept columns for k-anonymity (`anonymity`: 0 month … 5 role unknown).
    generalisation_level = models.PositiveSmallIntegerField(_("generalisatieniveau"), default=0)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "occurred_at"], name="incident_mun_when"),
            # covering indexes of the management overview and the national month (ADR 7): no table lookups
            models.Index(fields=["municipality", "occurred_at", "victim_role", "location", "channel", "department"],
                         name="incident_overview"),
            models.Index(fields=["occurred_at", "municipality", "victim_role", "channel"], name="incident_national"),
        ]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")

    def __str__(self):
        return f"Melding {self.reference}"

    @property
    def reference(self) -> str:
        return f"GIR-{self.pk:06d}"

    @property
    def victim_display(self) -> str:
        if self.victim_user_id:
            return self.victim_user.display_name
        return self.victim_name


class OffenderQuerySet(TenantQuerySet):
    def visibility_filter(self, tenant):
        return Q() if tenant.has_scope(Scope.INCIDENTS_OFFENDERS) else Q(pk__in=[])


class Offender(models.Model):
    """Veroorzaker: optional, guarded separately, visible only with the offender scope (the coordinator)."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="offender")
    name = models.CharField(_("naam"), max_length=150, blank=True)
    identifier = models.CharField(_("kenmerk (bijv. klantnummer of kenteken)"), max_length=100, blank=True)
    description = models.TextField(_("signalement of omschrijving"), blank=True)
    name_key = models.CharField(max_length=150, blank=True, db_index=True)
    identifier_key = models.CharField(max_length=100, blank=True, db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = OffenderQuerySet.as_manager()

    class Meta:
        verbose_name = _("veroorzaker")
        verbose_name_plural = _("veroorzakers")


def _attachment_storage():
    return PrivateStorage("gir")



class AttachmentQuerySet(TenantQuerySet):
    def visibility_filter(self, tenant):
        """Who sees the incident, minus the attachments of incidents whose reporter hid the description from the
        manager: hiding covers the files too (same rule as `selectors.description_visible`, in SQL)."""
        visible = incident_visibility(tenant, "incident__")
        if tenant.has_scope(Scope.INCIDENTS_MANAGE):
            return visible
        return visible & (Q(incident__hide_description_from_manager=False) | Q(incident__reported_by_id=tenant.user_id)
                          | Q(incident__victim_user_id=tenant.user_id))


class Attachment(models.Model):
    """A photo, screenshot or document; stored privately, served only through a scoped view."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=_attachment_storage, upload_to=UploadPath("bijlagen"), max_length=200)
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(_("soort bestand"), max_length=50)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")


class CaseQuerySet(TenantQuerySet):
    def visibility_filter(self, tenant):
        return incident_visibility(tenant, "incident__")


class Aftercare(WorkflowCase):
    """Nazorg for the person affected: first contact the same day, follow-up, evaluation."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="aftercare")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("eigenaar"))
    outcome = models.TextField(_("uitkomst"), blank=True)

    WORKFLOW = workflows.AFTERCARE
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("nazorg")
        verbose_name_plural = _("nazorg")


class AftercareChange(StateChange):
    case = models.ForeignKey(Aftercare, on_delete=models.CASCADE, related_name="history")

    class Meta(StateChange.Meta):
        verbose_name = _("nazorgstap")


class Measure(WorkflowCase):
    """A measure towards the offender; each kind follows its own declared workflow."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("maatregel"), max_length=30, choices=workflows.MeasureKind.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("eigenaar"))
    outcome = models.TextField(_("uitkomst"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")

    @property
    def WORKFLOW(self):  # noqa: N802  (the workflow machinery reads `case.WORKFLOW`)
        return workflows.MEASURES[self.kind]


class MeasureChange(StateChange):
    case = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="history")

    class Meta(StateChange.Meta):
        verbose_name = _("maatregelstap")


class IncidentEvent(AppendOnlyModel):
    """The visible history of an incident: appended, never edited or deleted."""

    APPEND_ONLY_MESSAGE = "Historie wordt nooit gewijzigd of verwijderd."

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    text = models.CharField(_("gebeurtenis"), max_length=300)
    reason = models.TextField(_("toelichting"), blank=True)
    coordinator_only = models.BooleanField(default=False)  # e.g. "veroorzaker vastgelegd"

    class Meta:
        ordering = ["occurred_at", "pk"]
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("historie")


# ------------------------------------------------------------------------------------------------ data management

class RetentionRecord(AppendOnlyModel):
    """Deletion record (verwijderverslag) of one retention run in one municipality: what was anonymised, when, under
    which rule and how many. It holds no personal data (no names, no references of single incidents)."""

    APPEND_ONLY_MESSAGE = "Een verwijderverslag wordt nooit gewijzigd of verwijderd."

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    performed_at = models.DateTimeField(_("uitgevoerd op"), auto_now_add=True)
    rule = models.CharField(_("bewaarregel"), max_length=300)
    retention_years = models.PositiveSmallIntegerField(_("bewaartermijn (jaren)"))
    cutoff = models.DateField(_("bewaren-tot vóór"))
    what = models.CharField(_("wat"), max_length=300)
    incidents = models.PositiveIntegerField(_("meldingen geanonimiseerd"))
    attachments = models.PositiveIntegerField(_("bijlagen verwijderd"))
    offenders = models.PositiveIntegerField(_("veroorzakers verwijderd"))
    cases = models.PositiveIntegerField(_("nazorg en maatregelen verwijderd"))
    generalised = models.PositiveIntegerField(_("meldingen verder gegeneraliseerd (k-anonimiteit)"), default=0)
    removed = models.PositiveIntegerField(_("meldingen verwijderd (te weinig vergelijkbare)"), default=0)

    objects = AppendOnlyTenantQuerySet.as_manager()

    class Meta:
        ordering = ["-performed_at", "-pk"]
        verbose_name = _("verwijderverslag")
        verbose_name_plural = _("verwijderverslagen")


class ReminderSent(models.Model):
    """One deadline reminder that was e-mailed: once per case, state and deadline (no addresses stored)."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="+")
    case_kind = models.CharField(max_length=20)  # "aftercare" or "measure"
    case_id = models.PositiveBigIntegerField()
    state = models.CharField(max_length=50)
    deadline_at = models.DateTimeField()
    overdue = models.BooleanField(default=False)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case_kind", "case_id", "state", "deadline_at"],
                                               name="incident_reminder_once")]
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")



class IncidentImport(BackgroundJob):
    """An upload of historical registrations: the file (private, deleted after import), its columns, the mapping the
    user chose and, as a background job, progress and the outcome with the row-level error report.

    DRAFT until the user has mapped the columns; then queued and run by `tasks.run_incident_import` (all rows or
    none, in one transaction). `total` counts the rows checked, `imported_count` those written. A rejected or
    interrupted import keeps its file, so the user can map again and retry; a successful one deletes it.
    """

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.DRAFT,
                              db_index=True)
    file = models.FileField(storage=_attachment_storage, upload_to=UploadPath("imports"), max_length=200, blank=True)
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    file_format = models.CharField(max_length=10)  # csv or xlsx
    encoding = models.CharField(max_length=20, default="utf-8")
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    imported_count = models.PositiveIntegerField(default=0)

    objects = TenantQuerySet.as_manager()

    progress_unit = _("regels gecontroleerd")
    progress_url_name = "incidents:import-progress"
    page_url_name = "incidents:import-detail"
    report_csv_url_name = "incidents:import-errors-csv"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")


class NationalMonth(AppendOnlyModel):
    """A frozen national snapshot of one calendar month of GIR (ADR 7): raw counts per published category.

    Written once by `national.freeze_months` after the month has settled and never updated, so figures cannot be
    differenced over time. Never served directly: `national` applies the suppression when it reads them.
    """

    APPEND_ONLY_MESSAGE = "Een landelijke maandstand wordt nooit gewijzigd of verwijderd."

    month = models.DateField(_("maand"), unique=True)  # the first day of the month
    total = models.PositiveIntegerField(_("meldingen"))
    counts = models.JSONField(_("aantallen per categorie"))  # {"victim_role": {code: n}, ..., "municipality": {GM…: n}}
    # The published release as frozen (suppressed tables, group membership and populations): see `national`.
    release = models.JSONField(_("gepubliceerde stand"), default=dict)
    built_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["month"]
        verbose_name = _("landelijke maandstand GIR")
        verbose_name_plural = _("landelijke maandstanden GIR")
