"""A throwaway PostgreSQL server from Debian's packages, for the test suite and the benchmarks.

It runs in a temporary folder, listens on a Unix socket only (no TCP port to collide with), trusts local
connections, and is removed when stopped. As root, the server runs as the `postgres` user (initdb refuses
root). Needs the `postgresql` package (`scripts/system-deps.sh` installs it).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def _bindir() -> Path:
    """The newest Debian PostgreSQL's bin folder, else wherever `initdb` is on PATH."""
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[-3]))
    if versions:
        return Path(versions[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise PostgresUnavailable("PostgreSQL is not installed: run scripts/system-deps.sh (Debian package postgresql)")


class PostgresServer:
    """`with PostgresServer() as pg: url = pg.create_database()`."""

    def __init__(self, port: int = 5432) -> None:
        self.bindir = _bindir()
        self.port = port
        self.root = Path(tempfile.mkdtemp(prefix="planwatch-pg-"))  # short: socket paths are limited
        self.datadir = self.root / "data"
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            self._as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.root, "postgres", "postgres")
        self.started = False

    def _run(self, *args: str) -> None:
        result = subprocess.run([*self._as_user, *args], capture_output=True, text=True)
        if result.returncode != 0:
            raise PostgresUnavailable(f"{args[0]} failed: {result.stderr.strip() or result.stdout.strip()}")

    def start(self) -> "PostgresServer":
        self._run(str(self.bindir / "initdb"), "-D", str(self.datadir), "-U", "postgres", "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        options = (f"-k {self.root} -p {self.port} -c listen_addresses='' -c fsync=off "
                   "-c max_connections=200")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-o", options,
                  "-l", str(self.root / "server.log"), "-w", "start")
        self.started = True
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.root}&port={self.port}"

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        import psycopg

        name = name or f"planwatch_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(host=str(self.root), port=self.port, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.started:
            subprocess.run([*self._as_user, str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m",
                            "immediate", "-w", "stop"], capture_output=True)
            self.started = False
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> "PostgresServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
