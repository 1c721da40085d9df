"""Background jobs of audit: none yet. The chain check runs as the `verify_audit` management command."""
