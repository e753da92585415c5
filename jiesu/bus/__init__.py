"""The Kafka edge: topics, publishing, reading to the high watermark, the embedded broker."""
