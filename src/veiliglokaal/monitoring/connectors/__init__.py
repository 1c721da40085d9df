"""Registry of connectors: one folder per source type, each with the contract of `base.Connector`."""

from .base import Connector, ConnectorError, ParseResult, RawPost  # noqa: F401
from .mastodon import MastodonConnector
from .rss import RssConnector
from .telegram import TelegramConnector
from .upload import UploadConnector

REGISTRY: dict[str, Connector] = {c.key: c for c in (RssConnector(), MastodonConnector(), TelegramConnector(),
                                                      UploadConnector())}


def get(key: str) -> Connector:
    return REGISTRY[key]


def live_keys() -> list[str]:
    return [key for key, connector in REGISTRY.items() if connector.live]
