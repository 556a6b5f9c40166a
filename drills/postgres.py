"""A PostgreSQL cluster of the drills' own, in a temporary folder, on a free port.

The drills restart it and kill its connections, so it must never be the shared server
(127.0.0.1:5432). initdb refuses to run as root: as root, the cluster's programs run
as the `postgres` account, which then owns the folder.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
DATABASE = "drills"


def missing() -> str | None:
    """Why a cluster cannot be made here, or None."""
    for program in ("initdb", "pg_ctl", "postgres"):
        if not (BIN / program).exists():
            return f"PostgreSQL's {program} is not in {BIN} (set PG_BIN)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root, and there is no `postgres` account to run initdb as"
    return None


class Cluster:
    """A cluster in a new temporary folder (`create`), removed by `destroy`. The folder
    is made here rather than under pytest's, whose parents only root may enter."""

    def __init__(self, port: int):
        self.folder, self.port = Path(tempfile.mkdtemp(prefix="drills-pg-")), port
        self.data, self.log = self.folder / "data", self.folder / "postgres.log"
        self.owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None

    def _run(self, *args: str, timeout: float = 60) -> None:
        command = [str(BIN / args[0]), *args[1:]]
        if self.owner is not None:
            command = ["setpriv", f"--reuid={self.owner.pw_uid}", f"--regid={self.owner.pw_gid}",
                       "--init-groups", *command]  # fmt: skip
        done = subprocess.run(command, timeout=timeout, cwd=self.folder, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"{args[0]} exited {done.returncode}:\n{done.stdout}")

    def create(self) -> "Cluster":
        if self.owner is not None:
            os.chown(self.folder, self.owner.pw_uid, self.owner.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.folder}'\n"
                "max_connections = 200\nfsync = off\nfull_page_writes = off\n"
            )
        return self

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def restart(self) -> None:
        """`pg_ctl restart -m fast`: every connection is cut, the server comes back."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                  "-m", "fast", "restart")  # fmt: skip

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-w", "-t", "60", "-m", "immediate", "stop")

    def destroy(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = DATABASE) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = DATABASE) -> psycopg.Connection:
        """A connection of the drill's own (never an app backend), each statement bounded."""
        return psycopg.connect(self.url(database), autocommit=True, connect_timeout=5,
                               options="-c statement_timeout=10s")  # fmt: skip

    def wait_until_ready(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                with self.connect("postgres") as conn:
                    conn.execute("SELECT 1")
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def terminate_backends(self, database: str = DATABASE) -> int:
        """Cut every connection to `database` (the app's), as an operator or a failover
        would; how many were cut."""
        with self.connect("postgres") as conn:
            rows = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [database],
            ).fetchall()
        return len(rows)
