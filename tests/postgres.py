"""A real PostgreSQL server for the tests: one per test session, a fresh database per test.

The server binaries come from the ``pgserver`` wheel (a test dependency), so a fresh machine needs no
system package; Debian's ``postgresql`` binaries are the fallback. The server listens on 127.0.0.1 only,
with password (SCRAM) authentication, so tests can sign in as nurse roles exactly as a ward would.
PostgreSQL refuses to run as root: when the tests run as root, the server runs as an unprivileged system
user (``pgserver``, created if missing, as the pgserver package itself does).

A server that cannot be started is a test failure, never a skip.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

SERVER_USER = "pgserver"  # the system account the server runs as when the tests run as root
SUPERUSER = "postgres"
START_TIMEOUT_S = 60


def _debian_bin_dirs() -> list[Path]:
    return sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def find_bin_dir() -> Path:
    """The folder with initdb, pg_ctl and postgres: the pgserver wheel's, else Debian's."""
    # Located, not imported: importing pgserver starts its own machinery (and warns about XDG folders).
    spec = importlib.util.find_spec("pgserver")
    candidates = _debian_bin_dirs()
    if spec is not None and spec.origin is not None:
        candidates.insert(0, Path(spec.origin).parent / "pginstall" / "bin")
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    raise RuntimeError(
        "no PostgreSQL server binaries: install the test extras (pip install -e '.[test]', which brings "
        "pgserver) or Debian's postgresql package"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _server_uid() -> tuple[int, int] | None:
    """(uid, gid) to run the server as, or None when we are not root."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        entry = pwd.getpwnam(SERVER_USER)
    except KeyError:
        # Parallel test workers may race to create the account: one wins, the others find it made.
        subprocess.run(["useradd", "--system", "--no-create-home", SERVER_USER], check=False, capture_output=True)
        entry = pwd.getpwnam(SERVER_USER)
    return entry.pw_uid, entry.pw_gid


def _reachable_copy(bin_dir: Path, root: Path) -> Path:
    """The server account must read the binaries, and a venv under /root is closed to it: copy the
    wheel's install (about 35 MB) into the server's own temporary folder instead of opening /root."""
    install = bin_dir.parent
    if install.is_relative_to("/usr"):
        return bin_dir
    # The wheel's binaries find their libraries at $ORIGIN/../../../pgserver.libs: keep that layout.
    site = root / "site"
    copy = site / install.parent.name / install.name
    shutil.copytree(install, copy, symlinks=True)
    libs = install.parent.parent / f"{install.parent.name}.libs"
    if libs.is_dir():
        shutil.copytree(libs, site / libs.name, symlinks=True)
    for path in [site, *site.rglob("*")]:
        mode = path.stat().st_mode
        wanted = mode | 0o044 | (0o011 if path.is_dir() or mode & 0o100 else 0)
        if wanted != mode and not path.is_symlink():
            path.chmod(wanted)
    return copy / bin_dir.name


