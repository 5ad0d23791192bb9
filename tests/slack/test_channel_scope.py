"""Which organisations read an answer: own workspace, DM, Slack Connect channel; cached
channel info (a real WebClient against the fake Slack Web API)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.ingest.visibility import Scope
from bot.slack.channel_scope import ChannelScopes, parse_channel
from tests.slack.fake_slack import TEAM_ID, FakeSlack

PARTNER = "T0PARTNER02"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    fake.shared_channels["C0GEDEELD01"] = [TEAM_ID, PARTNER]
    yield fake
    fake.stop()


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=fake.api_url)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_own_channel_dm_and_shared_channel(fake: FakeSlack, client: WebClient) -> None:
    scopes = ChannelScopes()
    own = scopes.scope(client, "C0KANAAL1", team_id=TEAM_ID, user_team=TEAM_ID)
    assert own == Scope.of_teams([TEAM_ID])
    assert scopes.scope(client, "D0DM00001", team_id=TEAM_ID, user_team=PARTNER) == Scope.of_teams([PARTNER])
    shared = scopes.scope(client, "C0GEDEELD01", team_id=TEAM_ID, user_team=PARTNER, shared_hint=True)
    assert shared == Scope.of_teams([TEAM_ID, PARTNER])
    mark = fake.mark()
    hinted = scopes.scope(client, "C0KANAAL2", team_id=TEAM_ID, user_team=TEAM_ID, shared_hint=False)
    assert hinted == Scope.of_teams([TEAM_ID]) and not fake.calls_since(mark)  # no need to ask Slack


def test_channel_info_is_cached_and_refreshed_when_the_event_disagrees(
    fake: FakeSlack, client: WebClient
) -> None:
    clock = Clock()
    scopes = ChannelScopes(ttl=300, clock=clock)
    calls = lambda: len(fake.calls_to("conversations.info", channel="C0WORDTGEDEELD"))  # noqa: E731
    first = scopes.scope(client, "C0WORDTGEDEELD", team_id=TEAM_ID, user_team=TEAM_ID)
    scopes.scope(client, "C0WORDTGEDEELD", team_id=TEAM_ID, user_team=TEAM_ID)
    assert first == Scope.of_teams([TEAM_ID]) and calls() == 1
    fake.shared_channels["C0WORDTGEDEELD"] = [TEAM_ID, PARTNER]  # connected to the partner
    now_shared = scopes.scope(client, "C0WORDTGEDEELD", team_id=TEAM_ID, user_team=PARTNER, shared_hint=True)
    assert now_shared == Scope.of_teams([TEAM_ID, PARTNER]) and calls() == 2
    clock.now = 301  # expired: asked again
    scopes.scope(client, "C0WORDTGEDEELD", team_id=TEAM_ID, user_team=TEAM_ID)
    assert calls() == 3


def test_unknown_partners_or_a_failing_slack_leave_only_public_sources(
    fake: FakeSlack, client: WebClient
) -> None:
    scopes = ChannelScopes()
    fake.fail("conversations.info", "error:channel_not_found")
    assert scopes.scope(client, "C0ONBEKEND1", team_id=TEAM_ID, user_team=TEAM_ID) == Scope()
    alone = parse_channel({"id": "C1", "is_ext_shared": True, "context_team_id": TEAM_ID})
    assert alone.shared and alone.teams == {TEAM_ID}
    fake.shared_channels["C0ALLEENWIJ"] = [TEAM_ID]  # shared, but Slack names no partner
    assert (
        scopes.scope(client, "C0ALLEENWIJ", team_id=TEAM_ID, user_team=TEAM_ID, shared_hint=True) == Scope()
    )
