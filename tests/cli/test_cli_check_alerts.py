"""`watcher check` with channels configured: each change's alerts are queued and sent, once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from localsite import LocalSite
from publish.receiver import Receiver

from watcher.cli import main

PROMISE = "We will not use your messages to train AI models."
PERMISSION = "We may use your messages to train AI models."
KEPT = "We never sell your personal data to advertisers or data brokers."


def page(*clauses: str) -> str:
    body = "".join(f"<p>{clause}</p>" for clause in clauses)
    return f"<html><head><title>Acme</title></head><body><main><h1>Privacy</h1>{body}</main></html>"


def watcher(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    got = Receiver()
    got.start()
    try:
        yield got
    finally:
        got.stop()


@pytest.fixture
def config(
    tmp_path: Path, local_site: LocalSite, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> Path:
    monkeypatch.setenv("TEAM_SLACK_URL", receiver.url("/services/T0/B0/x"))
    path = tmp_path / "sources.yaml"
    path.write_text(
        "snapshots: snaps\nfetch: {retries: 0}\nsources:\n"
        "  - {id: acme-chat, vendor: Acme Chat, title: Privacy principles,"
        f" url: '{local_site.url('/p')}'}}\n"
        "notifications:\n"
        "  base_url: https://watch.example.org\n"
        "  channels:\n"
        "    team: {kind: slack, webhook_url_env: TEAM_SLACK_URL}\n"
        "  routes:\n"
        "    - {channel: team, topics: [ai_training]}\n"
    )
    local_site.set_html("/p", page(KEPT, PROMISE))
    return path


def test_a_weakened_change_is_sent_to_slack_once(
    config: Path, local_site: LocalSite, receiver: Receiver
) -> None:
    first = watcher("check", "--config", config, "--no-progress")
    assert first.exit_code == 0, first.output
    assert receiver.acknowledged == []  # a first version is no change

    local_site.set_html("/p", page(KEPT, PERMISSION))
    second = watcher("check", "--config", config, "--no-progress")
    assert second.exit_code == 0, second.output
    assert "alerts: 1 sent" in second.output
    (message,) = receiver.acknowledged
    text = message.body.decode()
    assert "weakened" in text and "Acme Chat" in text
    assert "https://watch.example.org/changes/acme-chat/2" in text

    again = watcher("check", "--config", config, "--no-progress")
    assert again.exit_code == 0 and "alerts:" not in again.output
    assert len(receiver.acknowledged) == 1
    listed = watcher("alerts", "--config", config)
    assert listed.exit_code == 0 and "acme-chat/v2" not in listed.output


def test_an_alert_the_receiver_refused_waits_in_the_outbox(
    config: Path, local_site: LocalSite, receiver: Receiver
) -> None:
    assert watcher("check", "--config", config, "--no-progress").exit_code == 0
    receiver.stop()
    local_site.set_html("/p", page(KEPT, PERMISSION))
    down = watcher("check", "--config", config, "--no-progress")
    assert down.exit_code == 0, down.output
    assert "1 to retry" in down.output
    assert "acme-chat/v2" in watcher("alerts", "--config", config).output
    assert "TEAM_SLACK_URL" not in down.output and "/services/T0" not in down.output