@dataclass
class PostgresCluster:
    """One throw-away PostgreSQL cluster in a temporary folder, on 127.0.0.1:port."""

    bin_dir: Path
    root: Path
    port: int
    password: str = field(default_factory=lambda: secrets.token_hex(12))
    durable: bool = False  # fsync on: for benchmarks; tests run faster without it
    owner: tuple[int, int] | None = None

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        """An SQLAlchemy URL (psycopg 3) for this server."""
        secret = self.password if password is None and user == SUPERUSER else password
        auth = user if secret is None else f"{user}:{secret}"
        return f"postgresql+psycopg://{auth}@127.0.0.1:{self.port}/{database}"

    def conninfo(self, database: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} dbname={database} user={SUPERUSER} password={self.password}"

    def _run(self, *args: str, timeout: float = START_TIMEOUT_S) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.owner is None:
            return subprocess.run(command, cwd=self.root, capture_output=True, text=True, timeout=timeout, check=False)
        uid, gid = self.owner
        return subprocess.run(
            command,
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            user=uid,
            group=gid,
            extra_groups=[],
        )

    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        password_file = self.root / "pw"
        password_file.write_text(self.password + "\n", encoding="utf-8")
        if self.owner is not None:
            self.bin_dir = _reachable_copy(self.bin_dir, self.root)
            for path in (self.root, password_file):
                os.chown(path, *self.owner)
        result = self._run(
            "initdb",
            "-D",
            str(self.data_dir),
            "-U",
            SUPERUSER,
            f"--pwfile={password_file}",
            "--auth-host=scram-sha-256",
            "--auth-local=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        password_file.unlink()
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed: {result.stdout}\n{result.stderr}")

    def start(self) -> None:
        options = [
            "-c listen_addresses=127.0.0.1",
            f"-c port={self.port}",
            "-c unix_socket_directories=''",
            "-c max_connections=60",
            "-c shared_buffers=32MB",
            "-c log_min_messages=warning",
        ]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        result = self._run(
            "pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file), "-w", "-o", " ".join(options), "start"
        )
        if result.returncode != 0:
            log = self.log_file.read_text(encoding="utf-8", errors="replace") if self.log_file.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {result.stdout}\n{result.stderr}\n{log}")
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with psycopg.connect(self.conninfo(), connect_timeout=2):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self, mode: str = "fast") -> None:
        if (self.data_dir / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", mode, "-w", "stop")

    def is_running(self) -> bool:
        try:
            with psycopg.connect(self.conninfo(), connect_timeout=2):
                return True
        except psycopg.OperationalError:
            return False

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def execute(self, statement: sql.SQL | sql.Composed, database: str = "postgres") -> None:
        """Run one administrative statement as the superuser (outside a transaction)."""
        with psycopg.connect(self.conninfo(database), autocommit=True) as connection:
            connection.execute(statement)

    def create_database(self, name: str, owner: str = SUPERUSER) -> None:
        # FILE_COPY: a directory copy, much faster than WAL-logging the template when fsync is off.
        self.execute(
            sql.SQL("CREATE DATABASE {} OWNER {} STRATEGY FILE_COPY").format(
                sql.Identifier(name), sql.Identifier(owner)
            )
        )

    def drop_database(self, name: str) -> None:
        self.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def create_role(self, name: str, password: str, *, in_role: str | None = None) -> None:
        """A login role, as IT makes one for each nurse (``CREATE ROLE alice LOGIN IN ROLE handbook_nurse``)."""
        statement = sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(name), sql.Literal(password))
        if in_role:
            statement = sql.SQL("{} IN ROLE {}").format(statement, sql.Identifier(in_role))
        self.execute(statement)


def start_cluster(*, durable: bool = False) -> PostgresCluster:
    """Initialise and start a new cluster in a temporary folder (stopped and removed at exit at the latest)."""
    bin_dir = find_bin_dir()
    root = Path(tempfile.mkdtemp(prefix="handbook-pg-"))
    cluster = PostgresCluster(bin_dir=bin_dir, root=root, port=_free_port(), durable=durable)
    cluster.owner = _server_uid()
    atexit.register(cluster.remove)
    cluster.init()
    cluster.start()
    return cluster


@dataclass(frozen=True)
class PostgresDatabase:
    """One test's own database on the session's server."""

    cluster: PostgresCluster
    name: str

    @property
    def url(self) -> str:
        """The superuser's URL for this database (what IT's owner role would use for ``db upgrade``)."""
        return self.cluster.url(self.name)

    def url_as(self, user: str, password: str) -> str:
        return self.cluster.url(self.name, user=user, password=password)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """The session's PostgreSQL server. Fails (never skips) when it cannot be started."""
    try:
        cluster = start_cluster()
    except (RuntimeError, OSError, subprocess.SubprocessError, psycopg.Error) as error:
        pytest.fail(f"could not start the test PostgreSQL server: {error}", pytrace=False)
    try:
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def postgres(postgres_cluster: PostgresCluster) -> Iterator[PostgresDatabase]:
    """A fresh, empty database for one test (dropped afterwards); the server is started again if a
    test stopped it."""
    if not postgres_cluster.is_running():
        postgres_cluster.start()
    name = f"t_{uuid.uuid4().hex[:12]}"
    postgres_cluster.create_database(name)
    try:
        yield PostgresDatabase(postgres_cluster, name)
    finally:
        with contextlib.suppress(psycopg.Error):
            if not postgres_cluster.is_running():
                postgres_cluster.start()
            postgres_cluster.drop_database(name)


@pytest.fixture
def postgres_url(postgres: PostgresDatabase) -> str:
    """A superuser ``postgresql+psycopg://`` URL to a fresh database for one test."""
    return postgres.url
