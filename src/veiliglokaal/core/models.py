"""The municipality registry: provinces, safety regions, municipalities, neighbourhoods, data sources."""

from django.db import models
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


from .models_mapping import ColumnMapping  # noqa: E402,F401  (the tabular kit's saved column mappings)
