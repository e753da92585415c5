"""What an erasure changes in the read models: the petition's personal columns read 已删除.

The log keeps the petition's sealed fields; their key is gone, so a replay opens them as
已删除 too (:mod:`jiesu.erasure.opening`). This handler makes the live read models say so at
once: the masked phone and the address of the ``petitions`` row, and the same two fields
in the payload of the petition's ``PetitionReceived`` timeline entry.
"""

from __future__ import annotations

import json
from typing import Any

from jiesu.domain import events as ev
from jiesu.domain.privacy import ERASED
from projections.payload import json_text
from projections.workspace import Row, Workspace

_SHOWN = (("petitioner", "phone"), ("petitioner", "name"), ("location", "address"))


def erased(ws: Workspace, row: Row, event: ev.PetitionerErased) -> None:
    """Blank the personal columns of ``row`` and of its received entry on the timeline."""
    for column in ("phone_masked", "address"):
        if row.get(column) is not None:
            row[column] = ERASED
    if event.received_event_id is None:
        return
    entry = ws.get("petition_timeline", event.received_event_id)
    if entry is None or not entry.get("payload"):
        return
    data = json.loads(entry["payload"])
    for parent, leaf in _SHOWN:
        holder: Any = data.get(parent)
        if isinstance(holder, dict) and holder.get(leaf) is not None:
            holder[leaf] = ERASED
    entry["payload"] = json_text(data)
    ws.put("petition_timeline", entry)
