"""Veilig Lokaal: one platform for Dutch municipalities' local safety work."""
