"""Meldpunt online inhoud: content reports by (or for) office holders, their evidence and the DSA notices sent.

Tenancy: every model carries the municipality and uses a `TenantQuerySet`. Visibility (`report_visibility`, one `Q`):
a handler (`online.handle`) sees every report of the municipality; anyone else the reports they made or that target
them. Evidence and its chain of custody, and the notices sent, are append-only: never changed, never replaced.
"""


from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.core.append_only import AppendOnlyModel, AppendOnlyQuerySetMixin, AppendOnlyTenantQuerySet
from veiliglokaal.core.storage import PrivateStorage, UploadPath
from veiliglokaal.core.tenancy import TenantQuerySet
from veiliglokaal.workflow.models import StateChange, WorkflowCase

from . import workflows
from .defaults import ContentKind


def report_visibility(tenant, prefix: str = "") -> Q:
    """Which content reports this tenant may see, as one `Q` (prefix: the path to the report from another model)."""
    if tenant.has_scope(Scope.ONLINE_HANDLE):
        return Q()
    if tenant.has_scope(Scope.ONLINE_REPORT):
        return Q(**{f"{prefix}reported_by_id": tenant.user_id}) | Q(**{f"{prefix}target_user_id": tenant.user_id})
    return Q(pk__in=[])


class _AppendOnly(AppendOnlyModel):
    """Rows that are written once: no update, no delete (retention deletes whole reports, cascading to these)."""

    APPEND_ONLY_MESSAGE = "Dit gegeven wordt nooit gewijzigd of los verwijderd (bewijsketen)."

    class Meta:
        abstract = True


class Platform(models.Model):
    """One entry of a municipality's own list of platforms (seeded from `defaults.PLATFORMS`)."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(_("code"), max_length=50)
    label = models.CharField(_("naam"), max_length=100)
    notice_url = models.URLField(_("adres van het meldformulier (DSA) van het platform"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["position", "label"]
        constraints = [models.UniqueConstraint(fields=["municipality", "code"], name="online_platform_unique")]
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")

    def __str__(self):
        return self.label


class ReportQuerySet(TenantQuerySet):
    def visibility_filter(self, tenant):
        return report_visibility(tenant)


class ContentReport(WorkflowCase):
    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("gemeld door"))
    target_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("betrokkene (gebruiker)"))
    target_name = models.CharField(_("naam betrokkene"), max_length=150, blank=True)
    target_function = models.CharField(_("functie betrokkene"), max_length=100)
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="+", verbose_name=_("platform"))
    kind = models.CharField(_("soort inhoud"), max_length=30, choices=ContentKind.choices)
    description = models.TextField(_("toelichting van de melder"))
    assessment = models.TextField(_("onderbouwing (waarom onrechtmatig)"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    gir_incident = models.OneToOneField("incidents.Incident", on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="content_report", verbose_name=_("GIR-melding"))
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True, db_index=True)

    WORKFLOW = workflows.CONTENT_REPORT
    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "state", "deadline_at"], name="online_report_worklist")]
        verbose_name = _("melding online inhoud")
        verbose_name_plural = _("meldingen online inhoud")

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        return f"OM-{self.pk:06d}"

    @property
    def target_display(self) -> str:
        name = self.target_user.display_name if self.target_user_id else self.target_name
        return f"{name} ({self.target_function})" if name else self.target_function

    @property
    def on_behalf(self) -> bool:
        return self.target_user_id != self.reported_by_id


class ReportChange(StateChange):
    case = models.ForeignKey(ContentReport, on_delete=models.CASCADE, related_name="history")

    class Meta(StateChange.Meta):
        verbose_name = _("statuswijziging")


class ChildQuerySet(TenantQuerySet):
    def visibility_filter(self, tenant):
        return report_visibility(tenant, "report__")


class AppendOnlyChildQuerySet(AppendOnlyQuerySetMixin, ChildQuerySet):
    pass


class ReportedUrl(models.Model):
    """One exact location of the content (DSA art. 16(2)(b)); a report has one or more."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey(ContentReport, on_delete=models.CASCADE, related_name="urls")
    url = models.URLField(_("URL"), max_length=2000)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("URL")
        verbose_name_plural = _("URL's")


