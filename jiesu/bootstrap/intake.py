"""The intake deployable, wired: the intake app joined to the projections' read model.

The intake (``producers``) reads petitions through :class:`jiesu.domain.readmodel.ReadModel`;
the implementation is the projections' table (:mod:`projections.intake_reads`). Neither
package imports the other; this entry-point module is where they meet.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from jiesu.settings import Settings
from producers.http.app import create_app
from projections.intake_reads import intake_read_model


def intake_app(settings: Settings, **options: Any) -> FastAPI:
    """The intake app; ``options`` as :func:`producers.http.app.create_app` takes them, the
    read model defaulting to the ``petitions`` table on ``engine`` (else the blue/green
    pointer's database)."""
    if options.get("read_model") is None:
        options["read_model"] = intake_read_model(settings, options.get("engine"))
    return create_app(settings, **options)
