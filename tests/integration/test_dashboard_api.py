"""The dashboard's JSON API on read models the real projector built from a real event log."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select

from jiesu.settings import Settings
from projections.models import Petition
from projections.models_side import DailyStats
from projections.stats import rates
from projections.web.app import create_app
from tests.access_support import city_headers
from tests.integration import test_dashboard_support as world


@pytest.fixture(scope="module")
def built(
    kafka_bootstrap: str, module_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """Settings whose database holds the scenario, folded by the projector once per
    database: every test here only reads it."""
    return world.projected_once(
        kafka_bootstrap, module_database_url, tmp_path_factory, world.scenario()
    )


@pytest.fixture(scope="module")
def client(built: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(built), headers=city_headers(built)) as test_client:
        yield test_client


get = world.get_json


def test_the_overview_counts_every_petition_by_channel_category_and_street(client):
    data = get(client, "/api/overview")
    assert data["total"] == 7
    channels = {row["key"]: row["count"] for row in data["by_channel"]}
    assert channels == {"HOTLINE": 2, "MINI_PROGRAM": 1, "GRID_APP": 1, "WALK_IN": 1, "OPEN311": 2}
    categories = {row["key"]: row["count"] for row in data["by_category"]}
    assert categories["sanitation"] == 2
    streets = {row["key"]: row["count"] for row in data["by_street"]}
    assert streets == {"zd.cz": 4, "zd.ky": 1, "zd.ms": 2}
    assert {row["label"] for row in data["by_street"]} >= {"车站街道", "科苑街道"}
    communities = {row["key"]: row["count"] for row in data["by_community"]}
    assert communities["zd.cz.cg"] == 3
    assert {row["label"] for row in data["by_channel"]} >= {"12345热线", "网格员APP"}
    assert sum(row["count"] for row in data["by_hour"]) == 7
    assert data["by_day"] == [{"key": "2026-10-12", "label": "2026-10-12", "count": 7}]


def test_the_three_rates_follow_their_definitions(client):
    data = get(client, "/api/overview")
    response, resolution, satisfaction = (
        data["rates"][k] for k in ("response_rate", "resolution_rate", "satisfaction_rate")
    )
    assert (response["numerator"], response["denominator"]) == (2, 4)  # P1, P4 of 4 routed
    assert (resolution["numerator"], resolution["denominator"]) == (1, 7)  # P1 closed
    assert (satisfaction["numerator"], satisfaction["denominator"]) == (1, 2)  # P4 unhappy
    assert response["value"] == pytest.approx(0.5)
    assert all(rate["definition"] for rate in data["rates"].values())


def test_the_rates_equal_the_projections_own_computation(client, built):
    engine = create_engine(built.database_url)
    names = ["received", "routed", "responded_in_time", "resolved", "satisfied", "unsatisfied"]
    with engine.connect() as conn:
        sums = conn.execute(select(*(func.sum(getattr(DailyStats, n)) for n in names))).one()
    engine.dispose()
    expected = rates(dict(zip(names, sums, strict=True)))
    shown = get(client, "/api/overview")["rates"]
    assert {k: shown[k]["value"] for k in expected} == pytest.approx(expected)


def test_sla_breaches_ageing_and_hot_communities_are_reported(client):
    data = get(client, "/api/overview")
    assert data["sla"]["breached"] == 2
    assert data["sla"]["open_breached"] == 2
    assert {row["key"]: row["count"] for row in data["breaches_by_kind"]} == {
        "REPORT": 1,
        "RESPONSE": 1,
    }
    assert data["open"] == 6
    assert sum(row["count"] for row in data["ageing"]) == 6
    hottest = data["hot_communities"][0]
    assert (hottest["key"], hottest["count"], hottest["open"]) == ("zd.cz.cg", 3, 2)


def test_the_whistle_list_shows_who_reported_and_who_is_overdue(client):
    data = get(client, "/api/whistles?street=zd.cz")
    assert data["total"] == 1
    whistle = data["items"][0]
    assert whistle["petition_id"] == world.P2
    assert whistle["street_label"] == "车站街道"
    reports = {d["department"]: (d["reported"], d["overdue"]) for d in whistle["departments"]}
    assert reports == {"housing": (True, False), "market_regulation": (False, True)}
    assert whistle["overdue"] is True
    assert get(client, "/api/whistles?street=zd.ky")["total"] == 0
    streets = {s["code"]: s["open_whistles"] for s in get(client, "/api/streets")["items"]}
    assert streets["zd.cz"] == 1


def test_a_petition_page_has_its_timeline_in_order(client):
    data = get(client, f"/api/petitions/{world.P1}")
    assert data["petition"]["status"] == "CLOSED"
    kinds = [entry["event_type"] for entry in data["timeline"]]
    assert kinds == [
        "PetitionReceived",
        "PetitionClassified",
        "PetitionRouted",
        "PetitionAccepted",
        "PetitionResolved",
        "FeedbackRecorded",
        "PetitionClosed",
    ]
    assert [entry["label"] for entry in data["timeline"]][:3] == ["受理", "研判分类", "派单"]


def test_nothing_personal_leaves_the_api(client):
    seen = json.dumps(
        [
            get(client, url)
            for url in (
                f"/api/petitions/{world.P7}",
                "/api/petitions?limit=500",
                "/api/overview",
                "/api/whistles",
                "/api/special-handling",
            )
        ],
        ensure_ascii=False,
    )
    assert world.SECRET_NAME not in seen
    assert world.SECRET_PHONE not in seen
    assert world.PHONE_IN_TEXT not in seen
    detail = get(client, f"/api/petitions/{world.P7}")["petition"]
    assert detail["phone_masked"] == "138****5678"
    assert "139****4321" in detail["text"]


def test_the_petition_list_filters_and_pages(client):
    hotline = get(client, "/api/petitions?channel=HOTLINE")
    assert {p["petition_id"] for p in hotline["items"]} == {world.P1, world.P7}
    breached = get(client, "/api/petitions?breached=true")
    assert {p["petition_id"] for p in breached["items"]} == {world.P2, world.P3}
    first = get(client, "/api/petitions?limit=3&offset=0")
    rest = get(client, "/api/petitions?limit=5&offset=3")
    assert first["total"] == rest["total"] == 6, "the group case is one line, its lead's"
    ids = [p["petition_id"] for p in first["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) == 6
    assert world.P5 not in ids
    lead = next(p for p in first["items"] + rest["items"] if p["petition_id"] == world.P6)
    assert lead["group_members"] == 2
    assert get(client, "/api/petitions?members=true")["total"] == 7
    member = get(client, f"/api/petitions/{world.P5}")["petition"]["group"]
    assert (member["lead_petition_id"], member["is_lead"], member["members"]) == (
        world.P6,
        False,
        2,
    )
    assert get(client, "/api/petitions?community=zd.cz.cg")["total"] == 3


def test_scorecards_special_handling_and_group_cases(client):
    units = {c["unit"]: c for c in get(client, "/api/scorecards?kind=unit")["items"]}
    compound = units["compound:zd.cz.cg.c01"]
    assert (compound["assigned"], compound["resolved"], compound["satisfied"]) == (2, 2, 1)
    assert compound["satisfaction_rate"] == pytest.approx(0.5)
    repeats = get(client, "/api/special-handling")["items"]
    assert [(r["petition_id"], r["repeat_of"]) for r in repeats] == [(world.P4, world.P1)]
    groups = get(client, "/api/group-cases")["items"]
    assert [(g["size"], sorted(g["petition_ids"])) for g in groups] == [
        (2, sorted([world.P5, world.P6]))
    ]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/petitions?status=DONE", "status"),
        ("/api/petitions?channel=fax", "channel"),
        ("/api/petitions?limit=0", "limit"),
        ("/api/petitions?limit=501", "limit"),
        ("/api/petitions?offset=-1", "offset"),
        ("/api/petitions?street=nowhere", "street"),
        ("/api/petitions?community=zd.cz", "community"),
        ("/api/petitions?received_from=2026-10-12T00:00:00", "received_from"),
        (
            "/api/petitions?received_from=2026-10-13T00:00Z&received_to=2026-10-12T00:00Z",
            "received_from",
        ),
        ("/api/overview?day_from=12-10-2026", "day_from"),
        ("/api/overview?day_from=2026-10-13&day_to=2026-10-12", "day_from"),
        ("/api/whistles?street=zd.cz.cg", "street"),
        ("/api/scorecards?kind=people", "kind"),
    ],
)
def test_a_bad_filter_is_refused_with_the_field_and_the_reason(client, url, field):
    response = client.get(url)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert errors[0]["reason"]


def test_an_unknown_petition_is_404_and_health_is_ok(client):
    assert client.get("/api/petitions/no-such-petition").status_code == 404
    health = get(client, "/healthz")
    assert health["database"] == "ok"
    assert health["read_models"] is True
    paths = get(client, "/openapi.json")["paths"]
    for path in ("/api/overview", "/api/petitions", "/api/whistles", "/api/scorecards"):
        assert path in paths


def test_before_the_projector_ran_the_api_answers_503_not_500(unique_topics, sqlite_url):
    settings = unique_topics.model_copy(update={"database_url": sqlite_url})
    with TestClient(create_app(settings), headers=city_headers(settings)) as empty:
        answer = empty.get("/api/overview")
        assert answer.status_code == 503
        assert answer.headers["retry-after"] == "5"
        assert empty.get("/healthz").json()["read_models"] is False
        assert empty.get("/").status_code == 200


def test_counting_from_the_petitions_gives_the_daily_statistics_counters(built):
    """A scope daily_stats cannot express (a department's) is counted from the petitions with
    the same definitions: for the whole city the two sources agree counter by counter."""
    from projections.queries import cohort

    engine = create_engine(built.database_url)
    with engine.connect() as conn:
        totals = []
        for source in (cohort.from_stats([]), cohort.from_petitions([])):
            table = DailyStats if source.dimensions["day"] is DailyStats.day else Petition
            names = list(source.counters)
            row = conn.execute(select(*source.counters.values()).select_from(table)).one()
            totals.append(dict(zip(names, (int(v or 0) for v in row), strict=True)))
    engine.dispose()
    assert totals[0] == totals[1]
    assert totals[0]["received"] == 7
