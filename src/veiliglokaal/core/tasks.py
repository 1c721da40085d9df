"""Background jobs of core: none yet. The registry loads with the `load_registry` management command."""
