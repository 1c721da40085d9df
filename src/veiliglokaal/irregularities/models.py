"""DOOK data: what the sources say about each address, what the pipeline found, and what a person decided.

Three sections, in the order of the pipeline: source data (addresses from the BAG and what other registers
say about them, each row pointing at the import it came from), scoring (runs and the signals they produce),
and review (purposes stated before address-level access, decisions on signals). Every model is municipal
data and is read through `for_tenant`.
"""


from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veiliglokaal.core.append_only import AppendOnlyModel, AppendOnlyTenantQuerySet
from veiliglokaal.core.jobs import BackgroundJob
from veiliglokaal.core.models import Municipality
from veiliglokaal.core.storage import PrivateStorage, UploadPath
from veiliglokaal.core.tenancy import TenantQuerySet

# --- Source data -------------------------------------------------------------------------------------------


def _source_storage():
    return PrivateStorage("dook")



class SourceImport(BackgroundJob):
    """One file offered by a municipality: its provenance, and as a background job its progress and (on failure)
    the row-level error report.

    `total` counts the rows read, `rows_imported` those written, `rows_skipped` those deliberately left out
    (e.g. ligplaatsen in a BAG extract). The import writes all or nothing in one transaction, so an interrupted
    import has nothing to clean up but its file.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="source_imports")
    source_type = models.CharField(_("soort bron"), max_length=50)
    file_name = models.CharField(_("bestandsnaam"), max_length=255)
    checksum = models.CharField(_("SHA-256"), max_length=64)
    reference_date = models.DateField(_("peildatum"), null=True, blank=True)
    rows_imported = models.PositiveIntegerField(_("rijen ingelezen"), default=0)
    rows_skipped = models.PositiveIntegerField(_("rijen overgeslagen"), default=0)
    is_synthetic = models.BooleanField(_("synthetisch (demo)"), default=False)
    file = models.FileField(_("bestand"), storage=_source_storage, upload_to=UploadPath("bronnen"), blank=True)
    file_size = models.PositiveBigIntegerField(_("grootte (bytes)"), default=0)
    # The column mapping used (field → column of the file) and the columns of the file no field used.
    column_mapping = models.JSONField(_("kolomkoppeling"), default=dict, blank=True)
    ignored_columns = models.JSONField(_("genegeerde kolommen"), default=list, blank=True)

    objects = TenantQuerySet.as_manager()

    progress_unit = _("rijen gecontroleerd")
    progress_url_name = "irregularities:import-progress"
    page_url_name = "irregularities:import-detail"
    report_csv_url_name = "irregularities:import-errors-csv"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("inlezing")
        verbose_name_plural = _("inlezingen")

    def __str__(self):
        return f"{self.source_type}: {self.file_name}"


class AddressKind(models.TextChoices):
    """The BAG's three addressable objects: a unit in a building, a mooring (woonboot) or a pitch (woonwagen)."""

    VERBLIJFSOBJECT = "verblijfsobject", _("verblijfsobject")
    LIGPLAATS = "ligplaats", _("ligplaats")
    STANDPLAATS = "standplaats", _("standplaats")


