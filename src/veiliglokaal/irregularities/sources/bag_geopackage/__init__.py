from . import source  # noqa: F401  (registers the source type)
