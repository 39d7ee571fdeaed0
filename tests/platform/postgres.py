"""A throwaway PostgreSQL cluster on 127.0.0.1, in a temporary folder on a free port, so it
never meets another server on this machine; removed afterwards. Needs Debian's postgresql
package (`make test` installs it).

`python -m tests.platform.postgres COMMAND...` runs a command with DATABASE_URL set to a
fresh cluster (`make test`, `make test-postgres`); `throwaway_cluster()` gives a test one
of its own, to restart while a server uses it (test_postgres_restart.py).
"""

import glob
import os
import pwd
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Cluster:
    def __init__(self, bin_dir: Path, data_dir: Path, port: int):
        self.bin_dir = bin_dir
        self.data_dir = data_dir
        self.port = port
        self.url = f"postgres://genesis:genesis@127.0.0.1:{port}/genesis"

    def run(self, tool: str, *args: str | Path) -> None:
        # initdb refuses to run as root: then the cluster belongs to the postgres user.
        owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        # The server's output goes to its log: a pipe to us would keep run() waiting on it.
        subprocess.run(
            [*owner, self.bin_dir / tool, *args],
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=120,
        )

    def pg_ctl(self, action: str, *options: str) -> None:
        log = self.data_dir / "server.log"
        self.run("pg_ctl", "-D", self.data_dir, "-l", log, "-w", *options, action)

    def restart(self) -> None:
        """Restart the server, waiting until it accepts connections again."""
        self.pg_ctl("restart", "-m", "fast")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    versions = [Path(path) for path in glob.glob("/usr/lib/postgresql/*/bin")]
    if not versions:
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql")
    newest = max(versions, key=lambda bin_dir: int(bin_dir.parent.name))
    with tempfile.TemporaryDirectory() as data_dir:
        cluster = Cluster(newest, Path(data_dir), free_port())
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(data_dir, postgres.pw_uid, postgres.pw_gid)
        cluster.run(
            "initdb",
            *("-D", data_dir, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256"),
            *("--no-locale", "-E", "UTF8", "--no-sync"),
        )
        # -F (fsync off): a cluster that is thrown away need not survive a power cut.
        cluster.pg_ctl("start", "-o", f"-h 127.0.0.1 -p {cluster.port} -k {data_dir} -F")
        try:
            cluster.run(
                "psql",
                *("-h", data_dir, "-p", str(cluster.port), "-U", "postgres", "-q"),
                *("-v", "ON_ERROR_STOP=1"),
                *("-c", "CREATE ROLE genesis LOGIN CREATEDB PASSWORD 'genesis'"),
                *("-c", "CREATE DATABASE genesis OWNER genesis"),
            )
            yield cluster
        finally:
            cluster.pg_ctl("stop", "-m", "immediate")


if __name__ == "__main__":
    with throwaway_cluster() as cluster:
        print(
            f"Throwaway PostgreSQL {cluster.bin_dir.parent.name} on 127.0.0.1:{cluster.port}",
            flush=True,
        )
        sys.exit(subprocess.call(sys.argv[1:], env=os.environ | {"DATABASE_URL": cluster.url}))
