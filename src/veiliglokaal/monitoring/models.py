"""Monitoring of public online sources (ADR 12): protocol first, pseudonymised posts, matches, surge alerts.

Lawful frame (Gemeentewet art. 172, Handreiking online monitoring openbare orde 2023): undirected monitoring of
phenomena in public sources, never following persons. Hence:
- a `Monitor` only runs under an active `MonitoringProtocol` within its duration;
- a `Post` stores the author only as a keyed hash (`author_pseudonym`), which no page, form, filter or API shows;
- raw posts are deleted after the protocol's retention (`PurgeRecord` keeps the counts only).

Tenancy: every model carries the municipality (directly or, for rows that only live under a parent, through it) and
is read through `for_tenant`. Alerts are visible only to the roles the protocol lists as recipients of results.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veiliglokaal.core.append_only import AppendOnlyModel, AppendOnlyTenantQuerySet
from veiliglokaal.core.jobs import BackgroundJob
from veiliglokaal.core.storage import UploadPath
from veiliglokaal.core.tenancy import TenantQuerySet

DEFAULT_RETENTION_DAYS = 30
MAX_RETENTION_DAYS = 90


def roles_text(roles) -> str:
    """Result roles are stored as ',analyst,official,' so one SQL `LIKE` per role decides visibility."""
    return "," + ",".join(sorted(set(roles))) + "," if roles else ""


def result_roles_filter(tenant, prefix: str = "") -> Q:
    visible = Q(pk__in=[])
    for role in sorted(tenant.roles):
        visible |= Q(**{f"{prefix}result_roles__contains": f",{role},"})
    return visible


class ProtocolStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    ACTIVE = "active", _("Actief")
    ENDED = "ended", _("Beëindigd")


class ProtocolQuerySet(TenantQuerySet):
    def running(self, on=None):
        on = on or timezone.localdate()
        return self.filter(status=ProtocolStatus.ACTIVE, starts_on__lte=on, ends_on__gte=on)


class MonitoringProtocol(models.Model):
    """What a monitor may do, recorded before it runs: question, legal basis, duration, sources, terms, retention and
    who may see the results."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("titel"), max_length=150)
    question = models.TextField(_("vraagstelling"), help_text=_(
        "Welk verschijnsel wilt u in beeld krijgen? Bijvoorbeeld: worden er online rellen rond de jaarwisseling "
        "aangejaagd? Nooit: wat doet een bepaalde persoon?"))
    legal_basis = models.TextField(_("grondslag"), default=(
        "Gemeentewet art. 172 (handhaving openbare orde): ongericht monitoren van openbare bronnen om een algemeen "
        "beeld van verschijnselen te vormen; geen stelselmatig volgen van personen. AVG art. 6 lid 1 sub e."))
    starts_on = models.DateField(_("begindatum"))
    ends_on = models.DateField(_("einddatum"))
    sources = models.TextField(_("bronnen"), help_text=_("Welke openbare bronnen, en waarom deze."))
    search_terms = models.TextField(_("zoektermen"), help_text=_(
        "Welke plaatsnamen en onderwerpen; standaard de plaatsnamenlijst van de gemeente en de mobilisatielijst."))
    retention_days = models.PositiveSmallIntegerField(
        _("bewaartermijn berichten (dagen)"), default=DEFAULT_RETENTION_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_DAYS)])
    result_roles = models.CharField(_("wie mag de resultaten zien"), max_length=200)
    # Who sees the link to a post at its source (instance + status id, never the author): a narrower rule than
    # `result_roles`; every link shown is in the processing log (ADR 17). Stored like `result_roles`.
    source_link_roles = models.CharField(_("wie mag de link naar de bron zien"), max_length=200, default=",analyst,")
    status = models.CharField(_("status"), max_length=10, choices=ProtocolStatus.choices, default=ProtocolStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    activated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                     blank=True)
    activated_at = models.DateTimeField(_("geactiveerd op"), null=True, blank=True)
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)

    objects = ProtocolQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="monitoring_protocol_dates")]
        verbose_name = _("monitoringprotocol")
        verbose_name_plural = _("monitoringprotocollen")

    def __str__(self):
        return self.title

    @property
    def result_role_list(self) -> list[str]:
        return [r for r in self.result_roles.split(",") if r]

    def is_running(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.status == ProtocolStatus.ACTIVE and self.starts_on <= on <= self.ends_on


class Monitor(models.Model):
    """A standing question applied to sources under one protocol, with its own (tuned) alert thresholds."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    protocol = models.ForeignKey(MonitoringProtocol, on_delete=models.PROTECT, related_name="monitors")
    name = models.CharField(_("naam"), max_length=150)
    min_count = models.PositiveSmallIntegerField(_("minimum aantal berichten per uur voor een alert"), default=5)
    p_threshold = models.FloatField(_("kansdrempel (p-waarde)"), default=1e-3)
    baseline_hours = models.PositiveSmallIntegerField(_("basislijn (uren)"), default=168)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("monitor")
        verbose_name_plural = _("monitors")

    def __str__(self):
        return self.name


class ConnectorType(models.TextChoices):
    RSS = "rss", _("RSS/Atom-feed")
    MASTODON = "mastodon", _("Mastodon (openbare tijdlijn of hashtag)")
    TELEGRAM = "telegram", _("Telegram-export van een openbaar kanaal (JSON)")
    UPLOAD = "upload", _("Upload (CSV of JSONL)")


class MonitorSource(models.Model):
    """A live source polled by `run_monitors` (RSS/Atom, Mastodon)."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    monitor = models.ForeignKey(Monitor, on_delete=models.CASCADE, related_name="sources")
    connector = models.CharField(_("soort bron"), max_length=20, choices=ConnectorType.choices)
    name = models.CharField(_("naam"), max_length=150)
    config = models.JSONField(_("instellingen"), default=dict)
    last_fetched_at = models.DateTimeField(_("laatst opgehaald"), null=True, blank=True)
    last_error = models.CharField(_("laatste fout"), max_length=300, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("bron")
        verbose_name_plural = _("bronnen")

    def __str__(self):
        return self.name


class Post(models.Model):
    """One normalised public post. The author is only a keyed hash; the handle is never stored: the text has its
    mentions and author names replaced and `url` is the link without the author (`privacy.py`, ADR 17).
    `dedupe_key` is a keyed hash of the post's global identity (Mastodon status URI, feed guid), so the same status
    seen through a tag timeline and the public timeline is stored once per monitor."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    monitor = models.ForeignKey(Monitor, on_delete=models.CASCADE, related_name="posts")
    connector = models.CharField(_("soort bron"), max_length=20, choices=ConnectorType.choices)
    source_name = models.CharField(_("bron"), max_length=150)
    external_id = models.CharField(_("id bij de bron"), max_length=200)
    published_at = models.DateTimeField(_("tijdstip"), db_index=True)
    text = models.TextField(_("tekst"))
    url = models.URLField(_("adres"), max_length=500, blank=True)
    language = models.CharField(_("taal"), max_length=10, blank=True)
    author_pseudonym = models.CharField(max_length=64, blank=True, editable=False)
    dedupe_key = models.CharField(max_length=64, blank=True, editable=False)
    ingested_at = models.DateTimeField(auto_now_add=True)
    # The upload that brought the post in (empty for scheduled collection): lets an interrupted upload be undone.
    upload = models.ForeignKey("MonitorUpload", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               editable=False)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["published_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["monitor", "connector", "source_name", "external_id"],
                                               name="monitoring_post_unique"),
                       models.UniqueConstraint(fields=["monitor", "dedupe_key"], condition=~Q(dedupe_key=""),
                                               name="monitoring_post_unique_uri")]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")


class TermKind(models.TextChoices):
    PLACE = "place", _("plaats")
    TOPIC = "topic", _("onderwerp")


class Match(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="matches")
    kind = models.CharField(_("soort"), max_length=10, choices=TermKind.choices)
    term = models.CharField(_("term"), max_length=150)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "kind", "term"], name="monitoring_match_unique")]
        verbose_name = _("treffer")
        verbose_name_plural = _("treffers")


class PlaceKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("gemeente")
    DISTRICT = "district", _("wijk")
    NEIGHBOURHOOD = "neighbourhood", _("buurt of kern")
    STREET = "street", _("straat (BAG)")
    LANDMARK = "landmark", _("herkenningspunt")


class GazetteerEntry(models.Model):
    """A place name of the municipality with a point for the map. Seeded from CBS buurten and BAG streets;
    landmarks (town hall, asylum centre, station) are added per municipality."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("soort"), max_length=15, choices=PlaceKind.choices)
    name = models.CharField(_("naam"), max_length=150)
    latitude = models.FloatField(_("breedtegraad"), null=True, blank=True)
    longitude = models.FloatField(_("lengtegraad"), null=True, blank=True)
    neighbourhood_code = models.CharField(_("buurtcode"), max_length=10, blank=True)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "kind", "name"], name="monitoring_place_unique")]
        verbose_name = _("plaatsnaam")
        verbose_name_plural = _("plaatsnamenlijst")

    def __str__(self):
        return self.name


