"""The municipality registry (provinces, safety regions, municipalities, neighbourhoods, data sources) and the
collaboration model: partner organisations, collaborations, shares and per-object roles (ADR 13)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SizeClass(models.TextChoices):
    """CBS gemeentegrootteklassen by number of inhabitants."""

    UNDER_10K = "lt10k", _("minder dan 10.000 inwoners")
    FROM_10K = "10k-20k", _("10.000 tot 20.000 inwoners")
    FROM_20K = "20k-50k", _("20.000 tot 50.000 inwoners")
    FROM_50K = "50k-100k", _("50.000 tot 100.000 inwoners")
    FROM_100K = "100k-150k", _("100.000 tot 150.000 inwoners")
    FROM_150K = "150k-250k", _("150.000 tot 250.000 inwoners")
    FROM_250K = "ge250k", _("250.000 inwoners of meer")

    @classmethod
    def for_population(cls, population: int) -> "SizeClass":
        bounds = [
            (10_000, cls.UNDER_10K), (20_000, cls.FROM_10K), (50_000, cls.FROM_20K),
            (100_000, cls.FROM_50K), (150_000, cls.FROM_100K), (250_000, cls.FROM_150K),
        ]
        for upper, size_class in bounds:
            if population < upper:
                return size_class
        return cls.FROM_250K


class Province(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    boundary = models.JSONField(_("grens (GeoJSON, WGS84)"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")

    def __str__(self):
        return self.name


class SafetyRegion(models.Model):
    code = models.CharField(_("code"), max_length=4, unique=True)  # VR01..VR25
    name = models.CharField(_("naam"), max_length=100)
    boundary = models.JSONField(_("grens (GeoJSON, WGS84)"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("veiligheidsregio")
        verbose_name_plural = _("veiligheidsregio's")

    def __str__(self):
        return f"{self.name} ({self.code})"


class MunicipalityQuerySet(models.QuerySet):
    def without_boundaries(self):
        return self.defer("boundary")


class Municipality(models.Model):
    code = models.CharField(_("CBS-code"), max_length=6, unique=True)  # GM0363
    name = models.CharField(_("naam"), max_length=100)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="municipalities")
    safety_region = models.ForeignKey(SafetyRegion, on_delete=models.PROTECT, related_name="municipalities")
    population = models.PositiveIntegerField(_("inwoners"))
    population_reference_date = models.DateField(_("peildatum inwoners"))
    land_area_km2 = models.DecimalField(_("landoppervlakte (km²)"), max_digits=8, decimal_places=2)
    total_area_km2 = models.DecimalField(_("totale oppervlakte (km²)"), max_digits=8, decimal_places=2)
    density_per_km2 = models.DecimalField(_("inwoners per km² land"), max_digits=8, decimal_places=1)
    size_class = models.CharField(_("grootteklasse"), max_length=10, choices=SizeClass.choices, db_index=True)
    boundary = models.JSONField(_("grens (GeoJSON, WGS84)"), null=True, blank=True)
    indeling_year = models.PositiveSmallIntegerField(_("gemeentelijke indeling"), default=2025)
    # Postal address used instead of a person's home address (e.g. on police reports: "domicilie").
    postal_address = models.TextField(_("adres gemeentehuis"), blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self):
        return self.name


class Neighbourhood(models.Model):
    """CBS buurt, with its wijk. Loaded where the data is available (the demo municipality)."""

    code = models.CharField(_("buurtcode"), max_length=10, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    district_code = models.CharField(_("wijkcode"), max_length=8)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="neighbourhoods")
    boundary = models.JSONField(_("grens (GeoJSON, WGS84)"))
    reference_year = models.PositiveSmallIntegerField(_("jaar wijk- en buurtkaart"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("buurt")
        verbose_name_plural = _("buurten")

    def __str__(self):
        return f"{self.name} ({self.code})"


class DataSource(models.Model):
    """Provenance of every loaded open-data file: what, from whom, under which licence, which checksum."""

    key = models.CharField(_("sleutel"), max_length=100, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    publisher = models.CharField(_("uitgever"), max_length=200)
    licence = models.CharField(_("licentie"), max_length=100)
    file_name = models.CharField(_("bestand"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("rijen"))
    loaded_at = models.DateTimeField(_("geladen op"), auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("gegevensbron")
        verbose_name_plural = _("gegevensbronnen")

    def __str__(self):
        return self.title


# --------------------------------------------------------------------------------------------------
# Collaboration beyond one municipality (ADR 13): partner organisations, collaborations and their members,
# explicit shares and per-object roles. Owned objects of modules use `core.ownership.Owned`.
# --------------------------------------------------------------------------------------------------

def _exactly_one(*fields: str) -> Q:
    """A CheckConstraint condition: exactly one of `fields` is set."""
    condition = Q()
    for chosen in fields:
        term = Q(**{f"{chosen}__isnull": False})
        for other in fields:
            if other != chosen:
                term &= Q(**{f"{other}__isnull": True})
        condition |= term
    return condition


class OrganisationKind(models.TextChoices):
    POLICE = "politie", _("Politie")
    PROSECUTION = "om", _("Openbaar Ministerie")
    MENTAL_HEALTH = "ggz", _("GGZ-instelling")
    PROBATION = "reclassering", _("Reclassering")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    HOUSING = "woningcorporatie", _("Woningcorporatie")
    SAFETY_REGION = "veiligheidsregio", _("Veiligheidsregio")
    VNG = "vng", _("VNG")
    RIEC = "riec", _("RIEC")
    OTHER = "overig", _("Andere organisatie")


class Organisation(models.Model):
    """A partner organisation beside the municipalities (police, OM, GGZ, a veiligheidsregio, ...)."""

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, blank=True,
                                  validators=[RegexValidator(r"^\d{8}$", _("Een KvK-nummer heeft 8 cijfers."))])
    oin = models.CharField(_("OIN"), max_length=20, blank=True,
                           validators=[RegexValidator(r"^\d{20}$", _("Een OIN heeft 20 cijfers."))])
    safety_region = models.ForeignKey(SafetyRegion, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="organisations", verbose_name=_("veiligheidsregio"))
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["safety_region"], condition=Q(kind="veiligheidsregio"),
                                    name="organisation_one_per_safety_region"),
            models.CheckConstraint(condition=Q(safety_region__isnull=True) | Q(kind="veiligheidsregio"),
                                   name="organisation_region_only_for_veiligheidsregio"),
        ]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self):
        return self.name


class CollaborationKind(models.TextChoices):
    REGION = "region", _("Veiligheidsregio")
    PARTNERSHIP = "partnership", _("Samenwerkingsverband (ZVH, RIEC)")
    NETWORK = "network", _("Kennisnetwerk")
    OTHER = "other", _("Andere samenwerking")


class Collaboration(models.Model):
    """A group of municipalities and organisations that can own objects together (region, ZVH/RIEC, network)."""

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=CollaborationKind.choices)
    safety_region = models.ForeignKey(SafetyRegion, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="collaborations", verbose_name=_("veiligheidsregio"))
    description = models.TextField(_("omschrijving"), blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["safety_region"], condition=Q(kind="region"),
                                    name="collaboration_one_region_per_safety_region"),
        ]
        verbose_name = _("samenwerking")
        verbose_name_plural = _("samenwerkingen")

    def __str__(self):
        return self.name


class CollaborationMemberQuerySet(models.QuerySet):
    def active(self, on=None):
        """Members on date `on` (today) of active collaborations."""
        on = on or timezone.localdate()
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on), valid_from__lte=on,
                           collaboration__is_active=True)


class CollaborationMember(models.Model):
    """A municipality or an organisation (exactly one) that belongs to a collaboration for a period."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="members",
                                      verbose_name=_("samenwerking"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="collaboration_memberships", verbose_name=_("gemeente"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="collaboration_memberships", verbose_name=_("organisatie"))
    valid_from = models.DateField(_("lid vanaf"), default=timezone.localdate)
    valid_until = models.DateField(_("lid tot en met"), null=True, blank=True)

    objects = CollaborationMemberQuerySet.as_manager()

    class Meta:
        ordering = ["collaboration", "valid_from", "pk"]
        constraints = [
            models.CheckConstraint(condition=_exactly_one("municipality", "organisation"),
                                   name="collaboration_member_exactly_one"),
            models.UniqueConstraint(fields=["collaboration", "municipality", "valid_from"],
                                    name="collaboration_member_unique_municipality"),
            models.UniqueConstraint(fields=["collaboration", "organisation", "valid_from"],
                                    name="collaboration_member_unique_organisation"),
        ]
        verbose_name = _("deelnemer aan samenwerking")
        verbose_name_plural = _("deelnemers aan samenwerkingen")

    def __str__(self):
        return f"{self.collaboration} — {self.municipality or self.organisation}"


class LegalBasis(models.TextChoices):
    """Declared legal bases for sharing; the free-text field of a share names the exact article."""

    WGS = "wgs", _("Wet gegevensverwerking samenwerkingsverbanden (WGS)")
    PUBLIC_TASK = "avg_6_1_e", _("AVG art. 6 lid 1 sub e (taak van algemeen belang)")
    LEGAL_OBLIGATION = "avg_6_1_c", _("AVG art. 6 lid 1 sub c (wettelijke verplichting)")
    SAFETY_REGIONS_ACT = "wvr", _("Wet veiligheidsregio's")
    MUNICIPALITIES_ACT = "gemeentewet", _("Gemeentewet")
    POLICE_DATA_ACT = "wpg", _("Wet politiegegevens")
    COVENANT = "convenant", _("Convenant (met wettelijke grondslag)")
    OTHER = "overig", _("Andere grondslag (zie toelichting)")


class ShareQuerySet(models.QuerySet):
    def delete(self):
        raise ShareDeletionError("Delingen worden nooit verwijderd, alleen ingetrokken.")

    def valid(self, on=None):
        """Not revoked and not expired on date `on` (today)."""
        return self.filter(revoked_at__isnull=True, valid_until__gte=on or timezone.localdate())


class ShareDeletionError(RuntimeError):
    """A share is revoked, never deleted: the record of who shared what with whom stays."""


class Share(models.Model):
    """An explicit, recorded share of one object with a municipality, an organisation or a collaboration.

    Written only by `core.services.sharing`; revoked (revoked_at, revoked_by), never deleted.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(_("object"))
    with_municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="shares_received", verbose_name=_("gedeeld met gemeente"))
    with_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="shares_received", verbose_name=_("gedeeld met organisatie"))
    with_collaboration = models.ForeignKey(Collaboration, on_delete=models.PROTECT, null=True, blank=True,
                                           related_name="shares_received",
                                           verbose_name=_("gedeeld met samenwerking"))
    purpose = models.TextField(_("doel"))
    legal_basis = models.TextField(_("grondslag"))
    legal_basis_code = models.CharField(_("soort grondslag"), max_length=20, choices=LegalBasis.choices, blank=True)
    valid_until = models.DateField(_("geldig tot en met"))
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("gedeeld door"))
    shared_at = models.DateTimeField(_("gedeeld op"), default=timezone.now)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("ingetrokken door"))

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["-shared_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="share_object_idx")]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one("with_municipality", "with_organisation", "with_collaboration"),
                name="share_exactly_one_recipient"),
            models.CheckConstraint(condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
                                   name="share_revocation_names_who"),
        ]
        verbose_name = _("deling")
        verbose_name_plural = _("delingen")

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} → {self.recipient}"

    @property
    def recipient(self):
        return self.with_municipality or self.with_organisation or self.with_collaboration

    def delete(self, *args, **kwargs):
        raise ShareDeletionError("Delingen worden nooit verwijderd, alleen ingetrokken.")


class ObjectRoleQuerySet(models.QuerySet):
    def valid(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on), valid_from__lte=on)


class ObjectRole(models.Model):
    """A person's role in one object (e.g. participant in one case), from the owning model's declared roles."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(_("object"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="object_roles",
                             verbose_name=_("gebruiker"))
    role = models.CharField(_("rol"), max_length=40)
    valid_from = models.DateField(_("vanaf"), default=timezone.localdate)
    valid_until = models.DateField(_("tot en met"), null=True, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("toegekend door"))
    granted_at = models.DateTimeField(_("toegekend op"), default=timezone.now)

    objects = ObjectRoleQuerySet.as_manager()

    class Meta:
        ordering = ["content_type", "object_id", "role", "pk"]
        indexes = [
            # The access subquery: content type + user, then the object ids.
            models.Index(fields=["content_type", "user", "object_id"], name="object_role_user_idx"),
            models.Index(fields=["content_type", "object_id"], name="object_role_object_idx"),
        ]
        verbose_name = _("rol bij object")
        verbose_name_plural = _("rollen bij objecten")

    def __str__(self):
        return f"{self.user} — {self.role} — {self.content_type.model} {self.object_id}"


from .models_mapping import ColumnMapping  # noqa: E402,F401  (the tabular kit's saved column mappings)
