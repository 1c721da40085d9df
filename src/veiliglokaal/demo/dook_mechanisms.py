"""SYNTHETIC municipalities with irregularities planted BY MECHANISM, and legitimate look-alikes as controls.

Why a second generator: `dook_synthetic.py` plants every case just past the threshold of the rule that should find
it, so its recall is 1.000 by construction and says nothing about detection quality. This module never reads the
rules, their thresholds or the pipeline settings (a test checks that it imports nothing from
`irregularities.pipeline`). Each planted case follows a *mechanism* as public sources describe it (RIEC
informatiebeelden, CCV handreikingen on woonfraude, vakantieparken, bedrijventerreinen and witwassen), with its
values drawn from wide distributions: an overcrowded rental where only part of the tenants is registered, a
holiday home lived in permanently by people registered elsewhere, a drugs lab that leaves no trace in the
registers at all. Legitimate look-alikes (care homes, student houses, large families, holdings at home,
business centres, garage-box rows, holiday parks used as intended, ...) are planted as negative controls, so the
false-alarm rate per look-alike can be measured.

Everything is synthetic: municipality codes GM9001 and up (no real municipality has a code from 9000), buurt codes
derived from them, street names "Synthetische straat ...". The output is the two frames the pipeline consumes
(addresses, establishments; BAG gebruiksdoelen as a bit mask in the order of the BAG catalogue) and a ground-truth
table. The one column derived by the pipeline's own contract (`building_type`, from the gebruiksdoelen) is left for
the caller to add, as the import does; `benchmarks/dook_quality.py` adds it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from veiliglokaal.core.geo import rd_to_wgs84

SYNTHETIC_LABEL = "SYNTHETISCH"
FIRST_CODE = 9001

# The BAG gebruiksdoelen of a verblijfsobject, in the order of the BAG catalogue (a bit each in `purpose_mask`).
BAG_PURPOSES = (
    "woonfunctie",
    "bijeenkomstfunctie",
    "celfunctie",
    "gezondheidszorgfunctie",
    "industriefunctie",
    "kantoorfunctie",
    "logiesfunctie",
    "onderwijsfunctie",
    "sportfunctie",
    "winkelfunctie",
    "overige gebruiksfunctie",
)
BIT = {name: 1 << i for i, name in enumerate(BAG_PURPOSES)}
WOON, INDUSTRIE, KANTOOR, WINKEL = (
    BIT["woonfunctie"],
    BIT["industriefunctie"],
    BIT["kantoorfunctie"],
    BIT["winkelfunctie"],
)
LOGIES, ZORG, OVERIG, BIJEENKOMST = (
    BIT["logiesfunctie"],
    BIT["gezondheidszorgfunctie"],
    BIT["overige gebruiksfunctie"],
    BIT["bijeenkomstfunctie"],
)

THEMES = ("housing", "business_parks", "retail_auto", "property")

# Public descriptions the mechanisms follow (what happens, and how visible it is in the registers).
SOURCES = (
    (
        "CCV, Veilige vakantieparken - meervoudige problematiek (BRP-controle, BAG-registratie van chalets)",
        "https://hetccv.nl/themas/georganiseerde-criminaliteit-en-ondermijning/veilige-vakantieparken/meervoudige-problematiek/",
    ),
    (
        "Platform31-onderzoek Veluwe (via Veluweland): ~15 % van de recreatieobjecten illegaal bewoond, de helft ingeschreven",
        "https://veluweland.nl/lokaal/vakantieparken-niet-alleen-op-bestemming-handhaven-521573",
    ),
    (
        "NRC 2020, 'spookwoningen': arbeidsmigranten in woningen die in de BRP als leeg staan",
        "https://www.nrc.nl/nieuws/2020/11/18/gemeenten-hebben-geen-zicht-op-spookwoning-arbeidsmigrant-a4020644",
    ),
    (
        "Adresfraude Dalfsen 2023: vier ingeschrevenen met evenveel bedrijfjes op een leeg huis",
        "https://www.waarmaarraar.nl/pages/re/125821/Kan_iemand_zich_zomaar_op_jouw_adres_inschrijven_znder_dat_jij_het_weet.html",
    ),
    (
        "CCV, dashboard Zicht op Ondermijning (inschrijvingen op vakantieparken, hennep en drugslabs)",
        "https://hetccv.nl/meer-inzicht-in-vakantieparken-door-dashboard-zicht-op-ondermijning/",
    ),
)


@dataclass(frozen=True)
class Kind:
    name: str
    role: str  # "mechanism" (a planted irregularity) or "control" (a legitimate look-alike)
    theme: str  # the theme it belongs to (mechanism) or resembles (control)
    description: str


MECHANISMS = (
    Kind(
        "overcrowded_rental",
        "mechanism",
        "housing",
        "Huisjesmelker verhuurt een gewone woning per bed aan arbeidsmigranten; een deel staat niet ingeschreven, "
        "de bewoners wisselen vaak.",
    ),
    Kind(
        "illegal_room_rental",
        "mechanism",
        "housing",
        "Woning zonder vergunning opgesplitst in kamers (woningsplitsing/kamerverhuur), hoge doorstroom.",
    ),
    Kind(
        "address_fraud",
        "mechanism",
        "housing",
        "Fictieve inschrijvingen op een adres (adresfraude voor toeslagen of via een malafide uitzendbureau); "
        "de ingeschrevenen wonen er niet en wisselen, soms met elk een eenmanszaak op het adres.",
    ),
    Kind(
        "cannabis_grow_house",
        "mechanism",
        "housing",
        "Hennepkwekerij in een huurwoning; niemand of één stroman ingeschreven, verder onopvallend.",
    ),
    Kind(
        "letterbox_home",
        "mechanism",
        "business_parks",
        "Brievenbusadres: een reeks (stroman)bedrijven ingeschreven op een woonadres.",
    ),
    Kind(
        "letterbox_office",
        "mechanism",
        "business_parks",
        "Brievenbusfirma's op een klein kantoor- of bedrijfsadres zonder feitelijke activiteit.",
    ),
    Kind(
        "living_in_business_unit",
        "mechanism",
        "business_parks",
        "Illegale bewoning van een bedrijfspand (arbeidsmigranten in een loods); vaak maar deels ingeschreven.",
    ),
    Kind(
        "holiday_park_permanent",
        "mechanism",
        "business_parks",
        "Permanente bewoning van een recreatiewoning op een vakantiepark; bewoners vaak elders of niet "
        "ingeschreven.",
    ),
    Kind(
        "drug_lab_unit",
        "mechanism",
        "business_parks",
        "Drugslab in een gehuurde bedrijfsunit via een lege bv (groothandel/opslag); niemand ingeschreven.",
    ),
    Kind(
        "front_business",
        "mechanism",
        "retail_auto",
        "Witwasbedrijf in een kasintensieve branche (kapper, belwinkel, shishalounge, autowasserette), vaak in "
        "een straat met meer van zulke zaken.",
    ),
    Kind(
        "car_trade_from_home",
        "mechanism",
        "retail_auto",
        "Malafide autohandel ingeschreven op een woonadres (witwassen via auto's, geen showroom).",
    ),
    Kind(
        "illegal_workshop_home",
        "mechanism",
        "retail_auto",
        "Ondergrondse werkplaats (autosloperij, plaatwerk) in of bij een woning; soms niet ingeschreven.",
    ),
    Kind(
        "neglected_landlord_property",
        "mechanism",
        "property",
        "Verpauperd pand van een huisjesmelker; de WOZ-taxatie daalt door de slechte staat.",
    ),
    Kind(
        "undervalued_transaction",
        "mechanism",
        "property",
        "ABC-transactie of stroman-koop onder de marktwaarde; de taxatie volgt de lage verkoopprijs deels.",
    ),
)
CONTROLS = (
    Kind(
        "care_home",
        "control",
        "housing",
        "Zorginstelling of groepswoning met veel bewoners en doorstroom (gezondheidszorgfunctie, vaak met "
        "woonfunctie).",
    ),
    Kind(
        "student_house",
        "control",
        "housing",
        "Studentenhuis met vergunning: veel kamers, jaarlijkse wisselingen.",
    ),
    Kind(
        "large_family",
        "control",
        "housing",
        "Groot gezin in een gewone eengezinswoning.",
    ),
    Kind(
        "group_home",
        "control",
        "housing",
        "Kloostergemeenschap of woongroep in een groot pand.",
    ),
    Kind(
        "new_build_complex",
        "control",
        "housing",
        "Nieuwbouwcomplex: iedereen verhuisde dit jaar naar binnen.",
    ),
    Kind(
        "home_office",
        "control",
        "business_parks",
        "Zzp'er of klein bedrijf aan huis (één tot drie vestigingen).",
    ),
    Kind(
        "holding_at_home",
        "control",
        "business_parks",
        "Holding, werkmaatschappijen en pensioen-bv van één ondernemer op het woonadres.",
    ),
    Kind(
        "business_centre",
        "control",
        "business_parks",
        "Bedrijfsverzamelgebouw met flexplekken en veel vestigingen.",
    ),
    Kind(
        "garage_box_row",
        "control",
        "business_parks",
        "Rij garageboxen (opslag, soms een hobby- of opslagbedrijf).",
    ),
    Kind(
        "holiday_park_recreational",
        "control",
        "business_parks",
        "Recreatiewoning die recreatief wordt gebruikt.",
    ),
    Kind(
        "holiday_park_tolerated",
        "control",
        "business_parks",
        "Recreatiewoning met persoonsgebonden gedoogbeschikking: ingeschreven en legaal.",
    ),
    Kind(
        "company_dwelling",
        "control",
        "business_parks",
        "Vergunde bedrijfswoning die in de BAG alleen als bedrijfspand staat (BAG loopt achter).",
    ),
    Kind(
        "shelter_postal_address",
        "control",
        "business_parks",
        "Briefadres bij een opvanginstelling: veel ingeschrevenen op een kantooradres, veel wisselingen.",
    ),
    Kind(
        "shopping_street",
        "control",
        "retail_auto",
        "Gewone winkelstraat met meerdere kappers, belwinkels en cafés.",
    ),
    Kind(
        "car_dealer_cluster",
        "control",
        "retail_auto",
        "Autoboulevard: bonafide dealers bij elkaar op een bedrijventerrein.",
    ),
    Kind(
        "farm_family_business",
        "control",
        "retail_auto",
        "Boerderij met gezinsbedrijf en loonwerk/transport op het woonadres.",
    ),
    Kind(
        "special_object",
        "control",
        "property",
        "Monument, verbouwde kerk of schuur met woonfunctie: lage WOZ per m² door beperkingen en grootte.",
    ),
)
KINDS = {kind.name: kind for kind in MECHANISMS + CONTROLS}

# Planted cases per 100,000 addresses (mechanisms are rare; legitimate look-alikes are more common).
RATE = {
    "overcrowded_rental": 40,
    "illegal_room_rental": 40,
    "address_fraud": 25,
    "cannabis_grow_house": 20,
    "letterbox_home": 20,
    "letterbox_office": 10,
    "living_in_business_unit": 25,
    "drug_lab_unit": 10,
    "front_business": 30,
    "car_trade_from_home": 20,
    "illegal_workshop_home": 20,
    "neglected_landlord_property": 30,
    "undervalued_transaction": 20,
    "care_home": 30,
    "student_house": 80,
    "large_family": 300,
    "group_home": 10,
    "home_office": 150,
    "holding_at_home": 120,
    "business_centre": 5,
    "company_dwelling": 30,
    "shelter_postal_address": 3,
    "farm_family_business": 40,
    "special_object": 50,
}

# SBI 2008 codes (four digits) by kind of business.
HOME_SBI = np.array(
    [
        "6201",
        "7022",
        "4120",
        "8559",
        "9609",
        "7490",
        "4791",
        "6920",
        "7311",
        "4332",
        "8690",
        "9003",
        "7111",
        "1413",
        "4778",
    ]
)
HOME_P = np.array(
    [
        0.14,
        0.14,
        0.10,
        0.08,
        0.08,
        0.08,
        0.08,
        0.06,
        0.05,
        0.05,
        0.05,
        0.04,
        0.03,
        0.01,
        0.01,
    ]
)
INDUSTRY_SBI = np.array(
    [
        "2562",
        "4941",
        "4673",
        "4120",
        "4321",
        "4520",
        "1071",
        "3312",
        "4690",
        "5210",
        "4511",
    ]
)
INDUSTRY_P = np.array(
    [0.12, 0.12, 0.11, 0.12, 0.12, 0.08, 0.07, 0.07, 0.08, 0.06, 0.05]
)
OFFICE_SBI = np.array(
    ["6201", "7022", "6920", "6619", "6831", "7112", "7810", "6420", "8299"]
)
RETAIL_SBI = np.array(
    [
        "4711",
        "4719",
        "4771",
        "5610",
        "9602",
        "4742",
        "5630",
        "4776",
        "4773",
        "4532",
        "4511",
    ]
)
RETAIL_P = np.array([0.14, 0.10, 0.16, 0.16, 0.11, 0.04, 0.05, 0.08, 0.10, 0.03, 0.03])
# holdings, trade, agencies
SHELL_SBI = np.array(["6420", "7022", "4690", "6810", "4941", "7810", "4619", "8299"])
# kapper, belwinkel, shisha, wasstraat, ...
CASH_SBI = np.array(["9602", "4742", "5630", "4520", "5610", "4719"])
HOLDING_SBI = np.array(["6420", "7022", "6201", "6920", "6831"])


@dataclass
class MechanismData:
    addresses: pd.DataFrame  # the pipeline's address columns except building_type
    establishments: pd.DataFrame  # address_id, sbi_code, active
    truth: pd.DataFrame  # address_id, kind, role, theme


def generate(total: int = 500_000, seed: int = 20261204) -> MechanismData:
    """A seeded set of `total` synthetic addresses over synthetic municipalities, with mechanisms and controls."""
    return _Builder(total, np.random.default_rng(seed)).build()


class _Builder:
    def __init__(self, total: int, rng: np.random.Generator):
        self.n, self.rng = int(total), rng
        self.label = np.full(self.n, "", dtype=object)
        # establishments as (address row, sbi, active) arrays
        self.est: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    # --- base population --------------------------------------------------------------------------------------

    def build(self) -> MechanismData:
        self._geography()
        self._objects()
        self._households()
        self._values()
        self._base_establishments()
        self._holiday_parks()
        self._garage_rows()
        self._new_build()
        self._street_clusters()
        for name in RATE:
            getattr(self, f"_{name}")(self._count(name))
        return self._frames()

    def _count(self, name: str) -> int:
        return max(1, round(RATE[name] * self.n / 100_000))

    def _geography(self):
        rng, n = self.rng, self.n
        towns = max(1, round(n / 60_000))
        share = rng.dirichlet(np.full(towns, 2.0))
        counts = np.floor(share * n).astype(np.int64)
        counts[: n - counts.sum()] += 1
        self.town = np.repeat(np.arange(towns), counts)
        per_town = np.maximum(2, counts // 550)
        offset = np.concatenate(([0], np.cumsum(per_town)[:-1]))
        self.buurt = offset[self.town] + (
            rng.random(n) ** 1.2 * per_town[self.town]
        ).astype(np.int64)
        self.n_buurten = int(per_town.sum())
        self.buurt_town = np.repeat(np.arange(towns), per_town)
        self.street = self.buurt * 14 + np.minimum(rng.geometric(0.11, n) - 1, 13)
        self.codes = [f"GM{FIRST_CODE + i}" for i in range(towns)]
        # positions: towns spread over a synthetic region in RD metres, buurten around their town centre
        cx, cy = (
            rng.uniform(100_000, 240_000, towns),
            rng.uniform(380_000, 560_000, towns),
        )
        angle, radius = (
            rng.uniform(0, 2 * math.pi, self.n_buurten),
            np.sqrt(rng.random(self.n_buurten)) * 5_000,
        )
        bx = cx[self.buurt_town] + radius * np.cos(angle)
        by = cy[self.buurt_town] + radius * np.sin(angle)
        self.x = bx[self.buurt] + rng.normal(0, 200, n)
        self.y = by[self.buurt] + rng.normal(0, 200, n)
        self.buurt_level = np.exp(rng.normal(np.log(3300), 0.22, towns))[
            self.buurt_town
        ] * np.exp(rng.normal(0, 0.2, self.n_buurten))
        self.year_of_buurt = np.round(rng.normal(1968, 28, self.n_buurten))

    def _objects(self):
        """Kind of object: dwellings by type, mixed, business units, offices, shops, and the rest."""
        rng, n = self.rng, self.n
        # (mask, share, floor-area median m², sigma, value factor per m²)
        mix = (
            (WOON, 0.33, 72, 0.28, 1.10),  # apartment
            (WOON, 0.33, 115, 0.22, 1.00),  # terraced house
            (WOON, 0.155, 165, 0.28, 1.05),  # (semi-)detached house
            (WOON | WINKEL, 0.025, 140, 0.40, 0.90),
            (WOON | KANTOOR, 0.010, 150, 0.40, 0.90),
            (INDUSTRIE, 0.050, 450, 0.80, 0.40),
            (KANTOOR, 0.035, 260, 0.90, 0.65),
            (WINKEL, 0.035, 120, 0.70, 0.85),
            (BIJEENKOMST, 0.006, 300, 0.70, 0.60),
            (LOGIES, 0.004, 600, 0.80, 0.70),
            (ZORG, 0.005, 400, 0.80, 0.70),
            (OVERIG, 0.012, 40, 0.70, 0.50),
        )
        p = np.array([m[1] for m in mix])
        self.kind = rng.choice(len(mix), size=n, p=p / p.sum())
        self.mask = np.array([m[0] for m in mix], dtype=np.int32)[self.kind]
        self.area = np.maximum(
            12.0,
            np.round(
                np.exp(
                    np.log(np.array([m[2] for m in mix]))[self.kind]
                    + rng.normal(0, 1, n) * np.array([m[3] for m in mix])[self.kind]
                )
            ),
        )
        self.value_factor = np.array([m[4] for m in mix])[self.kind]
        self.year = np.clip(
            self.year_of_buurt[self.buurt] + rng.normal(0, 10, n), 1600, 2024
        ).round()

    @property
    def dwelling(self) -> np.ndarray:
        return self.mask == WOON

    def _households(self):
        """Registered persons (CBS-like household sizes, larger homes hold larger households) and 12-month moves."""
        rng, n = self.rng, self.n
        residential = (self.mask & WOON) != 0
        lam = np.clip(0.25 + 0.75 * self.area / 100.0, 0.2, 2.6)
        size = 1 + rng.poisson(lam)
        vacant = rng.random(n) < 0.035
        persons = np.where(residential & ~vacant, size, 0).astype(np.float64)
        rental = rng.random(n) < np.where(self.kind == 0, 0.7, 0.3)
        moved = residential & (rng.random(n) < np.where(rental, 0.11, 0.06))
        previous = np.where(moved, 1 + rng.poisson(0.9, n), 0)
        self.moves_in = (
            np.where(moved, persons, 0) + rng.poisson(0.04 * persons)
        ).astype(np.float64)
        self.moves_out = (previous + rng.poisson(0.05 * persons)).astype(np.float64)
        # a few non-residential objects have a registered caretaker or a legitimate postal address
        persons[~residential & (rng.random(n) < 0.003)] = 1
        self.persons = persons

    def _values(self):
        """WOZ value: buurt price level per m², sublinear in the floor area, object noise; rounded to €1,000."""
        rng = self.rng
        per_m2 = (
            self.buurt_level[self.buurt]
            * self.value_factor
            * (self.area / 100.0) ** -0.2
        )
        self.woz = np.round(
            self.area * per_m2 * np.exp(rng.normal(0, 0.13, self.n)), -3
        )

    def _base_establishments(self):
        rng = self.rng
        rows = np.arange(self.n)
        home = self.dwelling
        counts = np.zeros(self.n, dtype=np.int64)
        counts[home] = (rng.random(home.sum()) < 0.09).astype(np.int64) + (
            rng.random(home.sum()) < 0.01
        )
        for mask, chance, mean in (
            (WOON | WINKEL, 0.8, 0.3),
            (WOON | KANTOOR, 0.8, 0.5),
            (INDUSTRIE, 0.85, 0.5),
            (KANTOOR, 0.85, 1.4),
            (WINKEL, 0.9, 0.2),
            (BIJEENKOMST, 0.5, 0.1),
            (LOGIES, 0.6, 0.1),
            (ZORG, 0.7, 0.2),
            (OVERIG, 0.1, 0.0),
        ):
            sel = self.mask == mask
            counts[sel] = (rng.random(sel.sum()) < chance) * (
                1 + rng.poisson(mean, sel.sum())
            )
        owner = np.repeat(rows, counts)
        mask = self.mask[owner]
        sbi = np.empty(len(owner), dtype=object)
        groups = (
            (mask == WOON, HOME_SBI, HOME_P),
            (mask == INDUSTRIE, INDUSTRY_SBI, INDUSTRY_P),
            (
                (mask == KANTOOR) | (mask == (WOON | KANTOOR)) | (mask == ZORG),
                OFFICE_SBI,
                None,
            ),
            ((mask == WINKEL) | (mask == (WOON | WINKEL)), RETAIL_SBI, RETAIL_P),
            (mask == BIJEENKOMST, np.array(["5630", "9312", "9499", "5610"]), None),
            (mask == LOGIES, np.array(["5510", "5520"]), None),
            (mask == OVERIG, np.array(["5210", "6820"]), None),
        )
        for sel, codes, p in groups:
            sbi[sel] = rng.choice(
                codes, size=int(sel.sum()), p=None if p is None else p / p.sum()
            )
        self.est.append((owner, sbi, rng.random(len(owner)) < 0.93))

    # --- helpers ------------------------------------------------------------------------------------------------

    def _take(self, candidates: np.ndarray, count: int, name: str) -> np.ndarray:
        rows = np.flatnonzero(candidates & (self.label == ""))
        rows = (
            self.rng.choice(rows, size=min(count, len(rows)), replace=False)
            if len(rows)
            else rows
        )
        rows = np.sort(rows)
        self.label[rows] = name
        return rows

    def _set_object(self, rows, mask, area_median, sigma, value_factor):
        rng = self.rng
        self.mask[rows] = mask
        self.area[rows] = np.maximum(
            12.0, np.round(area_median * np.exp(rng.normal(0, sigma, len(rows))))
        )
        self.value_factor[rows] = value_factor
        self._revalue(rows)

    def _revalue(self, rows, factor=1.0):
        per_m2 = (
            self.buurt_level[self.buurt[rows]]
            * self.value_factor[rows]
            * (self.area[rows] / 100.0) ** -0.2
        )
        self.woz[rows] = np.round(
            self.area[rows]
            * per_m2
            * np.exp(self.rng.normal(0, 0.13, len(rows)))
            * factor,
            -3,
        )

    def _people(self, rows, registered, turnover=0.0, prior_share=1.0):
        """Registered persons, and moves from a yearly turnover per registered person."""
        rng = self.rng
        registered = np.asarray(registered, dtype=np.float64)
        self.persons[rows] = registered
        self.moves_in[rows] = rng.poisson(registered * turnover)
        self.moves_out[rows] = rng.poisson(registered * turnover * prior_share)

    def _add_firms(self, rows, counts, codes, p=None, active_share=0.95):
        rng = self.rng
        owner = np.repeat(rows, counts)
        sbi = rng.choice(codes, size=len(owner), p=p).astype(object)
        self.est.append((owner, sbi, rng.random(len(owner)) < active_share))

    def _clear_firms(self, rows):
        gone = np.zeros(self.n, dtype=bool)
        gone[rows] = True
        self.est = [(o[~gone[o]], s[~gone[o]], a[~gone[o]]) for o, s, a in self.est]

    def _streets(
        self, eligible_rows: np.ndarray, count: int, minimum: int
    ) -> list[np.ndarray]:
        """Up to `count` distinct streets with at least `minimum` free eligible addresses; their free rows."""
        free = eligible_rows[self.label[eligible_rows] == ""]
        streets, sizes = np.unique(self.street[free], return_counts=True)
        streets = streets[sizes >= minimum]
        chosen = (
            self.rng.choice(streets, size=min(count, len(streets)), replace=False)
            if len(streets)
            else streets
        )
        return [free[self.street[free] == s] for s in chosen]

    def _lognormal_int(self, median, sigma, size, low=0):
        return np.maximum(
            low, np.round(median * np.exp(self.rng.normal(0, sigma, size)))
        ).astype(np.int64)

    # --- clusters: holiday parks, garage-box rows, new-build complexes, streets -------------------------------------

    def _holiday_parks(self):
        """Holiday parks as their own buurt: recreatiewoningen (logiesfunctie). Most are used as intended; some are
        lived in permanently (RIEC/CCV: 'permanente bewoning', often by people registered elsewhere or not at all);
        a few residents hold a personal tolerance decision."""
        rng = self.rng
        parks = max(1, round(self.n / 100_000))
        for _ in range(parks):
            size = int(rng.integers(80, 320))
            rows = self._take(self.dwelling, size, "holiday_park_recreational")
            park = self.n_buurten
            self.n_buurten += 1
            town = int(self.town[rows[0]])
            self.town[rows] = town
            self.buurt_town = np.append(self.buurt_town, town)
            self.buurt_level = np.append(
                self.buurt_level,
                self.buurt_level[self.buurt[rows[0]]] * rng.uniform(0.5, 0.8),
            )
            self.buurt[rows] = park
            self.street[rows] = park * 14 + rng.integers(0, 4, len(rows))
            cx, cy = (
                self.x[rows[0]] + rng.normal(0, 3000),
                self.y[rows[0]] + rng.normal(0, 3000),
            )
            self.x[rows], self.y[rows] = (
                cx + rng.normal(0, 150, len(rows)),
                cy + rng.normal(0, 150, len(rows)),
            )
            self.year[rows] = np.round(rng.uniform(1965, 2015))
            self._clear_firms(rows)
            self._set_object(rows, LOGIES, 55, 0.3, 1.0)
            self._people(rows, np.zeros(len(rows)))
            permanent = rows[rng.random(len(rows)) < rng.uniform(0.06, 0.18)]
            self.label[permanent] = "holiday_park_permanent"
            residents = 1 + rng.poisson(0.8, len(permanent))
            self._people(
                permanent,
                rng.binomial(residents, rng.uniform(0.3, 0.8)),
                turnover=rng.uniform(0.1, 0.6),
            )
            tolerated = rows[
                (self.label[rows] == "holiday_park_recreational")
                & (rng.random(len(rows)) < 0.04)
            ]
            self.label[tolerated] = "holiday_park_tolerated"
            self._people(tolerated, 1 + (rng.random(len(tolerated)) < 0.5))

    def _garage_rows(self):
        rng = self.rng
        boxes = self.mask == OVERIG
        for rows in self._streets(
            np.flatnonzero(boxes | self.dwelling), max(1, round(self.n / 50_000)), 10
        ):
            rows = rows[: int(rng.integers(8, 40))]
            self.label[rows] = "garage_box_row"
            self._clear_firms(rows)
            self._set_object(rows, OVERIG, 18, 0.15, 0.45)
            self._people(rows, np.zeros(len(rows)))
            used = rows[rng.random(len(rows)) < 0.06]
            self._add_firms(
                used,
                np.ones(len(used), dtype=np.int64),
                np.array(["5210", "6820", "4520", "9529"]),
            )

    def _new_build(self):
        rng = self.rng
        for rows in self._streets(
            np.flatnonzero(self.dwelling), max(1, round(self.n / 40_000)), 30
        ):
            rows = rows[: int(rng.integers(30, 120))]
            self.label[rows] = "new_build_complex"
            self._set_object(rows, WOON, 80, 0.2, 1.2)
            self.year[rows] = rng.choice([2025, 2026])
            persons = 1 + rng.poisson(0.9, len(rows))
            self.persons[rows] = persons
            self.moves_in[rows] = persons
            self.moves_out[rows] = 0

    def _street_clusters(self):
        """Front businesses (half in a street with two to four of them) and legitimate shopping streets with the
        same branches; car dealers together on a business park."""
        rng = self.rng
        shops = np.flatnonzero((self.mask == WINKEL) | (self.mask == (WOON | WINKEL)))
        total = self._count("front_business")
        clustered = total // 2
        done = 0
        for rows in self._streets(shops, max(1, clustered // 3), 3):
            rows = rows[: int(rng.integers(2, 5))]
            self._front(rows)
            done += len(rows)
        self._front(
            self._take(
                np.isin(np.arange(self.n), shops), total - done, "front_business"
            )
        )
        for rows in self._streets(shops, max(1, round(self.n / 20_000)), 4):
            rows = rows[: int(rng.integers(3, 8))]
            self.label[rows] = "shopping_street"
            self._clear_firms(rows)
            self._add_firms(rows, 1 + (rng.random(len(rows)) < 0.15), CASH_SBI)
        units = np.flatnonzero(self.mask == INDUSTRIE)
        for rows in self._streets(units, max(1, round(self.n / 50_000)), 4):
            rows = rows[: int(rng.integers(4, 10))]
            self.label[rows] = "car_dealer_cluster"
            self._clear_firms(rows)
            self._add_firms(
                rows,
                1 + rng.poisson(0.4, len(rows)),
                np.array(["4511", "4520", "4532", "4519"]),
            )

    def _front(self, rows):
        rng = self.rng
        self.label[rows] = "front_business"
        self._clear_firms(rows)
        self._add_firms(rows, 1 + (rng.random(len(rows)) < 0.3), CASH_SBI)
        # earlier front companies at the same address, ended (churn): not active
        self._add_firms(rows, rng.poisson(1.0, len(rows)), CASH_SBI, active_share=0.0)

    # --- mechanisms ---------------------------------------------------------------------------------------------

    def _overcrowded_rental(self, count):
        rng = self.rng
        rows = self._take(
            self.dwelling & (self.area < 160), count, "overcrowded_rental"
        )
        beds = np.maximum(3, np.round(self.area[rows] / rng.uniform(7, 18, len(rows))))
        # anything from a 'spookwoning' registered as empty to every tenant registered
        registered = rng.binomial(
            beds.astype(np.int64), rng.uniform(0.0, 1.0, len(rows))
        )
        self._people(rows, registered, turnover=rng.uniform(0.3, 1.5, len(rows)))
        self._revalue(rows, rng.uniform(0.8, 1.0, len(rows)))

    def _illegal_room_rental(self, count):
        rng = self.rng
        rows = self._take(
            self.dwelling & (self.area >= 60), count, "illegal_room_rental"
        )
        rooms = rng.integers(3, 7, len(rows))
        self._people(
            rows,
            rng.binomial(rooms, rng.uniform(0.5, 1.0, len(rows))),
            turnover=rng.uniform(0.4, 1.2, len(rows)),
        )

    def _address_fraud(self, count):
        rng = self.rng
        rows = self._take(self.dwelling, count, "address_fraud")
        registered = self._lognormal_int(4, 0.6, len(rows), 2)
        self._people(rows, registered, turnover=rng.uniform(0.5, 2.0, len(rows)))
        # some of the registered persons also register a one-man business at the address
        firms = rng.binomial(registered, 0.5) * (rng.random(len(rows)) < 0.3)
        self._add_firms(rows, firms, np.array(["4120", "4332", "4941", "8121", "7810"]))

    def _cannabis_grow_house(self, count):
        rows = self._take(self.dwelling, count, "cannabis_grow_house")
        self._people(
            rows, (self.rng.random(len(rows)) < 0.6).astype(float), turnover=0.2
        )

    def _letterbox_home(self, count):
        rows = self._take(self.dwelling, count, "letterbox_home")
        self._add_firms(
            rows,
            self._lognormal_int(5, 0.7, len(rows), 2),
            SHELL_SBI,
            active_share=0.85,
        )

    def _letterbox_office(self, count):
        rows = self._take(
            (self.mask == KANTOOR) | (self.mask == INDUSTRIE), count, "letterbox_office"
        )
        self._add_firms(
            rows,
            self._lognormal_int(10, 0.8, len(rows), 3),
            SHELL_SBI,
            active_share=0.85,
        )

    def _living_in_business_unit(self, count):
        rng = self.rng
        rows = self._take(self.mask == INDUSTRIE, count, "living_in_business_unit")
        residents = self._lognormal_int(6, 0.6, len(rows), 1)
        self._people(
            rows,
            rng.binomial(residents, rng.uniform(0.0, 0.8, len(rows))),
            turnover=rng.uniform(0.3, 1.2),
        )

    def _drug_lab_unit(self, count):
        rng = self.rng
        rows = self._take(self.mask == INDUSTRIE, count, "drug_lab_unit")
        self._clear_firms(rows)
        self.area[rows] = np.round(rng.uniform(60, 300, len(rows)))
        self._revalue(rows)
        self._add_firms(
            rows,
            np.ones(len(rows), dtype=np.int64),
            np.array(["4690", "5210", "4941", "7711"]),
        )

    def _front_business(self, _count):
        pass  # planted with the street clusters

    def _car_trade_from_home(self, count):
        rows = self._take(self.dwelling, count, "car_trade_from_home")
        self._add_firms(
            rows,
            1 + (self.rng.random(len(rows)) < 0.25),
            np.array(["4511", "4511", "4519", "4520"]),
        )

    def _illegal_workshop_home(self, count):
        rng = self.rng
        rows = self._take(
            self.dwelling & (self.area >= 90), count, "illegal_workshop_home"
        )
        # the rest is not in the Handelsregister at all
        registered = rows[rng.random(len(rows)) < 0.6]
        self._add_firms(
            registered,
            np.ones(len(registered), dtype=np.int64),
            np.array(["4520", "2562", "3811", "4677", "2511"]),
        )

    def _neglected_landlord_property(self, count):
        rng = self.rng
        rows = self._take(
            self.dwelling | (self.mask == (WOON | WINKEL)),
            count,
            "neglected_landlord_property",
        )
        self._revalue(rows, rng.uniform(0.4, 0.9, len(rows)))
        self._people(
            rows,
            rng.integers(0, 6, len(rows)),
            turnover=rng.uniform(0.1, 0.8, len(rows)),
        )

    def _undervalued_transaction(self, count):
        """Sold 20-60 % under the market price; the mass appraisal gives the object's own sale a weight of 20-80 %."""
        rng = self.rng
        rows = self._take(self.label == "", count, "undervalued_transaction")
        self._revalue(
            rows,
            1.0 - rng.uniform(0.2, 0.8, len(rows)) * rng.uniform(0.2, 0.6, len(rows)),
        )

    # --- controls -----------------------------------------------------------------------------------------------

    def _care_home(self, count):
        rng = self.rng
        rows = self._take((self.mask == ZORG) | self.dwelling, count, "care_home")
        big = rng.random(len(rows)) < 0.5
        self._set_object(
            rows[big],
            ZORG | np.where(rng.random(big.sum()) < 0.5, WOON, 0),
            3000,
            0.5,
            0.6,
        )
        self._set_object(rows[~big], WOON, 350, 0.35, 0.9)
        residents = np.where(
            big,
            self._lognormal_int(60, 0.5, len(rows), 15),
            self._lognormal_int(9, 0.3, len(rows), 5),
        )
        self._people(rows, residents, turnover=rng.uniform(0.2, 0.5, len(rows)))
        self._clear_firms(rows)
        self._add_firms(
            rows, np.ones(len(rows), dtype=np.int64), np.array(["8710", "8720", "8790"])
        )

    def _student_house(self, count):
        rng = self.rng
        rows = self._take(self.dwelling & (self.area >= 70), count, "student_house")
        self._set_object(rows, WOON, 130, 0.25, 1.0)
        self._people(
            rows,
            rng.integers(4, 10, len(rows)),
            turnover=rng.uniform(0.3, 0.7, len(rows)),
        )

    def _large_family(self, count):
        rng = self.rng
        rows = self._take(self.dwelling & (self.area >= 70), count, "large_family")
        self._people(rows, 5 + rng.poisson(1.4, len(rows)), turnover=0.03)

    def _group_home(self, count):
        rng = self.rng
        rows = self._take(self.dwelling, count, "group_home")
        self._set_object(rows, WOON, 800, 0.4, 0.7)
        self._people(
            rows,
            self._lognormal_int(18, 0.4, len(rows), 8),
            turnover=rng.uniform(0.05, 0.25, len(rows)),
        )

    def _home_office(self, count):
        rows = self._take(self.dwelling, count, "home_office")
        self._clear_firms(rows)
        self._add_firms(
            rows,
            1 + self.rng.binomial(2, 0.25, len(rows)),
            HOME_SBI,
            p=HOME_P / HOME_P.sum(),
        )

    def _holding_at_home(self, count):
        rows = self._take(self.dwelling & (self.area >= 100), count, "holding_at_home")
        self._clear_firms(rows)
        self._add_firms(rows, 2 + self.rng.poisson(1.3, len(rows)), HOLDING_SBI)

    def _business_centre(self, count):
        rows = self._take(self.mask == KANTOOR, count, "business_centre")
        self._set_object(rows, KANTOOR, 4000, 0.5, 0.6)
        self._clear_firms(rows)
        self._add_firms(
            rows,
            self._lognormal_int(45, 0.7, len(rows), 12),
            OFFICE_SBI,
            active_share=0.9,
        )

    def _company_dwelling(self, count):
        rows = self._take(self.mask == INDUSTRIE, count, "company_dwelling")
        self._people(rows, 1 + self.rng.poisson(1.2, len(rows)), turnover=0.03)

    def _shelter_postal_address(self, count):
        rng = self.rng
        rows = self._take(self.mask == KANTOOR, count, "shelter_postal_address")
        self._people(
            rows,
            self._lognormal_int(30, 0.6, len(rows), 8),
            turnover=rng.uniform(0.8, 1.5, len(rows)),
        )
        self._clear_firms(rows)
        self._add_firms(
            rows, np.ones(len(rows), dtype=np.int64), np.array(["8899", "8790"])
        )

    def _farm_family_business(self, count):
        rng = self.rng
        rows = self._take(self.dwelling, count, "farm_family_business")
        self._set_object(rows, WOON, 220, 0.3, 0.8)
        self._clear_firms(rows)
        self._add_firms(
            rows,
            np.ones(len(rows), dtype=np.int64),
            np.array(["0141", "0111", "0150", "0113"]),
        )
        # loonwerk, transport, machinery repair on the farm
        side = rows[rng.random(len(rows)) < 0.6]
        self._add_firms(
            side,
            1 + (rng.random(len(side)) < 0.3),
            np.array(["0161", "4941", "3312", "4520"]),
        )

    def _special_object(self, count):
        rng = self.rng
        rows = self._take(self.dwelling, count, "special_object")
        self._set_object(rows, WOON, 320, 0.5, 1.0)
        self._revalue(rows, rng.uniform(0.35, 0.8, len(rows)))
        self.year[rows] = np.round(rng.uniform(1600, 1930, len(rows)))

    # --- output ------------------------------------------------------------------------------------------------

    def _frames(self) -> MechanismData:
        n = self.n
        ids = np.arange(1, n + 1, dtype=np.int64)
        lat, lon = rd_to_wgs84(self.x, self.y)
        buurt_codes = [
            f"BU{self.codes[t][2:]}{i:04d}" for i, t in enumerate(self.buurt_town)
        ]
        addresses = pd.DataFrame(
            {
                "id": ids,
                "municipality": pd.Categorical.from_codes(
                    self.town, categories=self.codes
                ),
                "neighbourhood": pd.Categorical.from_codes(
                    self.buurt, categories=buurt_codes
                ),
                "street": pd.Categorical.from_codes(
                    self.street,
                    categories=[
                        f"Synthetische straat {i}" for i in range(self.n_buurten * 14)
                    ],
                ),
                "purpose_mask": self.mask.astype(np.int32),
                "floor_area": self.area.astype(np.float64),
                "construction_year": self.year.astype(np.float64),
                "persons": self.persons.astype(np.float64),
                "moves_in": self.moves_in.astype(np.float64),
                "moves_out": self.moves_out.astype(np.float64),
                "woz_value": self.woz.astype(np.float64),
                "rd_x": self.x,
                "rd_y": self.y,
                "lat": lat,
                "lon": lon,
            }
        )
        owner = np.concatenate([e[0] for e in self.est])
        order = np.argsort(owner, kind="stable")
        establishments = pd.DataFrame(
            {
                "address_id": ids[owner[order]],
                "sbi_code": np.concatenate([e[1] for e in self.est]).astype(object)[
                    order
                ],
                "active": np.concatenate([e[2] for e in self.est]).astype(bool)[order],
            }
        )
        labelled = np.flatnonzero(self.label != "")
        names = self.label[labelled]
        truth = pd.DataFrame(
            {
                "address_id": ids[labelled],
                "kind": names,
                "role": [KINDS[k].role for k in names],
                "theme": [KINDS[k].theme for k in names],
            }
        )
        return MechanismData(
            addresses=addresses, establishments=establishments, truth=truth
        )