class TopicTerm(models.Model):
    """A term of the mobilisation lexicon of one municipality (seeded from `lexicon.DEFAULT_LEXICON`)."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(_("onderwerp"), max_length=50)
    term = models.CharField(_("term"), max_length=100)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["topic", "term"]
        constraints = [models.UniqueConstraint(fields=["municipality", "term"], name="monitoring_topic_term_unique")]
        verbose_name = _("term van de mobilisatielijst")
        verbose_name_plural = _("mobilisatielijst")

    def __str__(self):
        return self.term


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Nog niet beoordeeld")
    RELEVANT = "relevant", _("Relevant")
    NOT_RELEVANT = "not_relevant", _("Niet relevant")


class AlertQuerySet(TenantQuerySet):
    def visibility_filter(self, tenant):
        return result_roles_filter(tenant, "monitor__protocol__")


class Alert(models.Model):
    """A surge of calls about one place in one hour against that place's own baseline (ADR 12, ADR 19): one alert
    per place and hour, with the topics of its posts (`topic` is the most frequent one, kept for the API)."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    monitor = models.ForeignKey(Monitor, on_delete=models.CASCADE, related_name="alerts")
    place = models.CharField(_("plaats"), max_length=150)
    topic = models.CharField(_("onderwerp"), max_length=50)
    topics = models.JSONField(_("onderwerpen"), default=list, blank=True)
    lexicon_version = models.CharField(_("versie van de mobilisatielijst"), max_length=20, blank=True)
    window_start = models.DateTimeField(_("uur"), db_index=True)
    observed = models.PositiveIntegerField(_("waargenomen"))
    expected = models.FloatField(_("verwacht"))
    p_value = models.FloatField(_("kans bij de basislijn"))
    distinct_authors = models.PositiveIntegerField(_("verschillende afzenders"), default=0)
    evidence = models.ManyToManyField(Post, related_name="alerts", blank=True)
    status = models.CharField(_("beoordeling"), max_length=15, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                  blank=True)
    marked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    detected_after_seconds = models.FloatField(_("tijd van binnenkomst tot alert (s)"), null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-window_start", "-pk"]
        constraints = [models.UniqueConstraint(fields=["monitor", "place", "window_start"],
                                               name="monitoring_alert_place_hour_unique")]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self):
        return f"{self.place} / {self.topics_display}"

    @property
    def topics_display(self) -> str:
        return ", ".join(self.topics or ([self.topic] if self.topic else []))


