"""Background jobs of enforcement: none yet (deadlines are stored on the case and shown in the worklist)."""
