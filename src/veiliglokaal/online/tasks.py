"""Background jobs of the meldpunt: none yet as django-tasks. The scheduled work runs as management commands:
`send_online_reminders` and `apply_online_retention`."""