class ThresholdChange(models.Model):
    """History of a monitor's thresholds: the marks of analysts tune them (documented rule in `tuning.py`)."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    monitor = models.ForeignKey(Monitor, on_delete=models.CASCADE, related_name="threshold_changes")
    min_count = models.PositiveSmallIntegerField()
    p_threshold = models.FloatField()
    reason = models.CharField(max_length=300)
    changed_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]


class PurgeRecord(AppendOnlyModel):
    """Deletion record of the retention job: what, when, under which rule, how many. No content."""

    APPEND_ONLY_MESSAGE = "Een verwijderverslag wordt nooit gewijzigd of verwijderd."

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    protocol = models.ForeignKey(MonitoringProtocol, on_delete=models.SET_NULL, null=True, related_name="+")
    rule = models.CharField(max_length=300)
    cutoff = models.DateTimeField()
    posts = models.PositiveIntegerField()
    matches = models.PositiveIntegerField()
    ran_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyTenantQuerySet.as_manager()

    class Meta:
        ordering = ["-ran_at", "-pk"]


def _upload_storage():
    from veiliglokaal.core.storage import PrivateStorage

    return PrivateStorage("monitoring")



class MonitorUpload(BackgroundJob):
    """A file uploaded into a monitor, ingested by a background job (ADR 0008) with progress and outcome.

    The file itself holds raw posts with author handles (personal data): it is kept privately only until the job
    has run and then deleted; the upload keeps its name, size and SHA-256. Any error in the file means nothing of
    it was stored. Posts are ingested in chunks (one transaction each) and point back at their upload, so an
    interrupted upload's posts are removed again (`cleanup_interrupted`).
    """

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    monitor = models.ForeignKey(Monitor, on_delete=models.CASCADE, related_name="uploads")
    connector = models.CharField(_("soort bestand"), max_length=20, choices=ConnectorType.choices)
    source_name = models.CharField(_("naam van de bron"), max_length=150)
    file_name = models.CharField(_("bestandsnaam"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("grootte (bytes)"), default=0)
    checksum = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(_("bestand"), storage=_upload_storage, upload_to=UploadPath("uploads"), blank=True)
    posts_stored = models.PositiveIntegerField(_("berichten opgeslagen"), default=0)
    posts_matched = models.PositiveIntegerField(_("berichten met een treffer"), default=0)
    duplicates = models.PositiveIntegerField(_("al aanwezig"), default=0)
    outside_protocol = models.PositiveIntegerField(_("buiten de looptijd"), default=0)
    expired = models.PositiveIntegerField(_("ouder dan de bewaartermijn"), default=0)
    alerts = models.ManyToManyField(Alert, blank=True, related_name="+")

    objects = TenantQuerySet.as_manager()

    progress_unit = _("berichten verwerkt")
    progress_url_name = "monitoring:upload-progress"
    page_url_name = "monitoring:upload"
    report_csv_url_name = "monitoring:upload-errors-csv"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")

    def __str__(self):
        return f"{self.source_name}: {self.file_name}"

    def cleanup_interrupted(self) -> None:
        """Posts of a half-done upload go again (their matches cascade), with the deletion logged."""
        from veiliglokaal.audit.services import processing

        posts = Post.objects.filter(upload=self)
        if not posts.exists():
            return
        with processing(activity="monitoring.verzamelen", name="berichten van een onderbroken upload verwijderd",
                        subject_type="upload", subject_id=self.pk, municipality_id=self.municipality_id):
            posts.delete()
        type(self).objects.filter(pk=self.pk).update(posts_stored=0, posts_matched=0)

    def raw_file_fields(self) -> list:
        return [self.file]
