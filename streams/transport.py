"""faust's aiokafka transport with the fetch long-poll taken from our settings.

faust builds its worker consumer with ``fetch_max_wait_ms=1500`` fixed, and brokers that do
not end a long-poll early when data arrives then add up to 1.5 s to every hop. faust picks a
transport by the broker URL's scheme from its ``faust.transports`` entry points; ours
(``jiesu://host:port``, registered in pyproject.toml) is the stock driver with a consumer
thread that applies ``settings.fetch_max_wait_ms`` to the consumer before it starts.
"""

from __future__ import annotations

from typing import Any

from faust.transport.drivers import aiokafka as driver

SCHEME = "jiesu"


class ConsumerThread(driver.AIOKafkaConsumerThread):
    """The stock consumer thread; only the fetch wait of the worker consumer differs."""

    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        wait_ms = int(getattr(self.app, "fetch_max_wait_ms", 0))
        if wait_ms:
            if not hasattr(consumer, "_fetch_max_wait_ms"):
                raise RuntimeError("aiokafka changed: cannot set the consumer's fetch_max_wait_ms")
            consumer._fetch_max_wait_ms = wait_ms
        return consumer


class Consumer(driver.Consumer):
    def _new_consumer_thread(self) -> ConsumerThread:
        return ConsumerThread(self, loop=self.loop, beacon=self.beacon)


class Transport(driver.Transport):
    """Registered as the ``jiesu`` transport (entry point group ``faust.transports``)."""

    Consumer = Consumer


def broker_urls(bootstrap: str) -> list[str]:
    """faust broker URLs for a Kafka bootstrap list (``host:port,host:port``), on our transport."""
    return [f"{SCHEME}://{server.strip()}" for server in bootstrap.split(",") if server.strip()]
