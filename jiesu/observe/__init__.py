"""What operators see of every deployable: structured logs, Prometheus metrics, liveness."""