class Address(models.Model):
    """A BAG addressable object (verblijfsobject, ligplaats or standplaats) with its main address: the unit
    everything else in DOOK is keyed by. Ligplaatsen and standplaatsen have no gebruiksdoel or oppervlakte."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="bag_addresses")
    bag_id = models.CharField(_("BAG-id"), max_length=16)
    kind = models.CharField(_("soort object"), max_length=16, choices=AddressKind.choices,
                            default=AddressKind.VERBLIJFSOBJECT)
    number_designation_id = models.CharField(_("nummeraanduiding-id"), max_length=16, blank=True)
    building_id = models.CharField(_("pand-id"), max_length=16, blank=True)
    street = models.CharField(_("straat"), max_length=80)
    house_number = models.PositiveIntegerField(_("huisnummer"))
    house_letter = models.CharField(_("huisletter"), max_length=1, blank=True)
    addition = models.CharField(_("toevoeging"), max_length=4, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    city = models.CharField(_("woonplaats"), max_length=80)
    neighbourhood_code = models.CharField(_("buurtcode"), max_length=10, blank=True, db_index=True)
    purposes = models.CharField(_("gebruiksdoelen"), max_length=255, blank=True,
                                help_text=_("BAG-gebruiksdoelen, komma-gescheiden (leeg bij ligplaats en standplaats)"))
    floor_area = models.PositiveIntegerField(_("oppervlakte (m²)"), null=True, blank=True)
    construction_year = models.PositiveSmallIntegerField(_("bouwjaar"), null=True, blank=True)
    bag_status = models.CharField(_("status BAG"), max_length=60, blank=True)
    rd_x = models.FloatField(_("RD x"))
    rd_y = models.FloatField(_("RD y"))
    latitude = models.FloatField(_("breedtegraad"))
    longitude = models.FloatField(_("lengtegraad"))
    source_import = models.ForeignKey(SourceImport, on_delete=models.PROTECT, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["street", "house_number", "house_letter", "addition"]
        constraints = [models.UniqueConstraint(fields=["municipality", "bag_id"], name="irr_address_unique_bag_id")]
        verbose_name = _("adres (BAG-object)")
        verbose_name_plural = _("adressen (BAG-objecten)")

    def __str__(self):
        suffix = f"{self.house_letter}{'-' + self.addition if self.addition else ''}"
        text = f"{self.street} {self.house_number}{suffix}, {self.city}"
        if self.kind and self.kind != AddressKind.VERBLIJFSOBJECT:
            text += f" ({self.get_kind_display()})"
        return text

    @property
    def purpose_list(self) -> list[str]:
        return [p for p in self.purposes.split(",") if p]


class SourceRow(models.Model):
    """Common fields of every per-address fact: which address, as of when, from which import."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="+")
    reference_date = models.DateField(_("peildatum"))
    source_import = models.ForeignKey(SourceImport, on_delete=models.PROTECT, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True


class Establishment(SourceRow):
    """A Handelsregister establishment (vestiging) at a BAG address, with its main SBI activity."""

    establishment_number = models.CharField(_("vestigingsnummer"), max_length=12)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8)
    trade_name = models.CharField(_("eerste handelsnaam"), max_length=200)
    sbi_code = models.CharField(_("SBI-code"), max_length=6, db_index=True)
    sbi_version = models.CharField(_("SBI-versie"), max_length=10, default="SBI2008")
    is_main_establishment = models.BooleanField(_("hoofdvestiging"), default=False)
    started_on = models.DateField(_("datum aanvang"), null=True, blank=True)
    ended_on = models.DateField(_("datum einde"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "establishment_number"],
                                               name="irr_establishment_unique_number")]
        verbose_name = _("vestiging")
        verbose_name_plural = _("vestigingen")


class RegistrationCount(SourceRow):
    """BRP counts at an address: how many persons are registered and how many moved in or out. Never who."""

    persons = models.PositiveIntegerField(_("ingeschreven personen"))
    moves_in_12m = models.PositiveIntegerField(_("verhuizingen naar het adres (12 mnd)"), default=0)
    moves_out_12m = models.PositiveIntegerField(_("verhuizingen van het adres (12 mnd)"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "address"], name="irr_brp_unique_address")]
        verbose_name = _("BRP-aantallen")
        verbose_name_plural = _("BRP-aantallen")


class PropertyValue(SourceRow):
    """WOZ value of an address (reference_date is the waardepeildatum)."""

    value_eur = models.PositiveIntegerField(_("WOZ-waarde (euro)"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "address"], name="irr_woz_unique_address")]
        verbose_name = _("WOZ-waarde")
        verbose_name_plural = _("WOZ-waarden")


class PlantedKind(models.TextChoices):
    """The kinds of irregularity the demo plants; codes are stable so benchmarks can compare against signals."""

    OVERCROWDING = "overcrowding", _("Overbewoning (veel personen per m²)")
    MANY_MOVES = "many_moves", _("Veel verhuizingen")
    PERSONS_AT_BUSINESS_ADDRESS = "persons_at_business_address", _("Personen ingeschreven op een adres zonder woonfunctie")
    MANY_COMPANIES = "many_companies", _("Veel bedrijven op één adres")
    HIGH_RISK_SBI_CLUSTER = "high_risk_sbi_cluster", _("Cluster van risicobranches")
    ACTIVITY_NOT_ALLOWED = "activity_not_allowed", _("Bedrijfsactiviteit past niet bij het gebruiksdoel")
    WOZ_OUTLIER = "woz_outlier", _("Afwijkende WOZ-waarde")


