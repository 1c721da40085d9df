"""Core processes no personal data of its own: the registry of municipalities and data sources is open data.
Municipal users are registered by `accounts`; the logs by `audit`."""

ACTIVITIES: list[dict] = []
