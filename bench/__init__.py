"""`jiesu bench`: throughput, latency, replay and memory of the whole pipeline, in one run."""
