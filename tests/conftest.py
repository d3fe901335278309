"""Shared fixtures. Add yours below, each with a line saying what it gives.

`db_url`: the URL of a new, empty planwatch database, once on SQLite and once on PostgreSQL (a test that
takes it runs twice: `test_x[sqlite]`, `test_x[postgresql]`). The schema is created by the store on first
use, as in production. PostgreSQL is a throwaway server started once per test session from Debian's
`postgresql` package (`scripts/system-deps.sh`, run by `make test`); a test never skips for want of it —
without it the PostgreSQL half errors, saying so. `-k sqlite` runs the SQLite half only.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import settings

from planwatch.store.db import dispose_engines
from planwatch.store.pgserver import PostgresServer

# No timed tests: a property's examples are not held to a deadline either (the first one loads the grammar,
# and a shared machine makes any example slow now and then)
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for this test session; `.create_database()` gives the URL of a new database."""
    with PostgresServer() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A new empty database, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'planwatch.db'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database()
    yield url
    dispose_engines()  # close pooled connections so that the server and temp files can go
