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
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from jiesu.accounts.account import Account
from projections.queries import Labels
from projections.web.access import viewer
from projections.web.login import csrf_token

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"

router = APIRouter(include_in_schema=False, dependencies=[Depends(viewer)])
assets = APIRouter(include_in_schema=False)
ROLES = {
    "city": "市级",
    "street": "街道",
    "community": "社区",
    "department": "部门",
    "callback": "回访中心",
}

PAGES: dict[str, tuple[str, str]] = {
    "overview": ("城市总览", "overview"),
    "map": ("城市地图", "map"),
    "screen": ("指挥大屏", "screen"),
    "whistles": ("吹哨清单", "whistles"),
    "scorecards": ("单位考评", "scorecards"),
    "petitions": ("诉求列表", "petitions"),
    "special": ("重点清单", "special"),
    "petition": ("诉求详情", "petition"),
}


@cache
def _template(name: str) -> Template:
    return Template((TEMPLATES / f"{name}.html").read_text(encoding="utf-8"))


def render(request: Request, page: str, **values: str) -> HTMLResponse:
    """The layout around one page's body; ``values`` fill ``$name`` slots (escaped)."""
    title, script = PAGES[page]
    body = _template(page).safe_substitute({k: escape(v) for k, v in values.items()})
    html = _template("layout").safe_substitute(
        title=title,
        body=body,
        script=script,
        active=page,
        who=escape(_who(request.state.viewer, request.app.state.labels)),
        csrftoken=escape(csrf_token(request)),
    )
    return HTMLResponse(html)


def _who(account: Account, labels: Labels) -> str:
    """'王丽（街道 · 车站街道）': who is logged in, and over what."""
    area = account.scope.area
    named = labels.department(area) if account.role.value == "department" else labels.area(area)
    where = f" · {named}" if named else ""
    return f"{account.display_name}（{ROLES[account.role.value]}{where}）"


@router.get("/")
def overview(request: Request) -> HTMLResponse:
    return render(request, "overview")


@router.get("/map")
def city_map(request: Request) -> HTMLResponse:
    return render(request, "map")


@router.get("/screen")
def screen(request: Request) -> HTMLResponse:
    """The command centre's wall: full screen, large type, panels that rotate by themselves."""
    return render(request, "screen")


@router.get("/whistles")
def whistles(request: Request) -> HTMLResponse:
    return render(request, "whistles")


@router.get("/scorecards")
def scorecards(request: Request) -> HTMLResponse:
    return render(request, "scorecards")


@router.get("/petitions")
def petitions(request: Request) -> HTMLResponse:
    return render(request, "petitions")


@router.get("/special")
def special(request: Request) -> HTMLResponse:
    return render(request, "special")


@router.get("/petitions/{petition_id}")
def petition(request: Request, petition_id: str) -> HTMLResponse:
    return render(request, "petition", petition_id=petition_id)


@assets.get("/vendor/plotly.min.js")
def plotly_js() -> FileResponse:
    """The chart library from the installed plotly package (never a CDN)."""
    return FileResponse(PLOTLY_JS, media_type="text/javascript")


def mount_static(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
