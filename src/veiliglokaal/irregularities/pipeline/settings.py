"""Per-municipality choices for the pipeline: which indicators are on and with which thresholds.

Defaults live in the indicator declarations; a municipality overrides them through `IndicatorSetting` rows
(validated by `indicators.clean_params`). The pipeline receives one `PipelineSettings` for all municipalities in
its frames and resolves every parameter to one value per address, so evaluation stays vectorised.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass
class PipelineSettings:
    # municipality code -> indicator (or "anomaly_score") code -> {"enabled": bool, "params": {...}}
    overrides: dict[str, dict[str, dict]] = field(default_factory=dict)
    # municipality code -> SBI prefixes the municipality added to the risk-branch list (RiskBranchExtension rows)
    extra_risk_branches: dict[str, list[str]] = field(default_factory=dict)

    def entry(self, municipality: str, code: str) -> dict:
        return self.overrides.get(municipality, {}).get(code, {})

    def enabled(self, municipality: str, code: str) -> bool:
        return bool(self.entry(municipality, code).get("enabled", True))

    def param(self, municipality: str, code: str, name: str, default):
        return self.entry(municipality, code).get("params", {}).get(name, default)

    def high_risk_prefixes(self, municipality: str, default: list[str]) -> list[str]:
        """The risk-branch list of a municipality: its replacement list (or the default), plus its extensions."""
        base = self.param(municipality, "high_risk_concentration", "sbi_prefixes", default)
        return sorted(set(base) | set(self.extra_risk_branches.get(municipality, [])))

    def as_dict(self) -> dict:
        return {"overrides": self.overrides, "extra_risk_branches": self.extra_risk_branches}


class MunicipalityIndex:
    """The municipalities of a frame, with each address's index into them: resolves settings per address."""

    def __init__(self, municipality_column):
        codes, uniques = pd.factorize(municipality_column, sort=True)
        self.codes = codes.astype(np.int64)
        self.names = [str(u) for u in uniques]

    def per_row(self, value_of) -> np.ndarray:
        """`value_of(municipality_code)` evaluated once per municipality and spread over its addresses."""
        values = [value_of(name) for name in self.names]
        if values and all(_same(v, values[0]) for v in values):
            return np.full(len(self.codes), values[0]) if isinstance(values[0], str) else np.asarray(values[0])
        values = np.array(values)
        if not len(self.names):
            return values
        return values[self.codes]

    def rows_of(self, names: set[str]) -> np.ndarray:
        wanted = np.array([name in names for name in self.names], dtype=bool)
        return wanted[self.codes] if len(self.names) else np.zeros(0, dtype=bool)


def _same(a, b) -> bool:
    return type(a) is type(b) and a == b
