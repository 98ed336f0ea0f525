"""A sender killed between sending and recording: the next pass re-sends once, then never again.

The child is a real process (spawned) that drains a real outbox to a real receiver and SIGKILLs
itself inside a send: right after the receiver acknowledged one message (before `mark_sent`),
or right after claiming one (before anything went out). Every change must arrive; the one in
flight at the kill at most twice; none after its acknowledgement is recorded.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import pytest
from alert_inputs import SECRET_PATH, T0, change, channel, context
from receiver import Receiver

from watcher.publish.dispatch import dispatch
from watcher.publish.notifiers import Notifier
from watcher.publish.notifiers.slack import SlackNotifier
from watcher.records import Change, Delivery, DeliveryState
from watcher.store.files import FileStore
from watcher.store.outbox import CLAIM_LEASE_S

CHANGES = {c.key: c for c in (change(2), change(3), change(4))}
AFTER_CRASH = T0 + timedelta(seconds=CLAIM_LEASE_S + 1)


class _DiesInSend:
    """Passes messages on; on the `nth` send, SIGKILLs its own process before or after it."""

    def __init__(self, inner: Notifier, nth: int, after_sending: bool) -> None:
        self.inner, self.nth, self.after_sending, self.calls = inner, nth, after_sending, 0

    async def send(self, changes: Sequence[Change], *, digest: bool = False) -> None:
        self.calls += 1
        if self.calls == self.nth and not self.after_sending:
            os.kill(os.getpid(), signal.SIGKILL)
        await self.inner.send(changes, digest=digest)
        if self.calls == self.nth:
            os.kill(os.getpid(), signal.SIGKILL)


def _child(snapshots: str, url: str, nth: int, after_sending: bool) -> None:
    with FileStore(snapshots) as store:
        slack = _DiesInSend(SlackNotifier(channel(), context(url)), nth, after_sending)
        asyncio.run(dispatch(store, {"slack": slack}, CHANGES.get, now=lambda: T0, jitter=None))


def _kill_child_in_send(snapshots: Path, url: str, nth: int, after_sending: bool) -> None:
    process = multiprocessing.get_context("spawn").Process(
        target=_child, args=(str(snapshots), url, nth, after_sending)
    )
    process.start()
    process.join(timeout=60)
    assert process.exitcode == -signal.SIGKILL


def _delivered(receiver: Receiver) -> Counter[str]:
    texts = [r.json()["blocks"][-2]["elements"][0]["text"] for r in receiver.acknowledged]
    return Counter(text.rsplit(" ", 1)[-1] for text in texts)


@pytest.mark.parametrize("after_sending", [True, False], ids=["after-send", "before-send"])
def test_a_crash_in_a_send_costs_at_most_one_repeat_and_loses_nothing(
    tmp_path: Path, receiver: Receiver, after_sending: bool
) -> None:
    snapshots = tmp_path / "snapshots"
    with FileStore(snapshots) as store:
        store.enqueue([Delivery(key, "slack") for key in CHANGES], now=T0)

    _kill_child_in_send(snapshots, receiver.url(SECRET_PATH), 2, after_sending)

    with FileStore(snapshots) as store:
        rows = {d.change_key: d for d in store.deliveries()}
        assert rows["acme-chat-privacy/v2"].state is DeliveryState.SENT
        assert (rows["acme-chat-privacy/v3"].state, rows["acme-chat-privacy/v3"].attempts) == (
            DeliveryState.SENDING,
            1,
        )
        assert rows["acme-chat-privacy/v4"].state is DeliveryState.PENDING
        in_flight = {"2": 1, "3": 1} if after_sending else {"2": 1}
        assert _delivered(receiver) == Counter(in_flight)

        slack: dict[str, Notifier] = {"slack": SlackNotifier(channel(), context(receiver.url()))}

        def run(days: int) -> None:
            at = AFTER_CRASH + timedelta(days=days)
            asyncio.run(dispatch(store, slack, CHANGES.get, now=lambda: at, jitter=None))

        run(0)  # the restarted sender
        run(1)
        run(30)

        assert {d.state for d in store.deliveries()} == {DeliveryState.SENT}
    repeats = 2 if after_sending else 1
    assert _delivered(receiver) == Counter({"2": 1, "3": repeats, "4": 1})
