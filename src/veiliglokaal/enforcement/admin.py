"""No admin for enforcement cases: the case pages are the only place they are worked (history stays append-only)."""
