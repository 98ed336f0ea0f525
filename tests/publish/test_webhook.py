"""The generic JSON webhook: payload, HMAC signature, digests and refusals, on a real receiver."""

from __future__ import annotations

import asyncio
import hashlib
import hmac

import pytest
from alert_inputs import BASE_URL, HOSTILE, SECRET_PATH, T0, change, channel, context
from receiver import Receiver, Reply

from watcher.publish.notifiers import DeliveryError
from watcher.publish.notifiers.webhook import SIGNATURE_HEADER, WebhookNotifier
from watcher.records import Change, Channel


def _signed_channel() -> Channel:
    return Channel("hook", "webhook", secrets=(("url", "ALERT_URL"), ("secret", "HOOK_SECRET")))


def _send(receiver: Receiver, *changes: Change, digest: bool = False, signed: bool = False) -> None:
    chan = _signed_channel() if signed else channel("hook", "webhook")
    ctx = context(receiver.url(SECRET_PATH), HOOK_SECRET="shh-signing-key")
    asyncio.run(WebhookNotifier(chan, ctx).send(changes, digest=digest))


def test_a_change_is_posted_as_a_policy_change_event(receiver: Receiver) -> None:
    _send(receiver, change())

    (request,) = receiver.received
    assert request.path == SECRET_PATH
    assert SIGNATURE_HEADER.lower() not in request.headers
    assert request.json() == {
        "event": "policy_change",
        "digest": False,
        "changes": [
            {
                "id": "acme-chat-privacy/v2",
                "source": "acme-chat-privacy",
                "vendor": "Acme Chat",
                "title": "Privacy principles",
                "url": "https://acme-chat.example/privacy",
                "version": 2,
                "captured_at": T0.isoformat(),
                "verdict": "weakened",
                "topics": ["ai_training"],
                "summary": "1 changed",
                "link": f"{BASE_URL}/changes/acme-chat-privacy/2",
                "findings": [
                    {
                        "verdict": "weakened",
                        "topics": ["ai_training"],
                        "explanation": "prohibition → permission: 'will not use' became 'may use'",
                        "old": "We will not use your messages to train AI models.",
                        "new": "We may use your messages to train AI models.",
                    }
                ],
            }
        ],
    }


def test_with_a_secret_the_body_is_signed_with_hmac_sha256(receiver: Receiver) -> None:
    _send(receiver, change(old=HOSTILE), signed=True)

    (request,) = receiver.received
    expected = hmac.new(b"shh-signing-key", request.body, hashlib.sha256).hexdigest()
    assert request.headers[SIGNATURE_HEADER.lower()] == f"sha256={expected}"
    assert b"shh-signing-key" not in request.body
    assert request.json()["changes"][0]["findings"][0]["old"] == HOSTILE  # JSON keeps it as data


def test_a_digest_is_one_post_with_every_change(receiver: Receiver) -> None:
    _send(receiver, change(2), change(3), change(4), digest=True)

    (request,) = receiver.received
    payload = request.json()
    assert payload["digest"] is True
    assert [c["id"] for c in payload["changes"]] == [f"acme-chat-privacy/v{n}" for n in (2, 3, 4)]


def test_without_digest_each_change_is_its_own_post(receiver: Receiver) -> None:
    _send(receiver, change(2), change(3))

    assert [len(r.json()["changes"]) for r in receiver.received] == [1, 1]


@pytest.mark.parametrize(
    ("reply", "message", "permanent", "retry_after"),
    [
        (Reply(503), "HTTP 503 from the webhook", False, None),
        (
            Reply(429, headers={"Retry-After": "30"}),
            "HTTP 429 from the webhook (retry after 30 s)",
            False,
            30.0,
        ),
        (Reply(410, b"gone"), "HTTP 410 from the webhook", True, None),
        (
            Reply(301, headers={"Location": "https://elsewhere.example/"}),
            "HTTP 301 from the webhook (a redirect: webhooks are not followed to another address)",
            True,
            None,
        ),
    ],
)
def test_refusals_are_classified_and_worded_without_the_url(
    receiver: Receiver, reply: Reply, message: str, permanent: bool, retry_after: float | None
) -> None:
    receiver.replies.append(reply)

    with pytest.raises(DeliveryError) as caught:
        _send(receiver, change())

    assert str(caught.value) == message
    assert (caught.value.permanent, caught.value.retry_after) == (permanent, retry_after)
    assert len(receiver.received) == 1  # a redirect is not followed
