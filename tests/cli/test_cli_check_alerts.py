"""`watcher check` with channels configured: each change's alerts are queued and sent, once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_site import KEPT, PERMISSION, PROMISE, check, page, watcher, write_config
from localsite import LocalSite
from publish.receiver import Receiver


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