class PlantedIrregularity(models.Model):
    """Ground truth of the synthetic demo: an irregularity planted on purpose at an address, to measure the pipeline.

    Exists only for synthetic data; never for a real municipality's registers.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="planted_irregularities")
    kind = models.CharField(_("soort"), max_length=40, choices=PlantedKind.choices)
    detail = models.CharField(_("toelichting"), max_length=255)
    seed = models.PositiveIntegerField(_("seed"))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "address_id"]
        constraints = [models.UniqueConstraint(fields=["address", "kind"], name="irr_planted_unique")]
        verbose_name = _("geplante onregelmatigheid (grondwaarheid)")
        verbose_name_plural = _("geplante onregelmatigheden (grondwaarheid)")


# --- Scoring ------------------------------------------------------------------------------------------------


class IndicatorSetting(models.Model):
    """A municipality's choice for one indicator: on or off, and its thresholds/parameters (defaults in code)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    indicator = models.CharField(_("indicator"), max_length=60)
    enabled = models.BooleanField(_("aan"), default=True)
    params = models.JSONField(_("drempels en parameters"), default=dict, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "indicator"], name="irr_setting_unique")]
        verbose_name = _("instelling indicator")
        verbose_name_plural = _("instellingen indicatoren")


class RiskBranchExtension(models.Model):
    """A branch a municipality adds to the default risk-branch list (pipeline/sbi.py, risicobranches.yaml).

    Kept as history: a removal stamps `removed_at`/`removed_by` and the row stays, so who added or removed which
    branch, when and why can always be shown. Written only by `scoring.add_risk_branch`/`remove_risk_branch`."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    sbi_code = models.CharField(_("SBI-code"), max_length=5)
    label = models.CharField(_("omschrijving"), max_length=120)
    reason = models.TextField(_("reden en bron"), max_length=1000)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    added_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    removed_at = models.DateTimeField(_("verwijderd op"), null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["sbi_code", "added_at"]
        constraints = [models.UniqueConstraint(fields=["municipality", "sbi_code"], condition=models.Q(removed_at=None),
                                               name="irr_risk_branch_active_unique")]
        verbose_name = _("risicobranche van de gemeente")
        verbose_name_plural = _("risicobranches van de gemeente")


class ScoringRun(BackgroundJob):
    """One run of the pipeline over a municipality's data (features -> indicators -> scores -> aggregates).

    Progress is in percent (`total` is 100) with the pipeline step as the phase. Signals and aggregates are written
    in one transaction; `cleanup_interrupted` still removes any rows of the run, so a re-run starts clean."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    engine = models.CharField(_("rekenmachine"), max_length=20, default="in-process")
    algorithm_version = models.CharField(_("versie algoritme"), max_length=20)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    addresses = models.PositiveIntegerField(_("adressen"), default=0)
    signals = models.PositiveIntegerField(_("signalen"), default=0)
    reference_dates = models.JSONField(_("peildata van de bronnen"), default=dict, blank=True)

    objects = TenantQuerySet.as_manager()

    progress_unit = "%"
    progress_url_name = "irregularities:scoring-progress"
    page_url_name = "irregularities:scoring-run"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("berekening")
        verbose_name_plural = _("berekeningen")

    def cleanup_interrupted(self) -> None:
        Signal.objects.filter(run=self).delete()
        AreaAggregate.objects.filter(run=self).delete()


class Theme(models.TextChoices):
    HOUSING = "housing", _("Onrechtmatig woninggebruik")
    BUSINESS_PARKS = "business_parks", _("Bedrijventerreinen en garageboxen")
    RETAIL_AUTO = "retail_auto", _("Winkelgebieden en autobranche")
    PROPERTY = "property", _("Vastgoed")


