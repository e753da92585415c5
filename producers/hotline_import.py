"""`jiesu import hotline FILE`: a call-centre export (CSV/JSONL) into petition-events.

Each row goes through the same mapping as the hotline endpoint and the same exactly-once
path (:class:`producers.intake.Intake`): the 工单编号 is the channel reference, so petition
ids are deterministic and the intake's accepted-references table is the import's ledger —
a re-run, or a work order already posted through the API, publishes nothing new. Bad rows
are reported by line, field and reason (never their values); good rows are imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jiesu.domain.city import City
from jiesu.domain.events import PetitionReceived
from jiesu.domain.privacy import mask_phone
from producers.forms import InputRejected
from producers.hotline.mapping import FLAT_HEADERS, received_from_work_order, work_order_from_row
from producers.hotline_rows import Row, normalise
from producers.http.errors import FieldError, field_error
from producers.intake import Intake

BATCH = 200


@dataclass(frozen=True)
class RowFailure:
    """Why one row was not imported: its line, work order, field (the file's header), reason."""

    line: int
    work_order: str | None
    error: FieldError
    phone_masked: str | None = None


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    duplicates: int = 0
    failures: list[RowFailure] = field(default_factory=list)

    @property
    def failed_rows(self) -> int:
        return len({f.line for f in self.failures})


class HotlineImporter:
    """Validates rows and submits the good ones in batches (one broker round trip each)."""

    def __init__(
        self, intake: Intake, city: City, pii_key: str, clock: Callable[[], datetime]
    ) -> None:
        self.intake, self.city, self.pii_key, self.clock = intake, city, pii_key, clock
        self.report = ImportReport()

    def run(self, rows: list[Row], advance: Callable[[int], None] = lambda _: None) -> ImportReport:
        """Import ``rows``; a ``BrokerUnavailable`` stops the run (re-running is safe)."""
        batch: list[PetitionReceived] = []
        for row in rows:
            self.report.rows += 1
            event = self._event(row)
            if event is not None:
                batch.append(event)
            if len(batch) >= BATCH:
                self._submit(batch)
                advance(len(batch))
                batch = []
            if event is None:
                advance(1)
        self._submit(batch)
        advance(len(batch))
        return self.report

    def _event(self, row: Row) -> PetitionReceived | None:
        if row.cells is None:
            self._fail(row, [row.error or field_error("line", "invalid", "unreadable")])
            return None
        cells, area_error = normalise(row.cells, self.city)
        errors = [area_error] if area_error else []
        event: PetitionReceived | None = None
        try:
            order = work_order_from_row(cells)
            event = received_from_work_order(
                order, city=self.city, pii_key=self.pii_key, now=self.clock()
            )
        except InputRejected as exc:
            errors += [_in_file_terms(e, row.cells) for e in exc.errors]
        if errors:
            self._fail(row, errors)
            return None
        return event

    def _fail(self, row: Row, errors: list[FieldError]) -> None:
        ref = _cell(row.cells or {}, FLAT_HEADERS["call_id"])
        phone = _cell(row.cells or {}, FLAT_HEADERS["caller_phone"])
        masked = mask_phone("".join(c for c in phone if c.isdigit())) if phone else None
        self.report.failures.extend(RowFailure(row.line, ref, e, masked) for e in errors)

    def _submit(self, batch: list[PetitionReceived]) -> None:
        if not batch:
            return
        outcomes = self.intake.submit_many(batch)
        duplicates = sum(o.duplicate for o in outcomes)
        self.report.duplicates += duplicates
        self.report.imported += len(outcomes) - duplicates


_PATHS = {"caller": "caller_", "place": ""}


def _in_file_terms(error: FieldError, cells: dict[str, Any]) -> FieldError:
    """The error named by the file's own header ('来电号码') instead of the model's path."""
    head, _, rest = error.field.partition(".")
    key = _PATHS[head] + rest.split(".")[0] if head in _PATHS and rest else head
    names = FLAT_HEADERS.get(key, ())
    header = next((n for n in names if n in cells), names[0] if names else error.field)
    return FieldError(header, error.reason, error.message_en, error.message_zh)


def _cell(cells: dict[str, Any], names: tuple[str, ...]) -> str | None:
    value = next((cells[n] for n in names if str(cells.get(n) or "").strip()), None)
    return str(value).strip()[:64] if value is not None else None
