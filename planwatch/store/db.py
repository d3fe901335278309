"""Engines and sessions: which database, how it is opened, and its schema brought up to date.

`get_engine(url)` is the one way in: it resolves the URL (`--db`, else `PLANWATCH_DB`, else
`sqlite:///planwatch.db`), sets SQLite up for concurrent use (WAL, foreign keys, busy timeout, real
transactions) and runs the Alembic migrations shipped in this package the first time a process opens
a database.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Union

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from planwatch.store.packing import register as register_functions

DEFAULT_URL = "sqlite:///planwatch.db"
ENV_VAR = "PLANWATCH_DB"
SQLITE_BUSY_TIMEOUT_MS = 60_000
_MIGRATION_LOCK_ID = 0x706C616E  # "plan": PostgreSQL advisory lock held while migrating

SessionOrDb = Union[Session, Engine, str, None]
"""What the query functions accept: an open session, an engine, a database URL, or None (the default)."""

_engines: dict[str, Engine] = {}


def resolve_url(db: str | None = None) -> str:
    """The database URL to use: `db`, else $PLANWATCH_DB, else planwatch.db in the working folder.

    A plain path is a SQLite file; `postgresql://` means the psycopg 3 driver.
    """
    url = db or os.environ.get(ENV_VAR) or DEFAULT_URL
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def get_engine(db: str | None = None) -> Engine:
    """The engine of a database, created once per process, its schema migrated to the newest version."""
    url = resolve_url(db)
    engine = _engines.get(url)
    if engine is None:
        engine = _create_engine(url)
        migrate(engine)
        _engines[url] = engine
    return engine


def dispose_engines() -> None:
    """Close every pooled connection (tests and long-running processes that switch databases)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


def _create_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    memory = parsed.database in (None, "", ":memory:")
    if not memory:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, poolclass=StaticPool if memory else None)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (see "begin" below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if not memory:
            _write_ahead_log(cursor)
            cursor.execute("PRAGMA synchronous = NORMAL")  # durable across a killed process in WAL mode
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()
        register_functions(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the write lock up front (BEGIN IMMEDIATE): a deferred transaction that reads and
        # then writes can fail at once with SQLITE_BUSY when another process wrote in between.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _write_ahead_log(cursor: Any) -> None:
    """Put the database in WAL mode. A database switches to it once, under an exclusive lock: two processes
    opening a new database at once may each hold the shared lock the other's switch waits for, which SQLite
    answers at once with "database is locked" rather than waiting (the wait would never end). The switch is
    tried again, for as long as the busy timeout."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(2 * pause, 0.2)


def alembic_config(url: str | None = None) -> Config:
    """The Alembic configuration of the migrations shipped in `planwatch/store/migrations`."""
    config = Config()
    config.set_main_option("script_location", "planwatch.store:migrations")
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; safe when several processes open a new database."""
    config = alembic_config()
    heads = set(ScriptDirectory.from_config(config).get_heads())
    with engine.connect() as conn:
        if set(MigrationContext.configure(conn).get_current_heads()) == heads:
            return
        conn.rollback()
    with engine.connect() as conn:
        conn = conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK_ID})")
            if set(MigrationContext.configure(conn).get_current_heads()) != heads:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")


def writer(engine: Engine) -> Engine:
    """The engine to write through: on SQLite its transactions take the write lock when they begin."""
    return engine.execution_options(sqlite_begin="IMMEDIATE")


@contextmanager
def session_scope(session_or_db: SessionOrDb = None) -> Iterator[Session]:
    """A session for reading: the caller's own, or a new one on an engine or URL, closed afterwards."""
    if isinstance(session_or_db, Session):
        yield session_or_db
        return
    engine = session_or_db if isinstance(session_or_db, Engine) else get_engine(session_or_db)
    with Session(engine) as session:
        yield session


def engine_of(session_or_db: SessionOrDb) -> Engine:
    """The engine behind a session, an engine, a URL or the default database."""
    if isinstance(session_or_db, Session):
        bind = session_or_db.get_bind()
        return bind if isinstance(bind, Engine) else bind.engine
    if isinstance(session_or_db, Engine):
        return session_or_db
    return get_engine(session_or_db)
