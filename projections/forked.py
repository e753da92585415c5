"""The plumbing of a replay's helper processes: forked children speaking in messages.

A message is ``(kind, value)``, marshalled when it holds only plain values (the rows for a
SQLite writer: ``marshal`` writes them three times as fast as ``pickle``, which remembers
every string and tuple it wrote), written by :mod:`projections.wire` when it is a decoded
piece, else pickled (PostgreSQL's datetimes, errors).
A child that fails sends ``("error", exception)`` and ends; the parent raises that
exception where it reads the next message, or :class:`ChildGone` when the child ended
without a word. Children die with their parent (``PR_SET_PDEATHSIG``)
and are forked before the parent has threads or database connections.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import multiprocessing
import pickle
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from jiesu.runtime.processes import die_with_parent
from projections import wire
from projections.records import Piece


class ChildGone(RuntimeError):
    """A helper process ended before its work was done."""


def fork(name: str, body: Callable[..., None], *args: Any) -> BaseProcess:
    """Start ``body(*args)`` in a forked child named ``name``."""
    context = multiprocessing.get_context("fork")
    process = context.Process(target=_child, args=(body, *args), name=name, daemon=True)
    process.start()
    return process


PIPE_MAX = Path("/proc/sys/fs/pipe-max-size")


def pipe() -> tuple[Connection, Connection]:
    """``(receiving, sending)`` ends of a one-way pipe, as deep as the system lets a process
    make one (1 MiB on Linux, where the default 64 KiB holds less than one piece).

    A sender then runs several pieces ahead before it blocks, so the two sides seldom wait
    for each other: the three processes of a replay kept two cores 82 % busy with the
    default depth, 87 % with this one (``jiesu bench``: CPU per event times events/s)."""
    import fcntl  # POSIX, as forking is

    receiving, sending = multiprocessing.get_context("fork").Pipe(duplex=False)
    deepen = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    if deepen is not None:
        with contextlib.suppress(OSError, ValueError):  # the default depth will do
            fcntl.fcntl(sending.fileno(), deepen, int(PIPE_MAX.read_text()))
    return receiving, sending


_MARSHALLED, _PICKLED, _PIECE = b"m", b"p", b"w"


def send(connection: Connection, kind: str, value: Any = None) -> None:
    connection.send_bytes(message(kind, value))


def message(kind: str, value: Any = None) -> bytes:
    """The bytes :func:`receive` reads back as ``(kind, value)``."""
    if type(value) is Piece:
        name = kind.encode()
        return _PIECE + bytes([len(name)]) + name + wire.dumps(value)
    try:  # fails at the first object that is no plain value
        return _MARSHALLED + marshal.dumps((kind, value))
    except ValueError:
        return _PICKLED + pickle.dumps((kind, value), protocol=pickle.HIGHEST_PROTOCOL)


def receive(connection: Connection, who: str) -> tuple[str, Any]:
    """The next message; raises the child's error, or :class:`ChildGone`."""
    try:
        data = connection.recv_bytes()
        kind, value = _read(data[:1], memoryview(data)[1:])
    except EOFError:
        raise ChildGone(f"the replay's {who} process ended before its work was done") from None
    if kind == "error":
        raise value
    return kind, value


def _read(how: bytes, body: memoryview) -> tuple[str, Any]:
    if how == _PIECE:
        end = 1 + body[0]
        return bytes(body[1:end]).decode(), wire.loads(body[end:])
    kind, value = marshal.loads(body) if how == _MARSHALLED else pickle.loads(body)
    return kind, value


def report(connection: Connection, exc: Exception) -> None:
    """Send ``exc`` to the parent (as a plain error when it does not pickle)."""
    connection.send_bytes(error_message(exc))


def error_message(exc: Exception) -> bytes:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        exc = RuntimeError(repr(exc))
    return message("error", exc)


def _child(body: Callable[..., None], *args: Any) -> None:
    die_with_parent()
    gc.freeze()  # the parent's objects: never scanned here, and their pages stay shared
    gc.set_threshold(100_000, 50, 100)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C reaches the whole process group:
        body(*args)  # the parent reports it, once
