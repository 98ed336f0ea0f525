"""`watcher alerts`, `alerts retry`, `alerts send` and `test-alert`, as a user runs them."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_site import watcher, weaken_promise, write_config
from click.testing import CliRunner
from localsite import LocalSite
from publish.receiver import Receiver, Reply

from watcher.cli import main
from watcher.records import Delivery
from watcher.store.files import FileStore

SECRET = "/services/T0001/B0001/s3cretT0ken"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


@pytest.fixture
def env(receiver: Receiver) -> dict[str, str]:
    return {"SLACK_URL": receiver.url(SECRET), "HOOK_URL": receiver.url("/hook")}


@pytest.fixture
def config(tmp_path: Path, local_site: LocalSite) -> Path:
    """Acme Chat's page checked twice (its AI-training promise became a permission), and two
    channels: Slack and a webhook, both at the local receiver."""
    path = write_config(
        tmp_path,
        local_site,
        "notifications:\n"
        "  base_url: https://watch.example\n"
        "  channels:\n"
        "    team: {kind: slack, webhook_url_env: SLACK_URL}\n"
        "    hook: {kind: webhook, url_env: HOOK_URL}\n"
        "  routes:\n"  # taking no change of this site: the tests queue their own rows
        "    - {channel: team, topics: [cross_tenant]}\n"
        "    - {channel: hook, topics: [cross_tenant]}\n",
    )
    weaken_promise(path, local_site)
    return path


def _queue(config: Path, *deliveries: Delivery) -> None:
    with FileStore(config.parent / "snaps") as store:
        store.enqueue(deliveries, now=datetime(2024, 3, 1, tzinfo=UTC))


def test_alerts_with_nothing_queued_says_so(config: Path) -> None:
    result = watcher("alerts", "--config", config)

    assert result.exit_code == 0
    assert result.output == "No alerts queued.\n"


def test_send_delivers_what_is_due_and_alerts_then_lists_nothing(
    config: Path, receiver: Receiver, env: dict[str, str]
) -> None:
    _queue(config, Delivery("acme-chat/v2", "team"), Delivery("acme-chat/v2", "hook"))
    listed = watcher("alerts", "--config", config)
    assert "acme-chat/v2" in listed.output and "pending" in listed.output
    assert "2 alerts waiting, 0 failed" in listed.output

    result = watcher("alerts", "send", "--config", config, env=env)

    assert result.exit_code == 0, result.output
    assert "✓ acme-chat/v2@team sent" in result.output
    assert "2 sent, 0 to retry, 0 failed" in result.output
    slack = next(r for r in receiver.received if r.path == SECRET).json()
    assert slack["text"] == "Acme Chat Privacy principles: AI-training commitment weakened"
    hook = next(r for r in receiver.received if r.path == "/hook").json()
    assert hook["changes"][0]["link"] == "https://watch.example/changes/acme-chat/2"
    assert "No alerts waiting" in watcher("alerts", "--config", config).output


def test_a_failed_alert_is_listed_with_its_error_and_retry_queues_it_again(
    config: Path, receiver: Receiver, env: dict[str, str]
) -> None:
    _queue(config, Delivery("acme-chat/v2", "team"), Delivery("acme-chat/v9", "gone"))
    receiver.replies.append(Reply(404, b"no_service"))

    sent = watcher("alerts", "send", "--config", config, env=env)

    assert sent.exit_code == 1
    assert "✗ acme-chat/v2@team failed: HTTP 404 from the Slack webhook: no_service" in sent.output
    assert "✗ acme-chat/v9@gone failed: channel 'gone' is not configured any more" in sent.output
    listed = watcher("alerts", "--config", config)
    assert "HTTP 404 from the Slack webhook: no_service" in listed.output
    assert "0 alerts waiting, 2 failed" in listed.output
    assert "s3cret" not in sent.output + listed.output

    retried = watcher("alerts", "--config", config, "retry")  # options on the group work too
    assert retried.exit_code == 0
    assert retried.output.startswith("2 failed alerts queued again")
    again = watcher("alerts", "send", "--config", config, env=env)
    assert "✓ acme-chat/v2@team sent" in again.output


def test_a_receiver_that_is_down_means_a_retry_later(
    config: Path, receiver: Receiver, env: dict[str, str]
) -> None:
    _queue(config, Delivery("acme-chat/v2", "team"))
    receiver.stop()

    result = watcher("alerts", "send", "--config", config, env=env)

    assert result.exit_code == 1
    assert "↻ acme-chat/v2@team: cannot reach the Slack webhook (ConnectError); again" in (
        result.output
    )
    assert "1 alert waiting, 0 failed" in watcher("alerts", "--config", config).output


def test_test_alert_sends_a_sample_marked_as_a_test(
    config: Path, receiver: Receiver, env: dict[str, str]
) -> None:
    result = watcher("test-alert", "team", "--config", config, env=env)

    assert result.exit_code == 0, result.output
    assert result.output == "✓ test alert sent to 'team' (slack)\n"
    message = receiver.received[0].json()
    assert message["text"].startswith("Policy Watcher TEST ALERT (no vendor changed anything): ")
    assert "a test of this channel" in message["blocks"][1]["text"]["text"]


def test_test_alert_prints_the_error_and_exits_1(
    config: Path, receiver: Receiver, env: dict[str, str]
) -> None:
    receiver.replies.append(Reply(403, b"invalid_token"))

    result = CliRunner().invoke(main, ["test-alert", "team", "--config", str(config)], env=env)

    assert result.exit_code == 1
    assert "the test alert to 'team' failed: HTTP 403 from the Slack webhook: invalid_token" in (
        result.output
    )
    assert "s3cret" not in result.output


def test_test_alert_names_a_missing_environment_variable(config: Path) -> None:
    result = CliRunner().invoke(
        main, ["test-alert", "hook", "--config", str(config)], env={"HOOK_URL": ""}
    )

    assert result.exit_code == 1
    assert "environment variable HOOK_URL is not set" in result.output


def test_test_alert_to_an_unknown_channel_lists_the_known_ones(config: Path) -> None:
    result = CliRunner().invoke(main, ["test-alert", "slak", "--config", str(config)])

    assert result.exit_code == 2
    assert "no channel 'slak' in notifications (has: 'team', 'hook')" in result.output


def _one_channel(tmp_path: Path, local_site: LocalSite, channel: str) -> Path:
    return write_config(
        tmp_path,
        local_site,
        f"notifications:\n  channels:\n    {channel}\n  routes:\n    - channel: chat\n",
    )


# Apprise's PGP support imports the stdlib's deprecated imghdr on Python < 3.13 (not our code).
@pytest.mark.filterwarnings("ignore:'imghdr' is deprecated:DeprecationWarning")
def test_very_verbose_test_alert_never_logs_the_token(
    tmp_path: Path, local_site: LocalSite, receiver: Receiver
) -> None:
    config = _one_channel(tmp_path, local_site, "chat: {kind: apprise, url_env: CHAT_URL}")
    url = receiver.url("/hooks/T0KEN-in-the-path").replace("http://", "json://")
    root = logging.getLogger()
    level, handlers = root.level, root.handlers[:]
    root.handlers = []  # so that main's logging set-up applies here as on a fresh process
    try:
        result = CliRunner().invoke(
            main, ["-vv", "test-alert", "chat", "--config", str(config)], env={"CHAT_URL": url}
        )
    finally:
        root.handlers, root.level = handlers, level
    assert result.exit_code == 0, result.output
    assert receiver.acknowledged
    assert "T0KEN" not in result.output


def test_test_alert_to_a_port_out_of_range_says_so_in_one_line(
    tmp_path: Path, local_site: LocalSite
) -> None:
    config = _one_channel(tmp_path, local_site, "chat: {kind: webhook, url_env: HOOK_URL}")
    env = {"HOOK_URL": "http://127.0.0.1:99999/x-s3cret"}

    result = CliRunner().invoke(main, ["test-alert", "chat", "--config", str(config)], env=env)

    assert result.exit_code == 1
    assert (
        result.output
        == "error: the test alert to 'chat' failed: the URL of the webhook is not valid\n"
    )


def test_alerts_without_channels_says_none_will_be_queued(
    tmp_path: Path, local_site: LocalSite
) -> None:
    config = write_config(tmp_path, local_site)
    weaken_promise(config, local_site)

    result = watcher("alerts", "--config", config)

    assert result.output == (
        "No alerts queued. The config has no channels under notifications, so none will be.\n"
    )
