"""``jiesu erase``: the operator's side of a PIPL art. 47 request (README "Erasure")."""

from __future__ import annotations

import getpass
from typing import Annotated, NoReturn

import typer


def erase_command(
    phone: Annotated[
        str | None, typer.Option(help="The petitioner's phone, in any spelling.")
    ] = None,
    petition: Annotated[
        str | None, typer.Option(help="A petition id: its petitioner is erased.")
    ] = None,
    reason: Annotated[str, typer.Option(help="Why: the request and its reference.")] = "",
    by: Annotated[str | None, typer.Option(help="Who erases (default: the login).")] = None,
) -> None:
    """Erase a petitioner: delete their data key and append PetitionerErased to the log."""
    from datetime import UTC, datetime

    from jiesu.bus.errors import BrokerUnavailable
    from jiesu.bus.publisher import Publisher
    from jiesu.config import ConfigError
    from jiesu.domain.privacy import InvalidPhone
    from jiesu.erasure import erase as run
    from jiesu.erasure.store import SqlKeyStore, key_engine
    from jiesu.production import require_secrets
    from jiesu.settings import get_settings
    from schemas.codec import default_codec

    if (phone is None) == (petition is None):
        _fail("give exactly one of --phone or --petition", 2)
    if not reason.strip():
        _fail("--reason is required (the request and its reference)", 2)
    settings = get_settings()
    try:
        if phone is not None:
            require_secrets(settings, "pii_key")
        store = SqlKeyStore(key_engine(settings.database_url))
        if phone is not None:
            subjects = run.subjects_of_phone(phone, settings.pii_key)
        else:
            subjects = run.subjects_of_petition(store, str(petition))
        publisher = Publisher(settings, default_codec(settings))
        try:
            found, deleted = run.erase(
                store,
                publisher,
                subjects,
                reason.strip(),
                by or getpass.getuser(),
                datetime.now(UTC),
            )
        finally:
            publisher.close()
    except ConfigError as exc:
        _fail(str(exc), 2)
    except InvalidPhone:
        _fail("--phone is not a mainland mobile or fixed-line number", 2)
    except run.NothingToErase as exc:
        _fail(str(exc), 1)
    except BrokerUnavailable as exc:
        _fail(f"the key is deleted, but the log did not take the erasure ({exc}): run again", 3)
    ids = ", ".join(p.petition_id for p in found)
    note = "" if deleted else " (the key was deleted before; the events were appended again)"
    typer.echo(f"erased {len(found)} petition(s){note}: {ids}")


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)
