"""Forms of the veiligheidsbeeld: none yet (the pages take no input beyond declared query parameters)."""
