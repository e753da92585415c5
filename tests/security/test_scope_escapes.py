"""Scope escapes: a street, a community or a department asking for what is not theirs.

The scenario's petitions lie in three streets; each scoped viewer gets its own only,
whatever filter it sends, and another's petition is a 404 exactly like an unknown one. The
change stream tells a viewer only of changes in its scope.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jiesu.accounts.account import Account
from jiesu.domain.access import Role, Scope
from jiesu.settings import Settings
from jiesu.web.ratelimit import RateLimited
from projections.pointer import EngineSwitch
from projections.store import engine_for
from projections.web.app import create_app
from projections.web.feedscope import FeedScope
from tests.access_support import bearer, token_for
from tests.integration import test_dashboard_support as world

CHEZHAN = {world.P1, world.P2, world.P4, world.P7}


@pytest.fixture(scope="module")
def built(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The scenario, projected once for every test of this module."""
    from jiesu.bus.topics import ensure_topics
    from tests.conftest import unique_topic_names

    tmp = tmp_path_factory.mktemp("scopes")
    settings = Settings(
        kafka_bootstrap_servers=kafka_bootstrap,
        database_url=f"sqlite:///{tmp / 'jiesu.db'}",
        **unique_topic_names(),  # type: ignore[arg-type]
        data_dir=tmp / "data",
        max_page_offset=100,
    )
    ensure_topics(settings)
    world.publish(settings, world.scenario())
    with world.ProjectorThread(settings, settings.database_url):
        world.wait_until_projected(settings, settings.database_url)
    return settings


@pytest.fixture(scope="module")
def dashboard(built: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(built)) as client:
        yield client


def as_(built: Settings, role: Role, area: str | None = None) -> dict[str, str]:
    return bearer(token_for(built, role, area, name=f"{role.value}-{area or 'all'}-{id(built)}"))


def ids(answer: Any) -> set[str]:
    assert answer.status_code == 200, answer.text
    return {item["petition_id"] for item in answer.json()["items"]}


def test_a_street_sees_its_petitions_whatever_filter_it_sends(built, dashboard) -> None:
    street = as_(built, Role.STREET, "zd.cz")
    assert ids(dashboard.get("/api/petitions", headers=street)) == CHEZHAN
    assert ids(dashboard.get("/api/petitions?street=zd.ky", headers=street)) == set()
    assert ids(dashboard.get("/api/petitions?community=zd.ms.qy", headers=street)) == set()
    overview = dashboard.get("/api/overview?street=zd.ky", headers=street).json()
    assert overview["total"] == 0
    assert dashboard.get("/api/overview", headers=street).json()["total"] == 4
    for other in (world.P3, world.P5):
        assert dashboard.get(f"/api/petitions/{other}", headers=street).status_code == 404
    assert dashboard.get(f"/api/petitions/{world.P1}", headers=street).status_code == 200


def test_a_community_and_a_department_see_theirs_only(built, dashboard) -> None:
    community = as_(built, Role.COMMUNITY, "zd.cz.cg")
    assert ids(dashboard.get("/api/petitions", headers=community)) == {world.P1, world.P4, world.P7}
    assert dashboard.get("/api/whistles", headers=community).json()["items"] == []
    housing = as_(built, Role.DEPARTMENT, "housing")
    assert ids(dashboard.get("/api/petitions", headers=housing)) == {world.P2}
    (whistle,) = dashboard.get("/api/whistles", headers=housing).json()["items"]
    assert whistle["petition_id"] == world.P2
    assert dashboard.get("/api/overview", headers=housing).json()["total"] == 1
    cards = dashboard.get("/api/scorecards?kind=department", headers=housing).json()["items"]
    assert {c["unit"] for c in cards} <= {"dept:housing"}
    streets = dashboard.get("/api/streets", headers=community).json()["items"]
    assert [s["code"] for s in streets] == ["zd.cz"]


