"""Open statistics (CBS/Politie StatLine): tables, measures and observations per region and period.

Open data only: no personal data, so no tenancy filter and no processing log. Written only by `services.py`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from veiliglokaal.core.models import DataSource, Municipality

from .importers.base import RegionKind


class PeriodType(models.TextChoices):
    YEAR = "year", _("jaar")
    QUARTER = "quarter", _("kwartaal")
    MONTH = "month", _("maand")


class StatisticsTable(models.Model):
    """One published table (e.g. 47013NED). Its provenance (file, publisher, licence, SHA-256, rows, load time) is
    the `DataSource` it was imported from: kept in one place and listed on /bronnen."""

    table_id = models.CharField(_("tabel-id"), max_length=20, unique=True)
    title = models.CharField(_("titel"), max_length=300)
    source_format = models.CharField(_("bestandsformaat"), max_length=40)
    source = models.OneToOneField(DataSource, on_delete=models.PROTECT, related_name="statistics_table",
                                  verbose_name=_("gegevensbron"))

    class Meta:
        ordering = ["table_id"]
        verbose_name = _("statistiektabel")
        verbose_name_plural = _("statistiektabellen")

    def __str__(self):
        return f"{self.title} ({self.table_id})"


class Measure(models.Model):
    """A topic of a table, optionally narrowed to one category of a non-region, non-period dimension
    (e.g. soort misdrijf "0.0.0" = Totaal misdrijven)."""

    table = models.ForeignKey(StatisticsTable, on_delete=models.CASCADE, related_name="measures")
    code = models.CharField(_("code"), max_length=80)
    title = models.CharField(_("titel"), max_length=300)  # of the topic, e.g. "Geregistreerde misdrijven"
    unit = models.CharField(_("eenheid"), max_length=60, blank=True)
    category_code = models.CharField(_("categoriecode"), max_length=80, blank=True)  # e.g. "1.1.1"
    category_title = models.CharField(_("categorie"), max_length=300, blank=True)  # e.g. "Diefstal/inbraak woning"

    class Meta:
        ordering = ["table", "code", "category_code"]
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")
        constraints = [
            models.UniqueConstraint(fields=["table", "code", "category_code"], name="indicators_measure_unique"),
        ]

    def __str__(self):
        return f"{self.title} — {self.category_title}" if self.category_title else self.title


class Observation(models.Model):
    table = models.ForeignKey(StatisticsTable, on_delete=models.CASCADE, related_name="observations")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="observations")
    # GM0233, NL01, RE02, BU03630001 ... as published; a StatLine CSV label without code as "RE:Oost-Nederland"
    region_code = models.CharField(_("regiocode"), max_length=60)
    region_kind = models.CharField(_("soort regio"), max_length=20, choices=RegionKind.CHOICES,
                                   default=RegionKind.GEMEENTE)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="observations")  # set only for region kind "gemeente"
    period_code = models.CharField(_("periodecode"), max_length=8)  # 2024JJ00, 2024KW01, 2024MM01
    period_type = models.CharField(_("soort periode"), max_length=8, choices=PeriodType.choices)
    period_start = models.DateField(_("begin periode"))
    value = models.DecimalField(_("waarde"), max_digits=20, decimal_places=4, null=True, blank=True)
    provisional = models.BooleanField(_("voorlopig"), default=False)

    class Meta:
        ordering = ["measure", "region_code", "period_code"]
        verbose_name = _("waarneming")
        verbose_name_plural = _("waarnemingen")
        constraints = [
            models.UniqueConstraint(fields=["measure", "region_code", "period_code"],
                                    name="indicators_observation_unique"),
        ]
        indexes = [
            # all measures of one municipality (profile page)
            models.Index(fields=["municipality", "measure", "period_start"], name="indicators_obs_municipality"),
            # one measure for all municipalities in one period (map, ranking, comparison)
            models.Index(fields=["measure", "period_code", "municipality"], name="indicators_obs_measure_period"),
        ]

    def __str__(self):
        return f"{self.measure.code} {self.region_code} {self.period_code}"
