"""The domain: plain data and pure decisions. Imports nothing of Kafka, HTTP or SQL."""
