"""Single sign-on: the city's OpenID Connect provider says who, jiesu says what they see.

Both the dashboard and a provider run over real HTTP; a person the provider logs in gets a
session only when an account is bound to their subject (or named after their username),
and sees what that account's scope allows; anybody else is turned away.
"""

from __future__ import annotations

import httpx

from jiesu.domain.access import Role, Scope
from jiesu.settings import Settings
from projections.web.app import create_app
from tests.access_support import store
from tests.integration import test_dashboard_support as world
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider


def test_a_person_known_to_jiesu_logs_in_through_the_city_provider(unique_topics: Settings):
    provider = Provider()
    with world.ServedApp(provider.app()) as idp:
        provider.url = idp.url
        settings = unique_topics.model_copy(
            update={
                "development": True,
                "oidc_metadata_url": f"{idp.url}/.well-known/openid-configuration",
                "oidc_client_id": CLIENT_ID,
                "oidc_client_secret": CLIENT_SECRET,
            }
        )
        accounts = store(settings)
        accounts.add("zhao", "赵科长", Scope(Role.DEPARTMENT, "sanitation"), oidc_subject="s-123")
        with world.ServedApp(create_app(settings)) as dashboard:
            assert "统一身份认证登录" in httpx.get(f"{dashboard.url}/login").text
            provider.user = {"sub": "s-123", "preferred_username": "zhao.k"}
            with httpx.Client(follow_redirects=True, timeout=30) as browser:
                landed = browser.get(f"{dashboard.url}/login/oidc")
                assert landed.status_code == 200, landed.text
                assert landed.url.path == "/"
                me = browser.get(f"{dashboard.url}/api/me").json()
            assert (me["username"], me["scope"]) == ("zhao", "sanitation")

            accounts.add("liu", "刘主任", Scope(Role.STREET, "zd.cz"))  # SSO only
            accounts.add("wang", "王丽", Scope(Role.CITY), password="a long password here")
            provider.user = {"sub": "s-456", "preferred_username": "liu"}
            with httpx.Client(follow_redirects=True, timeout=30) as liu:
                liu.get(f"{dashboard.url}/login/oidc")
                assert liu.get(f"{dashboard.url}/api/me").json()["username"] == "liu"

            provider.user = {"sub": "s-999", "preferred_username": "wang"}
            with httpx.Client(follow_redirects=True, timeout=30) as stranger:
                refused = stranger.get(f"{dashboard.url}/login/oidc")
                assert refused.status_code == 403
                assert "没有为你开通账号" in refused.text
                assert stranger.get(f"{dashboard.url}/api/me").status_code == 401