def test_lists_of_repeats_and_group_cases_keep_to_the_scope(built, dashboard) -> None:
    elsewhere = as_(built, Role.STREET, "zd.ky")
    assert dashboard.get("/api/special-handling", headers=elsewhere).json()["items"] == []
    assert dashboard.get("/api/group-cases", headers=elsewhere).json()["items"] == []
    mashang = as_(built, Role.STREET, "zd.ms")
    (group,) = dashboard.get("/api/group-cases", headers=mashang).json()["items"]
    assert set(group["petition_ids"]) == {world.P5, world.P6}


def test_without_credentials_nothing_is_served_and_deep_offsets_are_refused(
    built, dashboard
) -> None:
    anonymous = TestClient(dashboard.app)
    for path in ("/api/petitions", f"/api/petitions/{world.P1}", "/api/overview", "/api/changes"):
        assert anonymous.get(path).status_code == 401, path
    page = anonymous.get("/whistles", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=/whistles"
    wrong = dashboard.get("/api/petitions", headers=bearer("jsu_not-a-token"))
    assert wrong.status_code == 401
    city = as_(built, Role.CITY)
    deep = dashboard.get("/api/petitions?offset=101", headers=city)
    assert deep.status_code == 422
    assert deep.json()["errors"][0]["field"] == "offset"


def test_the_change_stream_tells_a_viewer_of_its_scope_only(built: Settings) -> None:
    scope = FeedScope(EngineSwitch(None, engine_for(built.database_url)))
    street, housing = Scope(Role.STREET, "zd.ky"), Scope(Role.DEPARTMENT, "housing")

    def change(entity: str, **data: Any) -> dict[str, Any]:
        return {"entity": entity, "id": "x", "op": "upsert", "data": data}

    event_of_p2 = change("event", petition_id=world.P2)
    assert not scope.visible(street, event_of_p2)
    assert scope.visible(housing, event_of_p2)
    assert scope.visible(street, change("event", petition_id=world.P3))
    assert not scope.visible(street, change("stats", street="zd.cz", community="zd.cz.cg"))
    assert scope.visible(street, change("stats", street="zd.ky", community="zd.ky.hjy"))
    assert not scope.visible(housing, change("stats", street="zd.cz", community="zd.cz.cg"))
    assert not scope.visible(street, change("whistle_department", whistle_id=world.WHISTLE))
    assert scope.visible(housing, change("whistle_department", whistle_id=world.WHISTLE))
    assert not scope.visible(street, change("scorecard", unit="compound:zd.cz.cg.c01"))
    assert not scope.visible(street, change("event", petition_id="unknown"))


def test_too_many_streams_of_one_account_are_429(built: Settings) -> None:
    limited = built.model_copy(update={"sse_max_per_account": 1})
    app = create_app(limited)
    streams = app.state.streams
    account = Account("u", "u", Scope(Role.CITY))
    streams.enter(account)
    with pytest.raises(RateLimited, match="change streams of this account") as refused:
        streams.check(limited, account)
    assert refused.value.retry_after == 30
    streams.close(account)
    streams.check(limited, account)


PUBLIC = {
    "/login",
    "/logout",
    "/healthz",
    "/api/health",
    "/docs",
    "/docs/oauth2-redirect",
    "/openapi.json",
    "/redoc",
}


ASSETS = ("/static", "/assets", "/vendor", "/oidc")


def get_routes(routes: list[Any], prefix: str = "") -> Iterator[str]:
    """Every GET path of an app, through included routers (FastAPI includes them lazily)."""
    from starlette.routing import Route

    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from get_routes(inner.routes, prefix + route.include_context.prefix)
        elif isinstance(route, Route) and "GET" in (route.methods or ()):
            yield prefix + route.path


def test_every_route_of_the_dashboard_answers_only_a_signed_in_viewer(built, dashboard) -> None:
    """Not a list someone keeps up to date: every GET route the app has, present and future
    (a path parameter filled with a petition's id), is 401 or a redirect to the login."""
    anonymous = TestClient(dashboard.app)
    checked = []
    for route in get_routes(dashboard.app.routes):
        path = route.replace("{petition_id}", world.P1)
        if path in PUBLIC or "{" in path or path.startswith(ASSETS):
            continue
        answer = anonymous.get(path, follow_redirects=False)
        assert answer.status_code in (401, 303), f"{path}: {answer.status_code}"
        checked.append(path)
    assert len(checked) >= 8, checked
