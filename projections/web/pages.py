"""The Chinese pages: one layout, one body per page, data fetched by the page's script.

Pages are plain HTML filled with :class:`string.Template` (no template engine needed); every
asset, the chart library included, is served by this app, so the pages work on an intranet
with no internet access.
"""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path
from string import Template

import plotly
from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"

router = APIRouter(include_in_schema=False)

PAGES: dict[str, tuple[str, str]] = {
    "overview": ("城市总览", "overview"),
    "whistles": ("吹哨清单", "whistles"),
    "scorecards": ("单位考评", "scorecards"),
    "petitions": ("诉求列表", "petitions"),
    "special": ("重点清单", "special"),
    "petition": ("诉求详情", "petition"),
}


@cache
def _template(name: str) -> Template:
    return Template((TEMPLATES / f"{name}.html").read_text(encoding="utf-8"))


def render(page: str, **values: str) -> HTMLResponse:
    """The layout around one page's body; ``values`` fill ``$name`` slots (escaped)."""
    title, script = PAGES[page]
    body = _template(page).safe_substitute({k: escape(v) for k, v in values.items()})
    html = _template("layout").safe_substitute(title=title, body=body, script=script, active=page)
    return HTMLResponse(html)


@router.get("/")
def overview() -> HTMLResponse:
    return render("overview")


@router.get("/whistles")
def whistles() -> HTMLResponse:
    return render("whistles")


@router.get("/scorecards")
def scorecards() -> HTMLResponse:
    return render("scorecards")


@router.get("/petitions")
def petitions() -> HTMLResponse:
    return render("petitions")


@router.get("/special")
def special() -> HTMLResponse:
    return render("special")


@router.get("/petitions/{petition_id}")
def petition(petition_id: str) -> HTMLResponse:
    return render("petition", petition_id=petition_id)


@router.get("/vendor/plotly.min.js")
def plotly_js() -> FileResponse:
    """The chart library from the installed plotly package (never a CDN)."""
    return FileResponse(PLOTLY_JS, media_type="text/javascript")


def mount_static(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
