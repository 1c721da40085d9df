"""Synthetic register contents for the DOOK demo: establishments (KvK), BRP counts and WOZ values per address,
with irregularities of every kind planted on purpose and recorded as ground truth. Pure Python (no database):
`demo.py` writes the results as files in the real formats and runs them through the real importers."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

# SBI 2008 codes. Home businesses that fit a dwelling, shops, business-park trades, and the branches that
# ondermijning programmes watch (car trade/repair, barbers, shisha/cafés, car rental, parts).
HOME_SBI = {"6201": "Softwareontwikkeling", "7022": "Advies", "7490": "Adviesbureau", "7410": "Ontwerpstudio",
            "8559": "Bijles", "9003": "Kunstatelier", "7111": "Architectenbureau", "6910": "Juridisch advies",
            "4791": "Webwinkel", "8690": "Praktijk"}
SHOP_SBI = {"4711": "Supermarkt", "4719": "Warenhuis", "4771": "Kledingwinkel", "4772": "Schoenen",
            "4776": "Bloemen", "4778": "Opticien", "5610": "Restaurant", "4761": "Boekhandel", "4741": "Computers"}
BUSINESS_SBI = {"2511": "Staalbouw", "4120": "Bouwbedrijf", "4321": "Elektrotechniek", "4332": "Timmerwerk",
                "4669": "Groothandel machines", "4941": "Transport", "3312": "Machinereparatie",
                "4673": "Groothandel hout"}
HIGH_RISK_SBI = {"4511": "Autohandel", "4520": "Autoreparatie", "4532": "Auto-onderdelen", "9602": "Barbershop",
                 "5630": "Shishalounge", "7711": "Autoverhuur"}
# Transport (4941) and wholesale (46) are registration-only and fit a home (sbi_gebruiksdoel.yaml, issue 12).
NOT_AT_HOME_SBI = {"4520": "Autoreparatie", "5610": "Restaurant", "9604": "Massagesalon",
                   "1071": "Bakkerij", "9313": "Sportschool", "2562": "Metaalbewerking"}
SHELL_SBI = {"6420": "Financiële holding", "7010": "Holding", "8211": "Administratiekantoor", "6810": "Vastgoed",
             "4690": "Groothandel"}
NAME_PREFIXES = ("Veluwe", "Noorderlicht", "De Eik", "Zandbergen", "Het Hooge", "Heideveld", "Kroon", "Van Dijk",
                 "Bosrand", "De Linde", "Horizon", "Kompas", "Molenzicht", "Twee Beuken", "Lindehof", "Dorpsplein")

RESIDENTIAL = "woonfunctie"


@dataclass
class DemoAddress:
    bag_id: str
    designation_id: str
    street: str
    number: int
    letter: str
    postcode: str
    city: str
    x: float
    y: float
    purposes: str = ""  # "" when the source has no gebruiksdoel (the real Amsterdam extract)
    area: int | None = None
    year: int | None = None
    building_id: str = ""
    zone: str = "residential"

    @property
    def is_residential(self) -> bool:
        return RESIDENTIAL in self.purposes.split(",") if self.purposes else True

    @property
    def business_only(self) -> bool:
        return bool(self.purposes) and RESIDENTIAL not in self.purposes.split(",")


@dataclass
class Establishment:
    number: str
    kvk: str
    name: str
    sbi: str
    sbi_text: str
    address: DemoAddress
    main: bool = True
    started: dt.date = dt.date(2015, 1, 1)


@dataclass
class Registers:
    establishments: list[Establishment] = field(default_factory=list)
    brp: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # bag_id -> (persons, in, out)
    woz: dict[str, int] = field(default_factory=dict)
    planted: list[tuple[str, str, str]] = field(default_factory=list)  # (bag_id, kind, detail)


class RegisterBuilder:
    """Baseline registers for a list of addresses, then planted irregularities on disjoint addresses."""

    def __init__(self, addresses: list[DemoAddress], seed: int, municipality_code: str):
        self.addresses = addresses
        self.rng = random.Random(seed)
        self.registers = Registers()
        self.code = municipality_code
        self._next_establishment = 1
        self._used: set[str] = set()

    # -- baseline --------------------------------------------------------------------------------------------

    def baseline(self) -> Registers:
        for address in self.addresses:
            self._baseline_brp(address)
            self._baseline_kvk(address)
            self.registers.woz[address.bag_id] = self._woz(address)
        return self.registers

    def _baseline_brp(self, address: DemoAddress) -> None:
        if not address.is_residential or self.rng.random() < 0.06:  # some dwellings stand empty
            return
        area = address.area or 80
        persons = max(1, min(6, round(self.rng.gauss(area / 45, 0.9))))
        moves_in = self.rng.choices((0, 1, 2, 3), (80, 12, 6, 2))[0]
        moves_out = self.rng.choices((0, 1, 2, 3), (80, 12, 6, 2))[0]
        self.registers.brp[address.bag_id] = (persons, moves_in, moves_out)

    def _baseline_kvk(self, address: DemoAddress) -> None:
        if address.zone == "shop" or "winkelfunctie" in address.purposes:
            self._establish(address, SHOP_SBI)
        elif address.zone == "business" and address.business_only and "overige" not in address.purposes:
            self._establish(address, BUSINESS_SBI)
            if self.rng.random() < 0.1:
                self._establish(address, BUSINESS_SBI, main=False)
        elif address.is_residential and self.rng.random() < 0.06:
            self._establish(address, HOME_SBI)

    def _woz(self, address: DemoAddress) -> int:
        if address.area is None:
            return int(round(self.rng.lognormvariate(12.95, 0.25), -3))  # ~420k, the real extract has no area
        per_m2 = {"woonfunctie": 3300, "winkelfunctie": 2200, "kantoorfunctie": 1600, "industriefunctie": 900,
                  "gezondheidszorgfunctie": 2400, "logiesfunctie": 1900, "bijeenkomstfunctie": 1500,
                  "overige gebruiksfunctie": 1300}.get(address.purposes.split(",")[0], 2000)
        age_factor = 1.0 + max(-0.15, min(0.15, ((address.year or 1980) - 1980) / 250))
        return int(round(address.area * per_m2 * age_factor * self.rng.lognormvariate(0, 0.10), -3))

    def _establish(self, address: DemoAddress, branches: dict, *, main: bool = True, name: str = "") -> Establishment:
        sbi = self.rng.choice(sorted(branches))
        number = self._next_establishment
        self._next_establishment += 1
        item = Establishment(
            number=f"{self.code}{number:08d}", kvk=f"{60000000 + number:08d}",
            name=name or f"{self.rng.choice(NAME_PREFIXES)} {branches[sbi]}", sbi=sbi, sbi_text=branches[sbi],
            address=address, main=main,
            started=dt.date(self.rng.randint(1995, 2024), self.rng.randint(1, 12), self.rng.randint(1, 28)))
        self.registers.establishments.append(item)
        return item

    # -- planting ------------------------------------------------------------------------------------------

    def _pick(self, count: int, condition) -> list[DemoAddress]:
        pool = [a for a in self.addresses if a.bag_id not in self._used and condition(a)]
        chosen = self.rng.sample(pool, min(count, len(pool)))
        self._used.update(a.bag_id for a in chosen)
        return chosen

    def _plant(self, address: DemoAddress, kind: str, detail: str) -> None:
        self.registers.planted.append((address.bag_id, kind, detail))

    def plant_overcrowding(self, count: int = 8) -> None:
        for a in self._pick(count, lambda a: a.is_residential and a.area and 40 <= a.area <= 90):
            persons = max(9, a.area // 6 + self.rng.randint(0, 3))
            self.registers.brp[a.bag_id] = (persons, self.rng.randint(0, 2), self.rng.randint(0, 2))
            self._plant(a, "overcrowding", f"{persons} personen op {a.area} m²")

    def plant_many_moves(self, count: int = 8) -> None:
        for a in self._pick(count, lambda a: a.is_residential):
            persons, moves_in, moves_out = self.rng.randint(2, 5), self.rng.randint(9, 16), self.rng.randint(8, 15)
            self.registers.brp[a.bag_id] = (persons, moves_in, moves_out)
            self._plant(a, "many_moves", f"{moves_in} verhuizingen naar en {moves_out} van het adres in 12 maanden")

    def plant_persons_at_business_address(self, count: int = 6) -> None:
        for a in self._pick(count, lambda a: a.business_only):
            persons = self.rng.randint(2, 6)
            self.registers.brp[a.bag_id] = (persons, self.rng.randint(1, 4), 0)
            self._plant(a, "persons_at_business_address", f"{persons} personen ingeschreven; gebruiksdoel {a.purposes}")

    def plant_many_companies(self, count: int = 5) -> None:
        for a in self._pick(count, lambda a: a.is_residential or "kantoorfunctie" in a.purposes):
            companies = self.rng.randint(9, 20)
            for _i in range(companies):
                self._establish(a, SHELL_SBI)
            self._plant(a, "many_companies", f"{companies} vestigingen op één adres")

    def plant_high_risk_cluster(self, size: int = 6, zones=("business", "shop")) -> None:
        streets: dict[str, list[DemoAddress]] = {}
        for a in self.addresses:
            if a.bag_id not in self._used and (a.zone in zones or not a.purposes):
                streets.setdefault(a.street, []).append(a)
        candidates = sorted((s for s, items in streets.items() if len(items) >= size), key=str)
        if not candidates:
            return
        street = self.rng.choice(candidates)
        run = sorted(streets[street], key=lambda a: (a.number, a.letter))
        start = self.rng.randint(0, len(run) - size)
        for a in run[start:start + size]:
            self._used.add(a.bag_id)
            item = self._establish(a, HIGH_RISK_SBI)
            self._plant(a, "high_risk_sbi_cluster", f"{item.sbi_text} (SBI {item.sbi}), een van {size} in {street}")

    def plant_activity_not_allowed(self, count: int = 8) -> None:
        for a in self._pick(count, lambda a: a.purposes == RESIDENTIAL or "overige" in a.purposes):
            item = self._establish(a, NOT_AT_HOME_SBI)
            self._plant(a, "activity_not_allowed", f"{item.sbi_text} (SBI {item.sbi}) bij gebruiksdoel {a.purposes}")

    def plant_woz_outliers(self, count: int = 8) -> None:
        for i, a in enumerate(self._pick(count, lambda a: a.is_residential)):
            factor = 0.3 if i % 3 else 3.5
            self.registers.woz[a.bag_id] = int(round(self.registers.woz[a.bag_id] * factor, -3))
            self._plant(a, "woz_outlier", f"WOZ-waarde × {factor} ten opzichte van vergelijkbare adressen")
