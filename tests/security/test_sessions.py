"""Logging in: passwords, cookies, CSRF, brute force, logout and disabled accounts.

Driven through the real dashboard app: a form post without the page's CSRF token is
refused; the session cookie is HttpOnly, SameSite=Lax and Secure outside development; a
wrong password does not say whether the user exists; guessing is limited (429 with
Retry-After); a cookie kept after logout, or of a disabled account, opens nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from jiesu.domain.access import Role
from jiesu.settings import Settings
from projections.web.app import create_app
from tests.access_support import PASSWORD, person, store


@pytest.fixture
def settings(unique_topics: Settings) -> Settings:
    return unique_topics.model_copy(
        update={"session_secret": "s" * 40, "rate_limit_login": "4/minute"}
    )


@pytest.fixture
def browser(settings: Settings) -> Iterator[TestClient]:
    person(settings, "wangli", Role.STREET, "zd.cz")
    with TestClient(create_app(settings), base_url="https://testserver") as client:
        yield client


def csrf(client: TestClient) -> str:
    page = client.get("/login").text
    found = re.search(r'name="csrftoken" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def log_in(client: TestClient, password: str = PASSWORD, username: str = "wangli") -> object:
    form = {"username": username, "password": password, "csrftoken": csrf(client)}
    return client.post("/login", data=form, follow_redirects=False)


def test_a_login_form_without_its_csrf_token_is_refused(browser: TestClient) -> None:
    csrf(browser)
    forged = browser.post(
        "/login", data={"username": "wangli", "password": PASSWORD}, follow_redirects=False
    )
    assert forged.status_code == 403
    assert "jiesu_session" not in browser.cookies


def test_the_session_cookie_is_httponly_samesite_and_secure(browser: TestClient) -> None:
    answer = log_in(browser)
    assert answer.status_code == 303  # type: ignore[attr-defined]
    cookie = answer.headers["set-cookie"]  # type: ignore[attr-defined]
    assert "jiesu_session=" in cookie
    for flag in ("httponly", "samesite=lax", "secure"):
        assert flag in cookie.lower(), flag
    assert browser.get("/api/me").json()["scope"] == "zd.cz"


def test_a_wrong_password_and_an_unknown_user_read_the_same(browser: TestClient) -> None:
    wrong = log_in(browser, "wrong password!")
    nobody = log_in(browser, username="nobody")
    assert wrong.status_code == nobody.status_code == 401  # type: ignore[attr-defined]
    assert "用户名或密码不正确" in wrong.text  # type: ignore[attr-defined]


def test_guessing_passwords_is_limited(browser: TestClient) -> None:
    answers = [log_in(browser, f"guess number {n}") for n in range(5)]
    assert [a.status_code for a in answers[:4]] == [401] * 4  # type: ignore[attr-defined]
    assert answers[4].status_code == 429  # type: ignore[attr-defined]
    assert int(answers[4].headers["retry-after"]) >= 1  # type: ignore[attr-defined]


def test_a_cookie_kept_after_logout_opens_nothing(browser: TestClient) -> None:
    log_in(browser)
    kept = browser.cookies.get("jiesu_session")
    assert browser.get("/api/me").status_code == 200
    token = csrf(browser)
    assert (
        browser.post("/logout", data={"csrftoken": token}, follow_redirects=False).status_code
        == 303
    )
    browser.cookies.set("jiesu_session", kept)
    assert browser.get("/api/me").status_code == 401


def test_disabling_an_account_ends_its_sessions(browser: TestClient, settings: Settings) -> None:
    log_in(browser)
    assert browser.get("/api/me").status_code == 200
    store(settings).disable("wangli")
    assert browser.get("/api/me").status_code == 401
    assert log_in(browser).status_code == 401  # type: ignore[attr-defined]


def test_after_login_the_page_goes_back_to_where_it_was_never_elsewhere(
    browser: TestClient,
) -> None:
    for target, expected in (
        ("/whistles", "/whistles"),
        ("//evil.example", "/"),
        ("https://x", "/"),
    ):
        form = {
            "username": "wangli",
            "password": PASSWORD,
            "csrftoken": csrf(browser),
            "next": target,
        }
        answer = browser.post("/login", data=form, follow_redirects=False)
        assert answer.headers["location"] == expected, target
