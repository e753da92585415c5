"""jiesu (接诉即办): citizen petitions, event-sourced on Kafka."""

__version__ = "0.1.0"
