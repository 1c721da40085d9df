"""Background jobs of accounts: none yet (invitations are mailed in the request; expiry is checked on use)."""
