"""The workflow kit processes no personal data of its own: every case type's module registers the processing of
its cases (and their history) in its own `processing_activities.py`."""

ACTIVITIES: list[dict] = []
