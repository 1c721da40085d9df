"""The allow-list: forbidden inputs (nationality, ethnicity, country of birth, ... and proxies) are refused."""

import pytest
from django.core.exceptions import ValidationError

from veiliglokaal.irregularities.models import IndicatorSetting
from veiliglokaal.irregularities.pipeline import PipelineSettings, run_pipeline
from veiliglokaal.irregularities.pipeline.features import (ALLOWED_COLUMNS, ForbiddenInputError, UnknownInputError,
                                                           check_params, forbidden_reason)
from veiliglokaal.irregularities.pipeline.indicators import clean_params
from veiliglokaal.irregularities.pipeline.schema import ADDRESS_COLUMNS, ESTABLISHMENT_COLUMNS

from .factories_scoring import address, frames

FORBIDDEN = ["nationaliteit", "Nationality", "nationaliteit_code", "etniciteit", "ethnicity", "etnische_groep",
             "geboorteland", "Geboorte_Land", "country_of_birth", "countryOfBirth", "birth_country",
             "land_van_geboorte", "migratieachtergrond", "migration_background", "herkomst", "niet_westers",
             "allochtoon", "naam", "achternaam", "voornaam", "surname", "first_name", "bewoner_naam", "name",
             "taal", "moedertaal", "language", "spoken_language", "religie", "religion", "geloof", "huidskleur",
             "verblijfsvergunning", "inburgering", "bsn", "paspoort_land", "tolk_nodig"]


@pytest.mark.parametrize("column", FORBIDDEN)
def test_forbidden_column_smuggled_into_the_address_frame_is_refused(column):
    data = frames([address() for _ in range(3)])
    data.addresses[column] = "x"
    with pytest.raises(ForbiddenInputError, match="verboden invoer"):
        run_pipeline(data)


def test_forbidden_column_in_the_establishment_frame_is_refused():
    data = frames([address()], [(1, "4511")])
    data.establishments["eigenaar_nationaliteit"] = "x"
    with pytest.raises(ForbiddenInputError):
        run_pipeline(data)


def test_a_column_that_is_not_on_the_list_is_refused_too():
    data = frames([address() for _ in range(3)])
    data.addresses["totaal_inkomen"] = 1.0  # not forbidden by name ("totaal" is not "taal"), but not allowed either
    assert forbidden_reason("totaal_inkomen") is None
    with pytest.raises(UnknownInputError, match="niet op de lijst"):
        run_pipeline(data)


def test_every_contract_column_is_declared_and_none_is_forbidden():
    assert set(ADDRESS_COLUMNS) | set(ESTABLISHMENT_COLUMNS) == set(ALLOWED_COLUMNS)
    for name, column in ALLOWED_COLUMNS.items():
        assert forbidden_reason(name) is None, name
        assert column.source and column.meaning and column.why_allowed


@pytest.mark.parametrize("params", [
    {"nationaliteit": ["NL"]},
    {"max_m2_per_person": 12, "extra": {"geboorteland": "x"}},
    {"sbi_prefixes": ["4511"], "exclude": "migratieachtergrond"},
])
def test_forbidden_names_in_indicator_params_are_refused(params):
    with pytest.raises(ForbiddenInputError):
        check_params(params, "parameters")
    with pytest.raises(ValidationError, match="verboden invoer"):
        clean_params("occupancy", params)


def test_forbidden_setting_smuggled_into_the_database_is_refused_by_the_service(municipality_a):
    from veiliglokaal.irregularities.scoring import pipeline_settings

    IndicatorSetting.objects.create(municipality=municipality_a, indicator="occupancy",
                                    params={"max_m2_per_person": 12, "per_nationaliteit": True})
    with pytest.raises(ValidationError, match="verboden invoer"):
        pipeline_settings(municipality_a)


def test_forbidden_settings_passed_to_the_pipeline_directly_have_no_effect_on_columns():
    # Settings can only name declared parameters; a settings object naming a forbidden column changes nothing,
    # and the frames are still checked (the pipeline reads only declared parameters).
    data = frames([address() for _ in range(3)])
    settings = PipelineSettings(overrides={"GM0001": {"occupancy": {"params": {"nationaliteit": "NL"}}}})
    result = run_pipeline(data, settings)
    assert not any("nationalit" in column for column in result.addresses.columns)
