"""A single-node Slurm cluster on 127.0.0.1 for tests: munge, MariaDB, slurmdbd, slurmctld, slurmd.

    python scripts/slurm_cluster.py start [--dir DIR]   # install (apt-get, if missing) and start
    python scripts/slurm_cluster.py status [--dir DIR]
    python scripts/slurm_cluster.py stop [--dir DIR]    # stops only what ``start`` started

Every daemon runs as a plain background process (no systemd), as root, with its configuration,
state, logs and pid file under DIR (default ``/tmp/llem-slurm``). Clients find the cluster through
``SLURM_CONF=DIR/etc/slurm.conf`` (printed by ``start``). ``start`` is idempotent: a daemon whose
pid file names a live process is left alone. Accounting (slurmdbd + MariaDB) is there because
submitit, and llem's slurm runner, learn every outcome but success from ``sacct``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

DEFAULT_DIR = Path("/tmp/llem-slurm")
PACKAGES = ("slurm-wlm", "slurmdbd", "munge", "mariadb-server", "slurm-client")
CLUSTER = "llem"
NODE = "llemnode"
PARTITION = "debug"
PORTS = {"slurmctld": 16817, "slurmd": 16818, "slurmdbd": 16819, "mariadb": 13306}
DB_PASSWORD = "llem-slurm-test"
START_ORDER = ("munged", "mariadbd", "slurmdbd", "slurmctld", "slurmd")
READY_TIMEOUT_S = 60.0
CGROUP_CONF = """\
CgroupPlugin=cgroup/v1
CgroupMountpoint=/sys/fs/cgroup
ConstrainCores=no
ConstrainRAMSpace=yes
ConstrainSwapSpace=yes
AllowedSwapSpace=0
"""
"""A job over its memory is killed by the kernel in its cgroup: Slurm records OUT_OF_MEMORY."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("start", "stop", "status"))
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    arguments = parser.parse_args(argv)
    cluster = Cluster(arguments.dir.resolve())
    actions: dict[str, Callable[[], int]] = {
        "start": cluster.start,
        "stop": cluster.stop,
        "status": cluster.status,
    }
    return actions[arguments.action]()


