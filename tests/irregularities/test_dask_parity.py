"""The same pipeline on a local Dask distributed cluster gives results identical to the in-process run.

The cluster runs real worker *processes* (not threads), so every frame, setting and function that travels to a
worker is pickled and rebuilt there — what a real cluster does. One small cluster serves the whole module.
"""

import os

import pandas as pd
import pytest

from veiliglokaal.demo import dook_synthetic as synthetic
from veiliglokaal.irregularities.pipeline import PipelineSettings, run_pipeline
from veiliglokaal.irregularities.pipeline.engine import partition_frames


@pytest.fixture(scope="module")
def national_sample():
    return synthetic.generate_frames(total=40_000, seed=7)


@pytest.fixture(scope="module")
def process_cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      memory_limit="1GiB") as cluster:
        yield cluster


def _settings(frames):
    municipalities = sorted(frames.addresses["municipality"].astype(str).unique())
    return PipelineSettings(overrides={
        municipalities[0]: {"occupancy": {"params": {"max_m2_per_person": 20.0, "min_persons": 3}}},
        municipalities[1]: {"high_risk_concentration": {"params": {"area": "buurt", "sbi_prefixes": ["45"]}}},
        municipalities[2]: {"anomaly_score": {"params": {"min_peer_size": 10, "min_score": 8.0}},
                            "many_moves": {"enabled": False}},
    })


def test_partitions_keep_municipalities_whole(national_sample):
    parts = partition_frames(national_sample.frames, 4)
    seen = set()
    for part in parts:
        names = set(part.addresses["municipality"].astype(str))
        assert not names & seen
        seen |= names
    assert sum(len(p.addresses) for p in parts) == len(national_sample.frames.addresses)
    assert sum(len(p.establishments) for p in parts) == len(national_sample.frames.establishments)


def test_dask_local_cluster_gives_identical_results(national_sample, settings, process_cluster):
    from distributed import Client

    pipeline_settings = _settings(national_sample.frames)
    expected = run_pipeline(national_sample.frames, pipeline_settings, engine="in-process")
    with Client(process_cluster) as client:
        actual = run_pipeline(national_sample.frames, pipeline_settings, client=client, partitions=5)
        worker_pids = set(client.run(os.getpid).values())
    assert len(worker_pids) == 2 and os.getpid() not in worker_pids  # really other processes
    # the configured way: DOOK_DASK_SCHEDULER names the scheduler, the engine connects by itself
    settings.DOOK_DASK_SCHEDULER = process_cluster.scheduler_address
    configured = run_pipeline(national_sample.frames, pipeline_settings)
    assert expected.addresses["signal"].sum() > 0
    _assert_identical(expected, actual)
    _assert_identical(expected, configured)


def _assert_identical(expected, actual):
    for name in ("addresses", "peers", "aggregates"):
        left = getattr(expected, name)
        right = getattr(actual, name)
        for column in left.columns:  # categoricals from different partitions compare as their values
            if isinstance(left[column].dtype, pd.CategoricalDtype):
                left = left.assign(**{column: left[column].astype(str)})
            if isinstance(right[column].dtype, pd.CategoricalDtype):
                right = right.assign(**{column: right[column].astype(str)})
        pd.testing.assert_frame_equal(left, right, check_exact=True, check_dtype=False)
