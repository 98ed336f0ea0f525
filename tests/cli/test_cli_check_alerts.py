"""`watcher check` with channels configured: each change's alerts are queued and sent, once."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from cli_site import KEPT, PERMISSION, PROMISE, check, page, watcher, write_config
from localsite import LocalSite
from publish.receiver import Receiver

from watcher.config import load_config
from watcher.fetch import HttpFetcher
from watcher.pipeline import Pipeline
from watcher.store import open_store


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


@pytest.fixture
def config(
    tmp_path: Path, local_site: LocalSite, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Acme Chat's page with its AI-training promise, not checked yet; changes on AI training
    go to a Slack channel at the local receiver."""
    monkeypatch.setenv("TEAM_SLACK_URL", receiver.url("/services/T0/B0/x"))
    local_site.set_html("/p", page(KEPT, PROMISE))
    return write_config(
        tmp_path,
        local_site,
        "notifications:\n"
        "  base_url: https://watch.example.org\n"
        "  channels:\n"
        "    team: {kind: slack, webhook_url_env: TEAM_SLACK_URL}\n"
        "  routes:\n"
        "    - {channel: team, topics: [ai_training]}\n",
    )


def test_a_weakened_change_is_sent_to_slack_once(
    config: Path, local_site: LocalSite, receiver: Receiver
) -> None:
    first = check(config)
    assert first.exit_code == 0, first.output
    assert receiver.acknowledged == []  # a first version is no change

    local_site.set_html("/p", page(KEPT, PERMISSION))
    second = check(config)
    assert second.exit_code == 0, second.output
    assert "alerts: 1 sent" in second.output
    (message,) = receiver.acknowledged
    text = message.body.decode()
    assert "weakened" in text and "Acme Chat" in text
    assert "https://watch.example.org/changes/acme-chat/2" in text

    again = check(config)
    assert again.exit_code == 0 and "alerts:" not in again.output
    assert len(receiver.acknowledged) == 1
    listed = watcher("alerts", "--config", config)
    assert listed.exit_code == 0 and "acme-chat/v2" not in listed.output


def test_an_alert_the_receiver_refused_waits_in_the_outbox(
    config: Path, local_site: LocalSite, receiver: Receiver
) -> None:
    assert check(config).exit_code == 0
    receiver.stop()
    local_site.set_html("/p", page(KEPT, PERMISSION))
    down = check(config)
    assert down.exit_code == 0, down.output
    assert "1 to retry" in down.output
    assert "acme-chat/v2" in watcher("alerts", "--config", config).output
    assert "TEAM_SLACK_URL" not in down.output and "/services/T0" not in down.output


def test_a_change_stored_by_a_pass_that_died_before_queuing_is_sent_by_the_next(
    config: Path, local_site: LocalSite, receiver: Receiver
) -> None:
    assert check(config).exit_code == 0
    local_site.set_html("/p", page(KEPT, PERMISSION))
    _store_change_without_queuing(config)  # as if the process died right after storing it

    later = check(config)  # the page has not changed since

    assert later.exit_code == 0, later.output
    assert "alerts: 1 sent" in later.output
    (message,) = receiver.acknowledged
    assert "https://watch.example.org/changes/acme-chat/2" in message.body.decode()
    assert check(config).exit_code == 0
    assert len(receiver.acknowledged) == 1


def test_a_missing_variable_keeps_alerts_waiting_and_says_so(
    config: Path, local_site: LocalSite, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert check(config).exit_code == 0
    monkeypatch.delenv("TEAM_SLACK_URL")
    local_site.set_html("/p", page(KEPT, PERMISSION))

    result = check(config)

    assert result.exit_code == 0, result.output
    assert "channel 'team': environment variable TEAM_SLACK_URL is not set; 1 alert wait" in (
        " ".join(result.output.split())
    )
    listed = watcher("alerts", "--config", config).output
    assert "pending" in listed and "TEAM_SLACK_URL is not set" in " ".join(listed.split())
    monkeypatch.setenv("TEAM_SLACK_URL", receiver.url("/services/T0/B0/x"))
    assert "alerts: 1 sent" in check(config).output


def _store_change_without_queuing(config: Path) -> None:
    loaded = load_config(config)

    async def run() -> None:
        with closing(open_store(config.parent / "snaps")) as store:
            async with HttpFetcher(loaded.settings.fetch) as fetcher:
                pipeline = Pipeline(store=store, fetcher=fetcher, settings=loaded.settings)
                result = await pipeline.check_source(loaded.sources[0])
            assert result.is_change
            assert [v.number for v in store.unqueued_versions()] == [2]

    asyncio.run(run())
