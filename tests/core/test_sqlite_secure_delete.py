"""Deleted rows must not survive in free pages (issue 20 item 6): SQLite overwrites them; PostgreSQL relies on
(auto)vacuum to reclaim them (README, "Deploying on PostgreSQL")."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_deleted_content_does_not_linger():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA secure_delete")
            assert cursor.fetchone()[0] == 1
        else:
            cursor.execute("SHOW autovacuum")
            assert cursor.fetchone()[0] == "on"
