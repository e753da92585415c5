"""The body of `jiesu import hotline FILE`: progress bar, error report, summary, exit code.

Exit codes: 0 every row imported (or already imported before); 1 some rows failed (the
others were imported; see the report file); 2 nothing could be done (file unreadable,
broker or database unavailable) — a re-run after fixing the cause imports nothing twice.
"""

from __future__ import annotations

import csv
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from jiesu.bus.errors import BrokerUnavailable
from jiesu.bus.publisher import Publisher
from jiesu.bus.topics import ensure_topics
from jiesu.config import ConfigError
from jiesu.config.city import load_city
from jiesu.production import require_secrets
from jiesu.settings import Settings, get_settings
from producers.forms import utc_now
from producers.hotline_import import HotlineImporter, ImportReport, RowFailure
from producers.hotline_rows import ExportUnreadable, Row, read_rows
from producers.intake import Intake
from producers.store import IntakeStore, intake_engine
from schemas.codec import default_codec

SHOWN = 10


def import_hotline_command(
    file: Path, report_path: Path | None, settings: Settings | None = None
) -> None:
    """Import ``file``; raise ``typer.Exit`` with the documented exit code (0 returns)."""
    console = Console(stderr=True)
    try:
        if settings is None:  # from the environment: a real key is required
            settings = get_settings()
            require_secrets(settings, "pii_key")
        rows = read_rows(file)
    except (ExportUnreadable, ConfigError) as exc:
        console.print(f"error: {exc}")
        raise typer.Exit(2) from exc
    report, stopped = _import(settings, rows)
    path = report_path or file.with_name(file.name + ".errors.csv")
    if report.failures:
        write_report(path, report.failures)
    _summary(Console(), report, path)
    if stopped:
        console.print(f"error: {stopped}; re-run to continue (imported rows are skipped)")
        raise typer.Exit(2)
    if report.failures:
        raise typer.Exit(1)


def _import(settings: Settings, rows: list[Row]) -> tuple[ImportReport, str | None]:
    publisher = Publisher(settings, default_codec(settings))
    try:
        ensure_topics(settings)
        store = IntakeStore(intake_engine(settings.database_url))
        importer = HotlineImporter(
            Intake(publisher, store, utc_now, pii_key=settings.pii_key),
            load_city(),
            settings.pii_key,
            utc_now,
        )
    except (BrokerUnavailable, SQLAlchemyError) as exc:
        publisher.close()
        return ImportReport(rows=len(rows)), f"cannot start: {type(exc).__name__}: {exc}"
    try:
        with _progress() as progress:
            task = progress.add_task("importing 12345 work orders", total=len(rows))
            importer.run(rows, lambda n: progress.advance(task, n))
        return importer.report, None
    except BrokerUnavailable as exc:
        return importer.report, f"broker unavailable: {exc}"
    except SQLAlchemyError as exc:
        return importer.report, f"database unavailable: {type(exc).__name__}"
    finally:
        publisher.close()


def write_report(path: Path, failures: list[RowFailure]) -> None:
    """One CSV line per failed field; cell values are never copied (they may be personal
    data): the work order number and the masked phone (138****1234) identify the row."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["line", "work_order", "phone_masked", "field", "reason", "message_en", "message_zh"]
        )
        for f in failures:
            e = f.error
            ids = [f.line, f.work_order or "", f.phone_masked or ""]
            writer.writerow([*ids, e.field, e.reason, e.message_en, e.message_zh])


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )


def _summary(console: Console, report: ImportReport, path: Path) -> None:
    table = Table("rows", "imported", "already imported", "failed rows")
    table.add_row(
        str(report.rows), str(report.imported), str(report.duplicates), str(report.failed_rows)
    )
    console.print(table)
    for failure in report.failures[:SHOWN]:
        e = failure.error
        console.print(
            f"line {failure.line}: {e.field}: {e.reason} — {e.message_en} / {e.message_zh}"
        )
    if len(report.failures) > SHOWN:
        console.print(f"… {len(report.failures) - SHOWN} more")
    if report.failures:
        console.print(f"error report: {path}")
