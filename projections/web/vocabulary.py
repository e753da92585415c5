"""``GET /api/vocabulary``: the display names of the codes the pages show, and the SLA texts.

The pages used to carry their own copy of these tables; they now load them here, so a label
or a configured time changes in one place (:mod:`jiesu.domain.reporting`, the channel
registry, ``sla.yaml``) and every page follows."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request

from jiesu.config.policy import load_sla
from jiesu.domain.channels import channel_labels
from jiesu.domain.reporting import vocabulary
from projections.web.access import Viewer

router = APIRouter(prefix="/api", tags=["read models"])


@cache
def _vocabulary(config_dir: Path | None) -> dict[str, dict[str, str]]:
    return vocabulary(load_sla(config_dir), channel_labels())


@router.get("/vocabulary", summary="词表: status, channel, tier, level, satisfaction labels, SLA")
def labels(request: Request, viewer: Viewer) -> dict[str, Any]:
    """Code → label for each kind the pages show, and each tier's resolution time."""
    return _vocabulary(request.app.state.settings.config_dir)
