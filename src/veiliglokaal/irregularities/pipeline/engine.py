"""Where the pipeline runs: in this process (default) or partitioned over a Dask distributed cluster.

With `DOOK_DASK_SCHEDULER` set (or a scheduler address passed in), the frames are split into partitions of whole
municipalities — peer groups, streets, buurten and ranks never cross a municipality — each partition runs the very
same `run_partition` on a worker, and the results are joined in canonical order. So both engines give identical
results (tests/irregularities/test_dask_parity.py proves it on a local cluster).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from django.conf import settings as django_settings

from .run import PipelineResult, concat, run_partition
from .schema import Frames, validate_frames
from .settings import PipelineSettings

IN_PROCESS = "in-process"
DASK = "dask"


def configured_engine() -> str:
    return DASK if getattr(django_settings, "DOOK_DASK_SCHEDULER", "") else IN_PROCESS


def run_pipeline(frames: Frames, settings: PipelineSettings | None = None, engine: str | None = None, *,
                 scheduler: str | None = None, client=None, partitions: int | None = None) -> PipelineResult:
    """Run the whole pipeline. `engine` defaults to the configured one; a Dask `client` may be passed directly."""
    settings = settings or PipelineSettings()
    validate_frames(frames)
    engine = engine or (DASK if (client or scheduler) else configured_engine())
    if engine == IN_PROCESS:
        return run_partition(frames, settings)
    if engine != DASK:
        raise ValueError(f"Onbekende rekenmachine: {engine}")
    return _run_on_dask(frames, settings, client=client,
                        scheduler=scheduler or getattr(django_settings, "DOOK_DASK_SCHEDULER", ""),
                        partitions=partitions)


def partition_frames(frames: Frames, partitions: int) -> list[Frames]:
    """Split by municipality into at most `partitions` parts of similar size (greedy by address count)."""
    codes, uniques = pd.factorize(frames.addresses["municipality"].array, sort=True)
    names = [str(u) for u in uniques]
    counts = np.bincount(codes, minlength=len(names))
    loads = np.zeros(max(1, partitions))
    assignment = {}
    for index in np.argsort(-counts, kind="stable"):
        target = int(np.argmin(loads))
        assignment[names[index]] = target
        loads[target] += counts[index]
    part_of_address = np.array([assignment[name] for name in names], dtype=np.int64)[codes]
    address_part = pd.Series(part_of_address, index=frames.addresses["id"].to_numpy())
    establishment_part = address_part.reindex(frames.establishments["address_id"].to_numpy()).to_numpy()
    result = []
    for part in range(len(loads)):
        addresses = frames.addresses[part_of_address == part]
        if len(addresses):
            result.append(Frames(addresses=addresses, establishments=frames.establishments[establishment_part == part]))
    return result


def _run_on_dask(frames: Frames, settings: PipelineSettings, *, client, scheduler: str, partitions) -> PipelineResult:
    from distributed import Client

    own_client = client is None
    client = client or Client(scheduler)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        parts = partition_frames(frames, partitions or workers * 2)
        futures = [client.submit(run_partition, part, settings, pure=False) for part in parts]
        return concat(client.gather(futures))
    finally:
        if own_client:
            client.close()
