"""Stopping the demo's children: every one interrupted before any is waited for."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from jiesu.runtime.processes import Child, stop_all

# On SIGINT a child says so in a file, then waits (10 s at most) for every other child to
# have said so too before it exits 0; left waiting, it exits 3.
POLITE = r"""
import signal, sys, time
from pathlib import Path
here, me, others = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
def stop(*_):
    (here / me).touch()
    deadline = time.monotonic() + 10
    while not all((here / o).exists() for o in others):
        if time.monotonic() > deadline:
            sys.exit(3)
        time.sleep(0.01)
    sys.exit(0)
signal.signal(signal.SIGINT, stop)
(here / f"{me}.ready").touch()
while True:
    time.sleep(0.05)
"""


def test_every_child_hears_the_interrupt_before_any_is_waited_for(tmp_path: Path) -> None:
    names = ["dashboard", "intake", "project", "streams"]
    children = []
    for name in names:
        others = [n for n in names if n != name]
        child = Child(name, [])
        child.process = subprocess.Popen(
            [sys.executable, "-c", POLITE, str(tmp_path), name, *others]
        )
        children.append(child)
    while not all((tmp_path / f"{n}.ready").exists() for n in names):
        assert all(c.process is not None and c.process.poll() is None for c in children)
        time.sleep(0.01)
    processes = [c.process for c in children]
    stop_all(children)
    assert [p.returncode for p in processes if p is not None] == [0, 0, 0, 0]
    assert all(c.process is None for c in children)
