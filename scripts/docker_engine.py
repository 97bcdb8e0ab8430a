"""Have a Docker engine for llem's images and tests; stop only what this script started.

Usage: python scripts/docker_engine.py ensure|stop|base [--image NAME]

  ensure  a Docker engine answers: when none does and none is running, install docker.io
          (apt, as root, when dockerd is missing) and start dockerd in the background, its log in
          a temporary file, then wait until it answers. Never starts a second dockerd.
  stop    stop the dockerd that `ensure` started (recorded in a state file), nothing else.
  base    the offline base image (llem-base:bookworm) exists: docker/base/build-base.sh, after
          installing debootstrap (apt, as root) when it is missing.

Uses only the standard library (tests import it to get an engine or a reason to skip).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUILD_BASE = REPO / "docker" / "base" / "build-base.sh"
BASE_IMAGE = "llem-base:bookworm"
DEBIAN_DOCKER = "/usr/bin/docker"
PIDFILE = Path("/var/run/docker.pid")
STATE = Path("/run/llem-dockerd.json") if Path("/run").is_dir() else Path("/tmp/llem-dockerd.json")
"""Where `ensure` records the dockerd it started. A fixed place (only root starts dockerd): a
session's TMPDIR (nox sets one) must not hide it from `stop`."""
START_TIMEOUT_S = 60.0


class DockerUnavailable(RuntimeError):
    """No Docker engine can be had here; the message says why."""


def socket_path() -> str:
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    return host.removeprefix("unix://")


def answers(timeout_s: float = 2.0) -> bool:
    """Whether a Docker engine answers ``GET /_ping`` on its unix socket."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(timeout_s)
            connection.connect(socket_path())
            connection.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            return b" 200 " in connection.recv(256).split(b"\r\n", 1)[0]
    except OSError:
        return False


def is_dockerd(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip() == "dockerd"
    except OSError:
        return False


def running_dockerd() -> int | None:
    """The pid of a running dockerd (its pid file, else any process named dockerd)."""
    if PIDFILE.is_file() and PIDFILE.read_text().strip().isdigit():
        pid = int(PIDFILE.read_text())
        if is_dockerd(pid):
            return pid
    pids = (int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit())
    return next((pid for pid in pids if is_dockerd(pid)), None)


def is_root() -> bool:
    return os.geteuid() == 0


def apt_install(package: str) -> None:
    if not is_root():
        raise DockerUnavailable(f"{package} is missing and only root can install it (apt)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True, env=env)


def wait_until_answering(timeout_s: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout_s
    while not answers():
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-2000:] if log and log.is_file() else ""
            raise DockerUnavailable(f"dockerd did not answer within {timeout_s:.0f} s\n{tail}")
        time.sleep(0.5)


def start_dockerd() -> int:
    """Start dockerd in the background; record its pid and log in the state file."""
    if shutil.which("dockerd") is None:
        apt_install("docker.io")
    if not is_root():
        raise DockerUnavailable("no Docker engine answers and only root can start dockerd")
    log = Path(tempfile.mkstemp(prefix="llem-dockerd-", suffix=".log")[1])
    with log.open("w") as out:
        process = subprocess.Popen(
            ["dockerd"], stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    STATE.write_text(json.dumps({"pid": process.pid, "log": str(log)}))
    wait_until_answering(START_TIMEOUT_S, log)
    return process.pid


def ensure() -> str:
    """A Docker engine answers when this returns; what was done, in words."""
    if not os.environ.get("DOCKER_HOST", "unix://").startswith("unix://"):
        return f"DOCKER_HOST={os.environ['DOCKER_HOST']}: not managed here, left to the client"
    if answers():
        return f"a Docker engine answers at {socket_path()}"
    pid = running_dockerd()
    if pid is not None:
        wait_until_answering(START_TIMEOUT_S)
        return f"dockerd (pid {pid}) was starting; it answers now"
    pid = start_dockerd()
    return f"started dockerd (pid {pid}); `python {Path(__file__).name} stop` stops it"


def stop() -> str:
    """Stop the dockerd this script started, if it still runs; never another one."""
    if not STATE.is_file():
        return "this script started no dockerd; nothing stopped"
    pid = int(json.loads(STATE.read_text())["pid"])
    STATE.unlink()
    if not is_dockerd(pid):
        return f"the dockerd this script started (pid {pid}) is gone already"
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while is_dockerd(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    return f"stopped dockerd (pid {pid})"


def docker_cli() -> str:
    """Debian's client (``/usr/bin/docker``) when present: a newer one elsewhere on PATH may
    not speak to this engine the same way."""
    return DEBIAN_DOCKER if Path(DEBIAN_DOCKER).exists() else shutil.which("docker") or "docker"


def image_exists(image: str) -> bool:
    inspect = [docker_cli(), "image", "inspect", image]
    return subprocess.run(inspect, capture_output=True).returncode == 0


def base(image: str = BASE_IMAGE) -> str:
    """The offline base image exists when this returns (built with debootstrap if needed)."""
    ensure()
    if image_exists(image):
        return f"{image} exists"
    if shutil.which("debootstrap") is None and not Path("/usr/sbin/debootstrap").exists():
        apt_install("debootstrap")
    subprocess.run([str(BUILD_BASE), image], check=True)
    return f"built {image}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["ensure", "stop", "base"])
    parser.add_argument("--image", default=BASE_IMAGE, help="the base image (action base)")
    args = parser.parse_args(argv)
    try:
        actions: dict[str, Callable[[], str]] = {"ensure": ensure, "stop": stop}
        print(actions[args.action]() if args.action in actions else base(args.image))
    except (DockerUnavailable, subprocess.CalledProcessError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
