"""Background jobs of GIR: none yet as django-tasks. The scheduled work runs as management commands:
`send_reminders`, `apply_retention` and `freeze_gir_national`."""