def _evidence_storage():
    return PrivateStorage("online")



class Evidence(_AppendOnly):
    """A screenshot, PDF or saved page. Checked by content, stored privately, hashed; never replaced."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey(ContentReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(storage=_evidence_storage, upload_to=UploadPath("bewijs"), max_length=200)
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(_("soort bestand"), max_length=50)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    captured_at = models.DateTimeField(_("vastgelegd op (volgens de melder)"))
    uploaded_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AppendOnlyChildQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("bewijsstuk")
        verbose_name_plural = _("bewijsstukken")


class CustodyAction(models.TextChoices):
    UPLOADED = "uploaded", _("ontvangen en vastgelegd")
    DOWNLOADED = "downloaded", _("gedownload")
    COPIED_TO_GIR = "copied_to_gir", _("gekopieerd naar GIR")
    INCLUDED_IN_NOTICE = "in_notice", _("genoemd in notice aan het platform")


class CustodyEvent(_AppendOnly):
    """The chain of custody of one piece of evidence: who did what with it, when (also in the processing log)."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="custody")
    action = models.CharField(_("handeling"), max_length=20, choices=CustodyAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(_("tijdstip"), auto_now_add=True)
    sha256 = models.CharField(_("SHA-256 op dat moment"), max_length=64)
    detail = models.CharField(_("toelichting"), max_length=200, blank=True)

    class Meta:
        ordering = ["occurred_at", "pk"]
        verbose_name = _("bewijsketenregel")
        verbose_name_plural = _("bewijsketen")


class ReportEvent(_AppendOnly):
    """The visible history of a report beyond the workflow: reported, evidence added, notice, GIR registration."""

    report = models.ForeignKey(ContentReport, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    text = models.CharField(_("gebeurtenis"), max_length=300)
    reason = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["occurred_at", "pk"]
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("historie")


class NoticeQuerySet(AppendOnlyQuerySetMixin, TenantQuerySet):
    def visibility_filter(self, tenant):
        return report_visibility(tenant, "report__")


class Notice(_AppendOnly):
    """The exact DSA art. 16 notice that was sent to the platform: text and JSON, hashed, never changed."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey(ContentReport, on_delete=models.CASCADE, related_name="notices")
    sent_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("verstuurd via"), max_length=200)
    text = models.TextField(_("tekst"))
    payload = models.JSONField(_("JSON"))
    sha256 = models.CharField(_("SHA-256 van de JSON"), max_length=64)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")


class ReminderSent(models.Model):
    """One deadline reminder e-mailed for a report: once per report, state and deadline (no addresses stored)."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(ContentReport, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=50)
    deadline_at = models.DateTimeField()
    overdue = models.BooleanField(default=False)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "state", "deadline_at"], name="online_reminder_once")]
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")


class RetentionRecord(_AppendOnly):
    """Deletion record of one retention run in one municipality: how many closed reports went, under which rule.
    No personal data and no references of single reports."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    performed_at = models.DateTimeField(_("uitgevoerd op"), auto_now_add=True)
    rule = models.CharField(_("bewaarregel"), max_length=300)
    cutoff = models.DateTimeField(_("afgesloten vóór"))
    reports = models.PositiveIntegerField(_("meldingen verwijderd"))
    evidence = models.PositiveIntegerField(_("bewijsstukken verwijderd"))
    notices = models.PositiveIntegerField(_("notices verwijderd"))

    objects = AppendOnlyTenantQuerySet.as_manager()

    class Meta:
        ordering = ["-performed_at", "-pk"]
        verbose_name = _("verwijderverslag meldpunt")
        verbose_name_plural = _("verwijderverslagen meldpunt")
