"""`jiesu bench`: throughput, latency, replay and memory of the whole pipeline, in one run.

Stages (one module each, each a function of a :class:`bench.context.BenchContext` returning
figures): ``ceiling`` (raw produce and consume+decode), ``streams``, ``replay`` — per scale
(events in the log) — and ``intake``, ``latency``, ``sustained`` against one running
pipeline. Consumers' fetch wait decides latency on brokers whose fetches wait their full
max-wait: the pipeline's children take it from ``JIESU_FETCH_MAX_WAIT_MS`` (shown in the
output as ``fetch_max_wait_ms``).
"""
