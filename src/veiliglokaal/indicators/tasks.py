"""Background jobs of the veiligheidsbeeld: none yet. Statistics load with the `load_statistics` command."""
