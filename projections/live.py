"""`jiesu project`: the projector, running until stopped.

Partitions are assigned manually (no consumer group): the positions stored in the database
are the truth, so one projector runs per database. Each poll is one batch and one
transaction; the change feed is drained after every commit.
"""

from __future__ import annotations

import logging
import signal
import threading
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import KafkaError
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from jiesu.bus import topology
from jiesu.bus.reading import assigned_consumer
from jiesu.bus.topics import ensure_topics
from jiesu.erasure.opening import opening_codec
from jiesu.observe.serve import Liveness, serve_metrics
from jiesu.settings import Settings
from projections import changes, sql
from projections import metrics as watch
from projections.batch import BatchApplier, DeadLetter, LogRecord, retrying
from projections.kafka_io import dead_letterer, producer_for
from projections.pointer import ReadModelPointer
from projections.store import prepare, session_factory
from projections.wiring import PROJECTIONS

log = logging.getLogger(__name__)


def run_projector(
    settings: Settings,
    url: str,
    batch_size: int,
    stop: threading.Event,
    follow: ReadModelPointer | None = None,
    liveness: Liveness | None = None,
) -> None:
    """Fold ``petition-events`` into the database at ``url`` until ``stop`` is set, or, when
    following the blue/green pointer, until it points elsewhere (between two batches)."""
    ensure_topics(settings)
    retrying(lambda: prepare(url))
    sessions = session_factory(url)
    producer = producer_for(settings)
    (topic,) = topology.read_by(topology.PROJECTOR, settings)  # its one subscription
    applier = BatchApplier(
        sessions,
        opening_codec(settings),
        set(PROJECTIONS),
        topic,
        counted(dead_letterer(producer, settings.dead_letter_topic)),
    )
    consumer = assigned_consumer(settings, max_poll_records=batch_size)
    try:
        _drain(sessions, producer, settings.changes_topic)
        _seek_to_positions(consumer, sessions, topic, settings.petition_partitions)
        while not stop.is_set():
            if liveness is not None:
                liveness.beat()
            if follow is not None and follow.url() != url:
                log.info("the read-model pointer moved; leaving %s", _safe(url))
                return
            polled = consumer.poll(timeout_ms=500, max_records=batch_size)
            records = [r for tp in sorted(polled) for r in polled[tp]]
            if records:
                started, applied = time.perf_counter(), applier.applied
                applier.apply(records)
                watch.observe_batch(
                    len(records), applier.applied - applied, time.perf_counter() - started
                )
                _drain(sessions, producer, settings.changes_topic)
            watch.observe_lag(consumer, topic, settings.petition_partitions)
    finally:
        consumer.close()
        producer.close(timeout=5)


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _drain(sessions: sessionmaker[Session], producer: KafkaProducer, topic: str) -> None:
    """Send the outbox; when the broker does not take it, it waits for the next batch."""
    try:
        retrying(lambda: changes.drain(sessions, producer, topic))
        watch.OUTBOX.set(0)
    except KafkaError as exc:
        watch.OUTBOX.set(retrying(lambda: changes.queued(sessions)))
        log.warning("change feed not sent yet (%s); it stays queued", exc)


def counted(send: DeadLetter) -> DeadLetter:
    """``send``, counting each parked record by the kind of its reason."""

    def counting(record: LogRecord, reason: str) -> None:
        send(record, reason)
        watch.count_dead_letter(reason)

    return counting


def _seek_to_positions(
    consumer: KafkaConsumer, sessions: sessionmaker[Session], topic: str, partitions: int
) -> None:
    def load() -> dict[int, int]:
        with sessions() as session:
            return sql.load_positions(session, set(PROJECTIONS), topic)

    positions = retrying(load)
    tps = [TopicPartition(topic, p) for p in range(partitions)]
    consumer.assign(tps)
    for tp in tps:
        consumer.seek(tp, positions.get(tp.partition, 0))
    log.info("projecting %s from %s", topic, positions or "the beginning")


def project_command(settings: Settings, url: str | None, batch_size: int) -> None:
    """The CLI body: run until SIGINT/SIGTERM, finishing the batch in hand.

    Without an explicit URL the projector follows the blue/green pointer: after
    `jiesu replay --switch` it goes on in the new database from the positions stored there.
    """
    liveness = Liveness(settings.liveness_stale_s)
    serve_metrics(settings, "project", settings.projector_metrics_port, liveness)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    if url is not None:
        run_projector(settings, url, batch_size, stop, liveness=liveness)
        return
    pointer = ReadModelPointer(settings)
    while not stop.is_set():
        run_projector(settings, pointer.url(), batch_size, stop, pointer, liveness)
