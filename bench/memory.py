"""Peak resident memory per process, sampled in a background thread.

Sampling (not ``ru_maxrss``) because the figures are wanted per process of the pipeline,
children included, and under one name across restarts (a stage's child per scale).
"""

from __future__ import annotations

import threading

import psutil


class RssSampler:
    """Samples the RSS of every watched process every ``interval_s``; keeps each name's peak."""

    def __init__(self, interval_s: float = 0.2) -> None:
        self.interval_s = interval_s
        self._watched: dict[str, psutil.Process] = {}
        self._peaks: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def start(self) -> RssSampler:
        self._thread.start()
        return self

    def watch(self, name: str, pid: int) -> None:
        """Follow ``pid`` under ``name`` until it exits (a later pid may reuse the name)."""
        try:
            process = psutil.Process(pid)
        except psutil.NoSuchProcess:
            return
        with self._lock:
            self._watched[name] = process
        self._sample_one(name, process)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.sample()

    def sample(self) -> None:
        with self._lock:
            watched = list(self._watched.items())
        for name, process in watched:
            self._sample_one(name, process)

    def _sample_one(self, name: str, process: psutil.Process) -> None:
        try:
            rss = int(process.memory_info().rss)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            with self._lock:
                if self._watched.get(name) is process:
                    del self._watched[name]
            return
        with self._lock:
            self._peaks[name] = max(self._peaks.get(name, 0), rss)

    def peaks_mb(self) -> dict[str, float]:
        """Peak RSS per name, in MiB."""
        self.sample()
        with self._lock:
            return {name: round(rss / 2**20, 1) for name, rss in sorted(self._peaks.items())}

    def cpu_seconds(self, name: str) -> float:
        """CPU time (user + system) the process watched as ``name`` used so far; 0 if gone."""
        with self._lock:
            process = self._watched.get(name)
        try:
            times = process.cpu_times() if process is not None else None
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            times = None
        return float(times.user + times.system) if times is not None else 0.0

    def cpu_snapshot(self) -> dict[str, float]:
        """CPU seconds of every watched process so far, by name."""
        with self._lock:
            names = list(self._watched)
        return {name: self.cpu_seconds(name) for name in names}

    def reset(self) -> None:
        """Forget the peaks (a new scale starts); keep watching."""
        with self._lock:
            self._peaks.clear()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2)
