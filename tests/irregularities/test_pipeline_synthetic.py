"""The SYNTHETIC national generator, the Parquet writer, the commands, and the RD/WGS84 and hexagon geometry."""

import duckdb
import numpy as np
import pytest
from django.core.management import call_command

from veiliglokaal.core.geo import rd_to_wgs84, wgs84_to_rd
from veiliglokaal.demo import dook_synthetic as synthetic
from veiliglokaal.irregularities.models import ScoringRun
from veiliglokaal.irregularities.pipeline import geo, run_pipeline
from veiliglokaal.irregularities.pipeline.indicators import BY_CODE

from .factories_scoring import db_address, source_import


def test_generator_is_seeded_and_covers_every_municipality_and_kind():
    first = synthetic.generate_frames(total=20_000, seed=3)
    again = synthetic.generate_frames(total=20_000, seed=3)
    assert first.frames.addresses.equals(again.frames.addresses)
    assert len(first.frames.addresses) == 20_000
    assert first.frames.addresses["municipality"].nunique() == 342
    assert first.frames.addresses["id"].is_unique
    assert set(first.truth["kind"]) == set(synthetic.PLANTED_KINDS) <= set(BY_CODE)


def test_planted_irregularities_are_found_by_their_indicator():
    data = synthetic.generate_frames(total=60_000, seed=11)
    result = run_pipeline(data.frames).addresses.set_index("id")
    for kind, planted in data.truth.groupby("kind"):
        fired = result.loc[planted["address_id"], f"{kind}_fired"]
        assert fired.mean() >= 0.9, (kind, fired.mean())


def test_parquet_is_written_in_chunks(tmp_path):
    synthetic.write_parquet(tmp_path, total=5_000, seed=1)
    count = duckdb.connect().execute(f"select count(*) from read_parquet('{tmp_path}/addresses/*.parquet')").fetchone()[0]
    truth = duckdb.connect().execute(
        f"select count(distinct kind) from read_parquet('{tmp_path}/truth/*.parquet')").fetchone()[0]
    assert count == 5_000 and truth == len(synthetic.PLANTED_KINDS)
    assert "SYNTHETISCH" in (tmp_path / "README.txt").read_text()


def test_rd_wgs84_round_trip_and_known_point():
    lat, lon = rd_to_wgs84(155_000.0, 463_000.0)  # the Amersfoort origin of RD
    assert lat == pytest.approx(52.15517440) and lon == pytest.approx(5.38720621)
    x, y = wgs84_to_rd(*rd_to_wgs84(np.array([121_000.0, 233_000.0]), np.array([487_000.0, 582_000.0])))
    assert np.allclose(x, [121_000.0, 233_000.0], atol=2.0) and np.allclose(y, [487_000.0, 582_000.0], atol=2.0)


def test_hexagon_cells_contain_their_points():
    rng = np.random.default_rng(0)
    x, y = rng.uniform(150_000, 160_000, 2000), rng.uniform(460_000, 470_000, 2000)
    q, r = geo.hex_cells(x, y)
    centres = np.array([geo.hex_centre(a, b) for a, b in zip(q, r)])
    # every point lies within the circumradius of its own hexagon's centre
    assert (np.hypot(x - centres[:, 0], y - centres[:, 1]) <= geo.HEX_WIDTH_M / np.sqrt(3) + 1e-6).all()
    assert len(geo.hex_boundary(int(q[0]), int(r[0]))["coordinates"][0]) == 7


@pytest.mark.django_db(transaction=True)
def test_score_command(municipality_a, tmp_path):
    imported = source_import(municipality_a)
    for number in range(1, 6):
        db_address(municipality_a, imported, number=number)
    call_command("score_dook", "GM0233")
    assert ScoringRun.objects.get().addresses == 5
    call_command("generate_dook_synthetic", "--addresses", "3000", "--output", str(tmp_path))
    assert (tmp_path / "addresses" / "part-0000.parquet").exists()