class Cluster:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.etc = root / "etc"
        self.run = root / "run"
        self.log = root / "log"
        self.slurm_conf = self.etc / "slurm.conf"

    # actions

    def start(self) -> int:
        started = time.monotonic()
        install_missing()
        for folder in (self.etc, self.run, self.log, self.root / "spool", self.root / "state"):
            folder.mkdir(parents=True, exist_ok=True)
        self._write_configs()
        starters = {
            "munged": self._start_munge,
            "mariadbd": self._start_mariadb,
            "slurmdbd": self._start_slurmdbd,
            "slurmctld": self._start_slurmctld,
            "slurmd": self._start_slurmd,
        }
        for name in START_ORDER:
            if self._pid(name) is None:
                starters[name]()
        self._wait_for_node()
        print(
            f"cluster up in {time.monotonic() - started:.1f} s; export SLURM_CONF={self.slurm_conf}"
        )
        return 0

    def stop(self) -> int:
        for name in reversed(START_ORDER):
            pid = self._pid(name)
            if pid is not None:
                _terminate(pid)
                print(f"stopped {name} ({pid})")
            (self.run / f"{name}.pid").unlink(missing_ok=True)
        return 0

    def status(self) -> int:
        running = {name: self._pid(name) for name in START_ORDER}
        for name, pid in running.items():
            print(f"{name}: {'running (' + str(pid) + ')' if pid else 'stopped'}")
        return 0 if all(running.values()) else 1

    # configuration

    def _write_configs(self) -> None:
        self.slurm_conf.write_text(self._slurm_conf())
        (self.etc / "cgroup.conf").write_text(CGROUP_CONF)
        dbd_conf = self.etc / "slurmdbd.conf"
        dbd_conf.write_text(self._slurmdbd_conf())
        dbd_conf.chmod(0o600)  # slurmdbd refuses a readable one (it holds the password)
        key = self.etc / "munge.key"
        if not key.exists():
            key.write_bytes(os.urandom(1024))
        key.chmod(0o400)

    def _slurm_conf(self) -> str:
        cpus = os.cpu_count() or 1
        memory_mb = _memory_mb() - 1024
        return f"""\
ClusterName={CLUSTER}
SlurmctldHost={socket.gethostname()}(127.0.0.1)
SlurmUser=root
SlurmctldPort={PORTS["slurmctld"]}
SlurmdPort={PORTS["slurmd"]}
AuthType=auth/munge
AuthInfo=socket={self.run}/munge.socket
CryptoType=crypto/munge
StateSaveLocation={self.root}/state
SlurmdSpoolDir={self.root}/spool/slurmd.%n
SlurmctldPidFile={self.run}/slurmctld.pid
SlurmdPidFile={self.run}/slurmd.pid
SlurmctldLogFile={self.log}/slurmctld.log
SlurmdLogFile={self.log}/slurmd.log
ProctrackType=proctrack/cgroup
TaskPlugin=task/cgroup
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=task=1
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=127.0.0.1
AccountingStoragePort={PORTS["slurmdbd"]}
AccountingStoragePass={self.run}/munge.socket
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
MessageTimeout=10
KillWait=5
InactiveLimit=0
MinJobAge=300
OverTimeLimit=0
NodeName={NODE} NodeAddr=127.0.0.1 NodeHostname={socket.gethostname()} CPUs={cpus} \
RealMemory={memory_mb} State=UNKNOWN
PartitionName={PARTITION} Nodes={NODE} Default=YES MaxTime=INFINITE State=UP
"""

    def _slurmdbd_conf(self) -> str:
        return f"""\
AuthType=auth/munge
AuthInfo=socket={self.run}/munge.socket
DbdHost={socket.gethostname()}
DbdAddr=127.0.0.1
DbdPort={PORTS["slurmdbd"]}
SlurmUser=root
PidFile={self.run}/slurmdbd.pid
LogFile={self.log}/slurmdbd.log
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort={PORTS["mariadb"]}
StorageUser=slurm
StoragePass={DB_PASSWORD}
StorageLoc=slurm_acct_db
"""

    # daemons

    def _start_munge(self) -> None:
        _spawn(
            [
                "munged", "--foreground", "--force",
                f"--key-file={self.etc}/munge.key",
                f"--socket={self.run}/munge.socket",
                f"--pid-file={self.run}/munged.real.pid",
                f"--log-file={self.log}/munged.log",
                f"--seed-file={self.root}/state/munge.seed",
            ],
            self.run / "munged.pid", self.log / "munged.out",
        )  # fmt: skip
        _wait_until(lambda: (self.run / "munge.socket").exists(), "munged")

    def _start_mariadb(self) -> None:
        data = self.root / "mariadb"
        if not (data / "mysql").is_dir():
            subprocess.run(
                ["mariadb-install-db", f"--datadir={data}", "--user=root",
                 "--auth-root-authentication-method=normal"],
                check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        _spawn(
            [
                "mariadbd", "--no-defaults", f"--datadir={data}", "--user=root",
                f"--socket={self.run}/mariadb.sock", f"--port={PORTS['mariadb']}",
                "--bind-address=127.0.0.1", f"--pid-file={self.run}/mariadbd.real.pid",
                "--innodb-buffer-pool-size=64M", "--innodb-lock-wait-timeout=900",
            ],
            self.run / "mariadbd.pid", self.log / "mariadbd.log",
        )  # fmt: skip
        _wait_until(lambda: _port_open(PORTS["mariadb"]), "mariadbd")
        grants = (
            f"CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY '{DB_PASSWORD}';"
            "CREATE DATABASE IF NOT EXISTS slurm_acct_db;"
            "GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';"
        )
        subprocess.run(
            [
                "mariadb",
                "--no-defaults",
                f"--socket={self.run}/mariadb.sock",
                "-uroot",
                "-e",
                grants,
            ],
            check=True,
        )

    def _start_slurmdbd(self) -> None:
        _spawn(
            ["slurmdbd", "-D"], self.run / "slurmdbd.pid", self.log / "slurmdbd.out", self._env()
        )
        _wait_until(lambda: _port_open(PORTS["slurmdbd"]), "slurmdbd")
        subprocess.run(
            ["sacctmgr", "-i", "add", "cluster", CLUSTER],
            env=self._env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def _start_slurmctld(self) -> None:
        _spawn(
            ["slurmctld", "-D"], self.run / "slurmctld.pid", self.log / "slurmctld.out", self._env()
        )
        _wait_until(lambda: _port_open(PORTS["slurmctld"]), "slurmctld")

    def _start_slurmd(self) -> None:
        _spawn(
            ["slurmd", "-D", "-N", NODE],
            self.run / "slurmd.pid",
            self.log / "slurmd.out",
            self._env(),
        )

    def _wait_for_node(self) -> None:
        def idle() -> bool:
            result = subprocess.run(
                ["sinfo", "-h", "-N", "-o", "%t"], env=self._env(), capture_output=True, text=True
            )
            return result.returncode == 0 and result.stdout.strip() in {"idle", "mix", "alloc"}

        _wait_until(idle, "the node (sinfo idle)")

    def _env(self) -> dict[str, str]:
        return {**os.environ, "SLURM_CONF": str(self.slurm_conf)}

    def _pid(self, name: str) -> int | None:
        """The live process ``start`` recorded for ``name``, else ``None``."""
        try:
            pid = int((self.run / f"{name}.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None
        return pid if _alive(pid) else None


def install_missing() -> None:
    if all(
        shutil.which(tool) for tool in ("munged", "mariadbd", "slurmdbd", "slurmctld", "slurmd")
    ):
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *PACKAGES], check=True, env=env)


def _spawn(
    command: list[str], pid_file: Path, output: Path, env: dict[str, str] | None = None
) -> None:
    """Start a daemon in the foreground mode of its own, detached from this process: its pid (the
    one ``stop`` signals) is the one we started, whatever pid file the daemon itself writes."""
    with open(output, "ab") as out:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
            start_new_session=True, env=env,
        )  # fmt: skip
    pid_file.write_text(f"{process.pid}\n")
    time.sleep(0.2)
    if process.poll() is not None:
        sys.exit(f"{command[0]} exited at once ({process.returncode}); see {output}")


def _wait_until(ready: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not ready():
        if time.monotonic() > deadline:
            sys.exit(f"{what} not ready after {READY_TIMEOUT_S:.0f} s")
        time.sleep(0.25)


def _terminate(pid: int) -> None:
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    state = Path(f"/proc/{pid}/stat")
    return not (state.exists() and state.read_text().split(")")[-1].split()[0] == "Z")


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _memory_mb() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) // 1024
    return 4096


if __name__ == "__main__":
    sys.exit(main())
