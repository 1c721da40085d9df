"""The DOOK scoring pipeline: columnar, vectorised, in-process or on a Dask cluster (ADR 0009)."""

from .engine import run_pipeline  # noqa: F401
from .run import ALGORITHM_VERSION, PipelineResult  # noqa: F401
from .schema import Frames  # noqa: F401
from .settings import PipelineSettings  # noqa: F401
