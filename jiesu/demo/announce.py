"""What the demo tells the person who started it: where everything runs, and once the
simulated day is over, where to look while the system keeps running."""

from __future__ import annotations

from rich.console import Console
from sqlalchemy.engine import make_url

from jiesu.demo.scenarios import Scenario
from jiesu.demo.stack import Stack


def announce(console: Console, stack: Stack, scenario: Scenario | None) -> None:
    """The broker, the database (no password), the dashboard and every /metrics page."""
    settings = stack.settings
    console.print(f"bootstrap={settings.kafka_bootstrap_servers}")
    console.print(
        f"database={make_url(settings.database_url).render_as_string(hide_password=True)}"
    )
    if scenario is not None:
        console.print(f"scenario {scenario.name}: {scenario.title} ({scenario.story})")
    if stack.dashboard_url:
        console.print(f"dashboard: [bold]{stack.dashboard_url}[/bold]")
    ports = {
        "intake": settings.intake_metrics_port,
        "streams": settings.streams_metrics_port,
        "project": settings.projector_metrics_port,
        "dashboard": settings.dashboard_metrics_port,
    }
    for child in stack.children:
        if ports.get(child.name):
            url = f"http://{settings.metrics_host}:{ports[child.name]}/metrics"
            console.print(f"metrics of {child.name}: {url}")


def where_to_look(console: Console, stack: Stack) -> None:
    """After the simulated day: the system keeps running until Ctrl-C."""
    console.print("[bold]the simulated day is over; everything keeps running[/bold]")
    if stack.dashboard_url:
        console.print(f"  dashboard   {stack.dashboard_url} (the logins above)")
        console.print(f"  whistles    {stack.dashboard_url}whistles")
    for child in stack.children:
        if child.name == "intake" and child.ready_url:
            console.print(f"  intake      {child.ready_url.removesuffix('healthz')}")
    console.print(f"  logs        {stack.settings.data_dir / 'logs'}")
    console.print("Ctrl-C stops everything")
