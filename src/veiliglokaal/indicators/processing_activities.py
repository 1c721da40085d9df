"""The veiligheidsbeeld processes no personal data: open statistics of CBS and the police, per municipality.
The GIR indicator reads suppressed aggregates of `incidents` (registered there)."""

ACTIVITIES: list[dict] = []
