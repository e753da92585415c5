"""`jiesu <verb>`: one command line for every deployable and tool.

Each command imports its implementation inside its body, so `jiesu broker` does not pay for
faust or FastAPI, and this file stays the one readable list of what the system can do.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="jiesu",
    help="接诉即办: citizen petitions, event-sourced on Kafka.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
topics_app = typer.Typer(help="Kafka topics of the system.", no_args_is_help=True)
app.add_typer(topics_app, name="topics")


@app.command()
def broker(
    port: int = typer.Option(9092, help="Loopback port to listen on (0: any free port)."),
) -> None:
    """Run the embedded Kafka-compatible broker until SIGINT/SIGTERM."""
    from jiesu.bus.serve import serve_broker

    serve_broker(port)


@topics_app.command("create")
def topics_create() -> None:
    """Create every topic of the topic map that does not exist yet (idempotent)."""
    from jiesu.bus.serve import create_topics

    create_topics()


@app.command()
def check(
    url: str = typer.Option("", help="Also require this HTTP URL to answer 2xx (health checks)."),
) -> None:
    """Exit 0 when Kafka, the database (and URL, if given) answer; 1 with the reason if not."""
    from jiesu.health import run_checks

    run_checks(url or None)


if __name__ == "__main__":
    app()