class Signal(models.Model):
    """What one run found at one address: indicators that fired, the anomaly score and its explanation."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="signal_set")
    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="signals")
    themes = models.JSONField(_("thema's"), default=list)
    indicators = models.JSONField(_("indicatoren"), default=list, help_text=_("[{code, value, threshold}]"))
    anomaly_score = models.FloatField(_("afwijkingsscore"))
    contributions = models.JSONField(_("bijdrage per kenmerk"), default=dict)
    features = models.JSONField(_("kenmerken"), default=dict)
    peer_group = models.CharField(_("vergelijkingsgroep"), max_length=80)
    peer_stats = models.JSONField(_("vergelijkingsgroep (mediaan, spreiding, omvang)"), default=dict)
    priority = models.FloatField(_("prioriteit"), db_index=True)
    rank = models.PositiveIntegerField(_("plaats op de werklijst"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["rank"]
        constraints = [models.UniqueConstraint(fields=["run", "address"], name="irr_signal_unique_per_run")]
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")


class AreaKind(models.TextChoices):
    NEIGHBOURHOOD = "buurt", _("Buurt")
    HEXAGON = "hex", _("Zeshoek")


class AreaAggregate(models.Model):
    """Counts per area for the default (aggregated) map: how many addresses, how many with a signal.

    One row per run, area, theme and indicator; an empty theme/indicator means "all". Hexagons carry their
    own boundary (GeoJSON, WGS84); buurten take theirs from `core.Neighbourhood`.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="aggregates")
    area_kind = models.CharField(_("soort gebied"), max_length=10, choices=AreaKind.choices)
    area_code = models.CharField(_("gebiedscode"), max_length=40)
    theme = models.CharField(_("thema"), max_length=30, blank=True)
    indicator = models.CharField(_("indicator"), max_length=60, blank=True)
    addresses = models.PositiveIntegerField(_("adressen"))
    signals = models.PositiveIntegerField(_("signalen"))
    boundary = models.JSONField(_("grens (GeoJSON, WGS84)"), null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["run", "area_kind", "theme", "indicator"], name="irr_aggregate_layer")]
        verbose_name = _("gebiedsaantal")
        verbose_name_plural = _("gebiedsaantallen")


# --- Review ---------------------------------------------------------------------------------------------------


class AccessPurpose(models.Model):
    """The purpose a user stated before seeing address-level data; valid for a limited time.

    Every processing-log entry of an address view names the purpose it was made under (`doel #<id>` in the
    entry's name), so the privacy officer can read the stated purpose next to each view. The purpose text
    itself stays here, never in the log or a URL.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.TextField(_("doel"))
    stated_at = models.DateTimeField(_("opgegeven op"), auto_now_add=True)
    expires_at = models.DateTimeField(_("geldig tot"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-stated_at", "-pk"]
        verbose_name = _("opgegeven doel")
        verbose_name_plural = _("opgegeven doelen")

    def __str__(self):
        return f"doel #{self.pk}"


class Outcome(models.TextChoices):
    NO_ACTION = "no_action", _("Geen actie")
    REGISTRATION_ERROR = "registration_error", _("Registratiefout melden bij de bronhouder")
    INVESTIGATE = "investigate", _("Nader onderzoek")
    ENFORCEMENT = "enforcement", _("Handhavingstraject starten")


# Outcomes that say "the signal pointed at something real": the numerator of an indicator's precision.
RELEVANT_OUTCOMES = frozenset({Outcome.REGISTRATION_ERROR, Outcome.INVESTIGATE, Outcome.ENFORCEMENT})


class Decision(AppendOnlyModel):
    """A person's decision on a signal, with the rationale. Append-only: a new decision supersedes the last."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="decisions")
    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("besluit"), max_length=30, choices=Outcome.choices)
    rationale = models.TextField(_("onderbouwing"))
    indicators = models.JSONField(_("indicatoren van het signaal"), default=list)
    purpose = models.ForeignKey(AccessPurpose, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("onder doel"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("besloten op"), auto_now_add=True)

    APPEND_ONLY_MESSAGE = "Een besluit wordt nooit gewijzigd of verwijderd; leg een nieuw besluit vast."

    objects = AppendOnlyTenantQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")

    @property
    def is_relevant(self) -> bool:
        return self.outcome in RELEVANT_OUTCOMES
