"""`jiesu broker`: starts, serves kafka-python clients, stops leaving no process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

JIESU = [sys.executable, "-m", "jiesu.cli"]


def tansu_processes_on(port: int) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["name", "cmdline"]):
        cmdline = " ".join(proc.info["cmdline"] or [])
        if "tansu" in cmdline and f":{port}" in cmdline:
            found.append(proc)
    return found


def start_cli_broker() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [*JIESU, "broker", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line.startswith("bootstrap=127.0.0.1:"), line
    return proc, line.removeprefix("bootstrap=")


def round_trip(bootstrap: str) -> list[bytes]:
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    for n in range(3):
        producer.send("cli-check", f"诉求 {n}".encode(), partition=0).get(timeout=10)
    producer.close()
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, fetch_max_wait_ms=20)
    tp = TopicPartition("cli-check", 0)
    consumer.assign([tp])
    consumer.seek(tp, 0)
    values: list[bytes] = []
    deadline = time.monotonic() + 20
    while len(values) < 3 and time.monotonic() < deadline:
        values += [r.value for r in consumer.poll(timeout_ms=200).get(tp, [])]
    consumer.close()
    return values


def test_the_broker_command_prints_its_bootstrap_serves_and_stops_cleanly() -> None:
    proc, bootstrap = start_cli_broker()
    port = int(bootstrap.rpartition(":")[2])
    try:
        assert round_trip(bootstrap) == [f"诉求 {n}".encode() for n in range(3)]
        assert tansu_processes_on(port)
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    assert not tansu_processes_on(port)


def test_the_broker_command_reports_a_port_in_use() -> None:
    proc, bootstrap = start_cli_broker()
    try:
        port = bootstrap.rpartition(":")[2]
        clash = subprocess.run(
            [*JIESU, "broker", "--port", port], capture_output=True, text=True, timeout=30
        )
        assert clash.returncode != 0
        assert "already in use" in clash.stderr
    finally:
        os.kill(proc.pid, signal.SIGINT)
        proc.wait(timeout=20)
