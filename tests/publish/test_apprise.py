"""The chat tools through Apprise: the plumbing, end to end, via its json:// to a real receiver."""

from __future__ import annotations

import asyncio
import logging

import pytest
from alert_inputs import BASE_URL, HOSTILE, change, channel, context
from receiver import Receiver, Reply

from watcher.publish.dispatch import load_notifier_kinds
from watcher.publish.notifiers import NOTIFIERS, DeliveryError
from watcher.publish.notifiers.apprise_kinds import AppriseNotifier, escape_markdown
from watcher.records import Change

TOKEN = "s3cretT0ken"

# Apprise's PGP support imports the stdlib's deprecated imghdr on Python < 3.13 (not our code).
pytestmark = pytest.mark.filterwarnings("ignore:'imghdr' is deprecated:DeprecationWarning")


def _json_url(receiver: Receiver, query: str = "") -> str:
    return receiver.url(f"/hooks/{TOKEN}").replace("http://", "json://") + query


def _send(url: str, *changes: Change, kind: str = "apprise", digest: bool = False) -> None:
    notifier = AppriseNotifier(channel("chat", kind), context(url), kind=kind)
    asyncio.run(notifier.send(changes, digest=digest))


def test_every_chat_kind_is_registered() -> None:
    kinds = load_notifier_kinds()
    chat = {"teams", "discord", "matrix", "mattermost", "zulip", "rocketchat", "apprise"}
    assert chat | {"slack", "webhook"} <= kinds
    assert set(NOTIFIERS) == kinds


def test_a_change_goes_out_as_a_title_and_a_markdown_body(receiver: Receiver) -> None:
    _send(_json_url(receiver), change())

    (request,) = receiver.received
    assert request.path == f"/hooks/{TOKEN}"
    payload = request.json()
    assert payload["title"] == "Acme Chat Privacy principles: AI-training commitment weakened"
    body = payload["message"]
    assert body.startswith("**Verdict:** weakened · **Topics:** AI training\n\n- weakened")
    assert "  - Was: We will not use your messages to train AI models\\." in body
    assert "  - Now: We may use your messages to train AI models\\." in body
    assert body.endswith(f"[View the change]({BASE_URL}/changes/acme-chat-privacy/2)")


def test_vendor_text_reaches_an_html_service_as_text_not_markup(receiver: Receiver) -> None:
    _send(_json_url(receiver, "?format=html"), change(old=HOSTILE, explanation=HOSTILE))

    html = receiver.received[0].json()["message"]
    assert "<script>" not in html and "<!channel>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f'<a href="{BASE_URL}/changes/acme-chat-privacy/2">View the change</a>' in html


def test_a_digest_is_one_message_linking_each_change(receiver: Receiver) -> None:
    _send(_json_url(receiver), change(2), change(3), digest=True)

    (request,) = receiver.received
    payload = request.json()
    assert payload["title"] == "Policy Watcher: 2 policy changes"
    assert payload["message"].splitlines() == [
        f"- [Acme Chat Privacy principles\\: AI\\-training commitment weakened]"
        f"({BASE_URL}/changes/acme-chat-privacy/{n})"
        for n in (2, 3)
    ]


def test_a_refusal_is_retryable_and_names_no_secret(
    receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    receiver.replies.append(Reply(500))
    caplog.set_level(logging.WARNING)

    with pytest.raises(DeliveryError) as caught:
        _send(_json_url(receiver), change())

    assert str(caught.value) == "the Apprise service did not take the message"
    assert not caught.value.permanent
    assert TOKEN not in caplog.text


def test_a_url_for_another_service_is_refused_for_good(receiver: Receiver) -> None:
    with pytest.raises(DeliveryError) as caught:
        _send(_json_url(receiver), change(), kind="discord")

    assert str(caught.value) == (
        "channel 'chat': its url is not a Discord address Apprise understands"
    )
    assert caught.value.permanent
    assert receiver.received == []
    with pytest.raises(DeliveryError, match="not a Microsoft Teams address"):
        _send("https://hooks.slack.com/services/T0/B0/x", change(), kind="teams")


def test_escape_markdown_escapes_all_punctuation_and_flattens_lines() -> None:
    assert escape_markdown("<b>*x*</b>\n[a](b) @here") == (
        "\\<b\\>\\*x\\*\\<\\/b\\> \\[a\\]\\(b\\) \\@here"
    )
