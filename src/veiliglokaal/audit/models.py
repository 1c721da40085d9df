"""Append-only, hash-chained logs and the register of processing activities.

Two chains, kept apart as BIO and the Logius standard ask: the processing log (Logboek
Dataverwerkingen: who processed whose personal data, for which registered activity) and the security
log (log-ins, permission changes, exports). Each record stores the HMAC of its predecessor's hash and
its own content, so `manage.py verify_audit` can name any record that was changed, deleted or inserted.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from veiliglokaal.core.append_only import (  # noqa: F401  AppendOnlyError is re-exported for older imports
    AppendOnlyError, AppendOnlyModel, AppendOnlyTenantQuerySet,
)


class ProcessingActivity(models.Model):
    """An entry of the register of processing activities (verwerkingsregister, AVG art. 30)."""

    key = models.CharField(_("kenmerk"), max_length=100, unique=True)
    module = models.CharField(_("module"), max_length=50)
    name = models.CharField(_("naam"), max_length=200)
    purpose = models.TextField(_("doel"))
    legal_basis = models.TextField(_("grondslag"))
    data_subjects = models.TextField(_("betrokkenen"))
    data_categories = models.TextField(_("categorieën persoonsgegevens"))
    recipients = models.TextField(_("ontvangers"), blank=True)
    retention = models.TextField(_("bewaartermijn"))
    security_measures = models.TextField(_("beveiligingsmaatregelen"), blank=True)

    class Meta:
        ordering = ["module", "key"]
        verbose_name = _("verwerkingsactiviteit")
        verbose_name_plural = _("verwerkingsactiviteiten")

    def __str__(self):
        return self.name


class ChainHead(models.Model):
    """The last sequence number and hash of one chain; locked while appending.

    `head_mac` is an HMAC (audit key) over chain, sequence, hash and the number of the newest checkpoint written
    for the chain: someone with database access but without the key cannot rewind or forge the head, and cannot
    hide a truncated checkpoint file (ADR 15)."""

    chain = models.CharField(max_length=30, unique=True)
    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    checkpoint_number = models.BigIntegerField(default=0)
    head_mac = models.CharField(max_length=64, blank=True)


class ChainedRecord(AppendOnlyModel):
    APPEND_ONLY_MESSAGE = "Logregels worden nooit gewijzigd of verwijderd."

    sequence = models.BigIntegerField(_("volgnummer"), unique=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    objects = AppendOnlyTenantQuerySet.as_manager()

    CHAIN: str = ""
    HASHED_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True
        ordering = ["-sequence"]


class ProcessingStatus(models.TextChoices):
    OK = "ok", _("geslaagd")
    ERROR = "error", _("mislukt")


class ProcessingLogEntry(ChainedRecord):
    """One processing of personal data (Logius Logboek Dataverwerkingen)."""

    CHAIN = "processing"
    HASHED_FIELDS = (
        "sequence", "trace_id", "span_id", "parent_span_id", "name", "started_at", "ended_at", "status",
        "activity_key", "data_subject_id", "data_subject_type", "municipality_id", "actor_id",
    )

    trace_id = models.CharField(_("trace-id"), max_length=32, db_index=True)
    span_id = models.CharField(_("span-id"), max_length=16)
    parent_span_id = models.CharField(_("bovenliggende span-id"), max_length=16, blank=True)
    name = models.CharField(_("handeling"), max_length=200)
    started_at = models.DateTimeField(_("begin"))
    ended_at = models.DateTimeField(_("einde"))
    status = models.CharField(_("status"), max_length=10, choices=ProcessingStatus.choices)
    activity_key = models.CharField(_("verwerkingsactiviteit"), max_length=100, db_index=True)
    data_subject_id = models.CharField(_("betrokkene (gepseudonimiseerd)"), max_length=64, db_index=True)
    data_subject_type = models.CharField(_("soort betrokkene"), max_length=50)
    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=True
    )
    actor_id = models.BigIntegerField(_("uitgevoerd door (gebruiker-id)"), null=True, blank=True)

    class Meta(ChainedRecord.Meta):
        verbose_name = _("regel verwerkingslog")
        verbose_name_plural = _("verwerkingslog")


class SubjectKey(models.Model):
    """The random pseudonym of one data subject in one context (e.g. one incident), found only through keyed indexes.

    The processing log stores `pseudonym`, a random token: it cannot be recomputed from an id, so enumerating ids
    finds nothing, also not with the database in hand. `subject_index` and `context_index` are keyed hashes
    (PSEUDONYMISATION_KEY) of "type:id" and of the context, so the privacy officer can find a person's records.
    Deleting the row (crypto-shredding) when the context's data is destroyed, or when the link has expired, leaves the
    records and their chain intact and pointing at nobody.
    """

    subject_index = models.CharField(max_length=64, db_index=True)
    context_index = models.CharField(max_length=64, blank=True, db_index=True)
    pseudonym = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_on = models.DateField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subject_index", "context_index"], name="subject_key_unique")]
        verbose_name = _("pseudoniemsleutel")
        verbose_name_plural = _("pseudoniemsleutels")


class SecurityAction(models.TextChoices):
    LOGIN = "login", _("inloggen")
    LOGIN_FAILED = "login_failed", _("mislukte inlogpoging")
    LOCKED_OUT = "locked_out", _("account tijdelijk geblokkeerd")
    LOGOUT = "logout", _("uitloggen")
    MFA_VERIFIED = "mfa_verified", _("tweede factor gecontroleerd")
    MFA_FAILED = "mfa_failed", _("tweede factor onjuist")
    MFA_ENROLLED = "mfa_enrolled", _("tweede factor ingesteld")
    MUNICIPALITY_SWITCHED = "municipality_switched", _("andere gemeente gekozen")
    PERMISSION_CHANGED = "permission_changed", _("rechten gewijzigd")
    USER_CREATED = "user_created", _("gebruiker aangemaakt")
    ACCESS_DENIED = "access_denied", _("toegang geweigerd")
    EXPORT = "export", _("export")
    TOKEN_CREATED = "token_created", _("API-sleutel aangemaakt")
    TOKEN_REVOKED = "token_revoked", _("API-sleutel ingetrokken")
    NOTICE_SENT = "notice_sent", _("DSA-notice verstuurd (hash vastgelegd)")


class SecurityResult(models.TextChoices):
    SUCCESS = "success", _("geslaagd")
    FAILURE = "failure", _("mislukt")
    DENIED = "denied", _("geweigerd")


class SecurityEventQuerySet(AppendOnlyTenantQuerySet):
    def for_tenant(self, tenant):
        """Events of this municipality, plus log-in events (which precede choosing one) of its own users."""
        if tenant is None or tenant.municipality_id is None:
            return self.none()
        from veiliglokaal.accounts.models import Membership

        own_users = Membership.objects.filter(municipality_id=tenant.municipality_id).values("user_id")
        return self.filter(
            models.Q(municipality_id=tenant.municipality_id)
            | models.Q(municipality__isnull=True, actor_id__in=own_users)
        )


class SecurityEvent(ChainedRecord):
    """A security-relevant event (BIO: action, object, result, origin, actor, timestamp)."""

    CHAIN = "security"
    HASHED_FIELDS = (
        "sequence", "occurred_at", "action", "object_type", "object_id", "result", "origin", "actor_id",
        "actor_name", "municipality_id", "trace_id", "detail",
    )

    occurred_at = models.DateTimeField(_("tijdstip"), db_index=True)
    action = models.CharField(_("actie"), max_length=30, choices=SecurityAction.choices, db_index=True)
    object_type = models.CharField(_("soort object"), max_length=50, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    result = models.CharField(_("resultaat"), max_length=10, choices=SecurityResult.choices)
    origin = models.CharField(_("herkomst (IP-adres)"), max_length=45, blank=True)
    actor_id = models.BigIntegerField(_("gebruiker-id"), null=True, blank=True)
    actor_name = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=True
    )
    trace_id = models.CharField(_("trace-id"), max_length=32, blank=True)
    detail = models.JSONField(_("toelichting"), default=dict, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta(ChainedRecord.Meta):
        verbose_name = _("regel beveiligingslog")
        verbose_name_plural = _("beveiligingslog")
