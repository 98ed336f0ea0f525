"""Slack: the Block Kit message a real local receiver gets, its escaping, and what refusals mean."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from alert_inputs import BASE_URL, HOSTILE, SECRET_PATH, change, channel, context
from receiver import Receiver, Reply

from watcher.publish.notifiers import DeliveryError, MessageContext
from watcher.publish.notifiers.slack import SlackNotifier, escape_mrkdwn
from watcher.records import Change


def _send(receiver: Receiver, *changes: Change, digest: bool = False) -> list[dict[str, Any]]:
    notifier = SlackNotifier(channel(), context(receiver.url(SECRET_PATH)))
    asyncio.run(notifier.send(changes, digest=digest))
    return [r.json() for r in receiver.received]


def _refusal(receiver: Receiver) -> DeliveryError:
    with pytest.raises(DeliveryError) as caught:
        _send(receiver, change())
    assert SECRET_PATH not in str(caught.value)
    assert "s3cret" not in str(caught.value)
    return caught.value


def test_one_change_is_one_block_kit_message(receiver: Receiver) -> None:
    (message,) = _send(receiver, change())

    (request,) = receiver.received
    assert request.path == SECRET_PATH
    assert request.headers["content-type"] == "application/json"
    title = "Acme Chat Privacy principles: AI-training commitment weakened"
    assert message["text"] == title
    blocks = message["blocks"]
    assert [b["type"] for b in blocks] == [
        "header",
        "section",
        "section",
        "section",
        "context",
        "actions",
    ]
    assert blocks[0]["text"] == {"type": "plain_text", "text": title}
    summary = blocks[1]["text"]["text"]
    assert summary.startswith("*Verdict:* weakened    *Topics:* AI training\n• weakened")
    assert "prohibition → permission: 'will not use' became 'may use'" in summary
    assert blocks[2]["text"]["text"] == (
        "*Was:*\n>We will not use your messages to train AI models."
    )
    assert blocks[3]["text"]["text"] == "*Now:*\n>We may use your messages to train AI models."
    assert all(b["text"]["verbatim"] for b in blocks[1:4])
    assert blocks[4]["elements"][0]["text"] == "acme-chat-privacy · version 2"
    (button,) = blocks[5]["elements"]
    assert button["url"] == f"{BASE_URL}/changes/acme-chat-privacy/2"
    assert button["text"] == {"type": "plain_text", "text": "View the change"}


def test_vendor_text_is_escaped_for_slack_and_cannot_ping_anyone(receiver: Receiver) -> None:
    (message,) = _send(receiver, change(old=HOSTILE, new=HOSTILE, explanation=HOSTILE))

    raw = receiver.received[0].body.decode()
    assert "<script>" not in raw and "<!channel>" not in raw and "\\r\\n" not in raw
    escaped = (
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt; ]]&gt; a &gt; b "
        "Bcc: victim@example.com"
    )
    blocks = message["blocks"]
    assert blocks[2]["text"]["text"] == f"*Was:*\n>{escaped}"
    assert blocks[3]["text"]["text"] == f"*Now:*\n>{escaped}"
    assert escaped in blocks[1]["text"]["text"]


def test_old_and_new_text_are_trimmed_to_about_300_characters(receiver: Receiver) -> None:
    long = "We may use your messages " * 200
    (message,) = _send(receiver, change(old=long, new="a & b " * 400))

    was, now = (b["text"]["text"] for b in message["blocks"][2:4])
    assert was.startswith("*Was:*\n>We may use your messages")
    assert len(was) <= len("*Was:*\n>") + 300 and was.endswith("…")
    quoted_now = now.removeprefix("*Now:*\n>")
    assert quoted_now.endswith("…") and "&amp;" in quoted_now
    assert len(quoted_now.replace("&amp;", "&")) <= 300


def test_many_findings_show_three_and_count_the_rest(receiver: Receiver) -> None:
    (message,) = _send(receiver, change(findings=5))

    types = [b["type"] for b in message["blocks"]]
    assert types.count("section") == 1 + 3 * 2
    assert message["blocks"][-2]["elements"][0]["text"] == (
        "acme-chat-privacy · version 2 · 2 more findings on the change's page"
    )


def test_every_section_stays_within_slacks_limit(receiver: Receiver) -> None:
    (message,) = _send(receiver, change(explanation="&" * 5000, findings=3))

    for block in message["blocks"]:
        if block["type"] == "section":
            text = block["text"]["text"]
            assert len(text) <= 3000
            assert not text.rstrip("…").endswith(("&", "&a", "&am", "&amp"))


def test_a_digest_is_one_message_listing_each_change_with_its_link(receiver: Receiver) -> None:
    changes = [change(2), change(3, old="x < y"), change(4)]
    (message,) = _send(receiver, *changes, digest=True)

    assert len(receiver.received) == 1
    assert message["text"] == "Policy Watcher: 3 policy changes"
    header, *sections = message["blocks"]
    assert header["text"]["text"] == "Policy Watcher: 3 policy changes"
    assert [s["text"]["text"].split("\n")[0] for s in sections] == [
        f"*<{BASE_URL}/changes/acme-chat-privacy/{n}|"
        "Acme Chat Privacy principles: AI-training commitment weakened>*"
        for n in (2, 3, 4)
    ]


def test_without_digest_several_changes_are_several_messages(receiver: Receiver) -> None:
    assert len(_send(receiver, change(2), change(3))) == 2


def test_429_is_retryable_after_what_retry_after_says(receiver: Receiver) -> None:
    receiver.replies.append(Reply(429, b"rate_limited", {"Retry-After": "7"}))

    error = _refusal(receiver)

    assert str(error) == "HTTP 429 from the Slack webhook: rate_limited (retry after 7 s)"
    assert (error.retry_after, error.permanent) == (7.0, False)


@pytest.mark.parametrize("status", [500, 502, 503, 408])
def test_server_errors_are_retryable(receiver: Receiver, status: int) -> None:
    receiver.replies.append(Reply(status, b"<html>oops at /services/T0001/B0001/s3cretT0ken"))

    error = _refusal(receiver)

    assert str(error) == f"HTTP {status} from the Slack webhook"
    assert (error.retry_after, error.permanent) == (None, False)


@pytest.mark.parametrize(
    ("status", "body"), [(404, b"no_service"), (403, b"invalid_token"), (400, b"invalid_payload")]
)
def test_other_refusals_are_permanent(receiver: Receiver, status: int, body: bytes) -> None:
    receiver.replies.append(Reply(status, body))

    error = _refusal(receiver)

    assert str(error) == f"HTTP {status} from the Slack webhook: {body.decode()}"
    assert error.permanent


def test_a_receiver_that_is_down_is_retryable_and_not_named(receiver: Receiver) -> None:
    receiver.stop()

    error = _refusal(receiver)

    assert str(error) == "cannot reach the Slack webhook (ConnectError)"
    assert not error.permanent
    assert "127.0.0.1" not in str(error)


def test_a_missing_environment_variable_is_a_permanent_error_naming_it() -> None:
    notifier = SlackNotifier(channel(), MessageContext(env={}))

    with pytest.raises(DeliveryError, match="environment variable ALERT_URL is not set") as caught:
        asyncio.run(notifier.send([change()]))
    assert caught.value.permanent


def test_a_url_that_is_not_http_is_refused_without_being_shown() -> None:
    notifier = SlackNotifier(channel(), context("ftp://hooks.example/s3cretT0ken"))

    with pytest.raises(DeliveryError) as caught:
        asyncio.run(notifier.send([change()]))
    assert str(caught.value) == "the URL of the Slack webhook is not an http(s) URL"
    assert caught.value.permanent


def test_escape_mrkdwn_escapes_exactly_slacks_three_characters() -> None:
    assert escape_mrkdwn("a & <b> *c* _d_") == "a &amp; &lt;b&gt; *c* _d_"
    assert json.dumps(escape_mrkdwn("&amp;")) == '"&amp;amp;"'
