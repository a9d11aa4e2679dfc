"""A throw-away local PostgreSQL cluster for tests and benchmarks (never used by the running bot).

Why here and not under tests/: the benchmark (`bench/store.py`) measures SQLite and PostgreSQL
side by side in one run and needs the same cluster. It is built from the server's own binaries
(`initdb` + `pg_ctl`) in a temporary folder, listens on a free port of 127.0.0.1 only, trusts
local connections and is deleted on `stop()`: a test never touches a shared or pre-existing
server. `initdb` refuses to run as root, so as root every command runs as the `postgres` user.
"""

from __future__ import annotations

import glob
import logging
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


class ClusterUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine (or they cannot start a cluster)."""


def find_bin_dir() -> Path | None:
    """`TUTOR_PG_BIN`, else the newest /usr/lib/postgresql/*/bin, else `initdb` on PATH."""
    if os.environ.get("TUTOR_PG_BIN"):
        return Path(os.environ["TUTOR_PG_BIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name)
                   if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    which = shutil.which("initdb")
    return Path(which).parent if which else None


def find_tool(name: str) -> str | None:
    """A PostgreSQL client tool (pg_dump, pg_restore): the server's bin folder first, then PATH."""
    folder = find_bin_dir()
    if folder and (folder / name).exists():
        return str(folder / name)
    return shutil.which(name)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalCluster:
    """`start()` a private cluster, `url(db)` to reach it, `kill()`/`restart()` for fault tests."""

    def __init__(self, *, durable: bool = False):
        # durable=False turns fsync off: tests need speed, not crash safety of a throw-away folder.
        # The benchmark passes durable=True so its numbers compare with SQLite's synchronous=FULL.
        self.durable = durable
        bin_dir = find_bin_dir()
        if bin_dir is None or not (bin_dir / "initdb").exists():
            raise ClusterUnavailable("PostgreSQL server binaries (initdb, pg_ctl) not found; "
                                     "install postgresql or set TUTOR_PG_BIN")
        self.bin: Path = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="tutor-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sock"
        self.port = _free_port()
        self._user = "postgres" if os.geteuid() == 0 else None
        self.running = False

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.bin / args[0]), *args[1:]], user=self._user, capture_output=True,
                              text=True, check=check, timeout=120, cwd=self.root)

    def start(self) -> "LocalCluster":
        if self._user:
            pw = pwd.getpwnam(self._user)
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        self.sockets.mkdir()
        if self._user:
            os.chown(self.sockets, pw.pw_uid, pw.pw_gid)
        try:
            self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                      "--locale=C", "--no-sync")
        except subprocess.CalledProcessError as exc:
            raise ClusterUnavailable(f"initdb failed: {exc.stderr.strip()[-500:]}") from None
        self._start()
        return self

    def _start(self) -> None:
        options = [f"-p {self.port}", f"-k {self.sockets}", "-c listen_addresses=127.0.0.1", "-c max_connections=200"]
        if not self.durable:
            options += ["-c fsync=off", "-c full_page_writes=off", "-c synchronous_commit=off"]
        result = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "-t", "60",
                           "-o", " ".join(options), "start", check=False)
        if result.returncode != 0:
            log_text = (self.root / "server.log").read_text(errors="replace")[-1500:] if (self.root / "server.log").exists() else ""
            raise ClusterUnavailable(f"pg_ctl start failed: {result.stderr.strip()[-500:]} {log_text}")
        self.running = True

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def kill(self) -> None:
        """Stop the server the hard way (as a crash or a pulled plug would), keeping its files."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", check=False)
        self.running = False

    def restart(self) -> None:
        """Start again on the same port after `kill()` (crash recovery replays the WAL)."""
        self._start()

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = self._run("psql", "-X", "-q", "-A", "-t", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                           "-d", database, "-v", "ON_ERROR_STOP=1", "-c", sql)
        return result.stdout.strip()

    def stop(self) -> None:
        if self.running:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "stop", check=False)
            self.running = False
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> "LocalCluster":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
