"""faust's worker and table manager, without the two seconds they sleep for nothing here.

A worker that starts waits a second for tables to be declared, and one that stops waits a
second more before it closes its event loop. This app keeps no faust tables (decision
state is rebuilt from the logs) and has nothing left to run once its services stopped, so
both seconds were pure delay on every start and stop: a deploy, a failover, a demo, every
test that runs a worker. The table manager goes in through faust's documented
``TableManager`` setting; the worker is the one ``jiesu streams`` runs.
"""

from __future__ import annotations

import asyncio

import faust
from faust.tables import TableManager

CLOSING_S = 0.05
"""What the stopped loop is given to run the callbacks its last closes scheduled."""


class EagerTableManager(TableManager):
    """Starts table recovery at once (faust first sleeps a second)."""

    async def on_start(self) -> None:
        if not self.should_stop:
            await self._update_channels()
            await self.recovery.start()


class Worker(faust.Worker):
    """Closes its loop once its last callbacks ran (mode first sleeps a second)."""

    async def _sentinel_task(self) -> None:
        await asyncio.sleep(CLOSING_S)
