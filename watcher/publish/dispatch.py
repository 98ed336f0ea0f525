"""Draining the outbox: send what is due, once, and decide what happens to what was not taken.

Each due delivery is claimed (committed, attempts + 1) just before its message goes out and
marked sent just after the receiver acknowledged it, so a crash in between leaves it `sending`
and it goes out once more when its claim runs out, never after `mark_sent`. Immediate deliveries
are one message per change; a channel's due digest deliveries are one message together (whoever
queues a digest delivery sets its `next_attempt_at` to the next digest time).

When a channel does not take a message: a permanent refusal fails the delivery; anything else is
retried after an exponential backoff (or the receiver's Retry-After), and failed after
`max_attempts`. A channel that refused is left alone for the rest of the pass, so a receiver
that is down costs one attempt a pass, not one per queued change. A delivery whose channel is
no longer configured, or whose change is no longer in the store, fails with a message saying so.
Error texts come from `DeliveryError` (worded without secrets by the notifiers) or are made
here from the exception's type alone.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from watcher.errors import ConfigError
from watcher.publish import notifiers as _notifiers
from watcher.publish.notifiers import NOTIFIERS, DeliveryError, MessageContext, Notifier
from watcher.publish.outbox import Outbox
from watcher.records import Change, Channel, Delivery

__all__ = ["DispatchReport", "Outcome", "build_notifiers", "dispatch", "load_notifier_kinds"]

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 6 * 3600.0
"""The longest wait between two attempts, however many came before."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one delivery in a pass."""

    key: str
    error: str = ""
    next_attempt_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class DispatchReport:
    """One pass over the outbox: which deliveries were sent, put back for later, or failed."""

    sent: tuple[Outcome, ...] = ()
    retried: tuple[Outcome, ...] = ()
    failed: tuple[Outcome, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.sent or self.retried or self.failed)


def load_notifier_kinds() -> frozenset[str]:
    """Import every notifier module (each registers its kinds); the kinds known."""
    for module in pkgutil.iter_modules(_notifiers.__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{_notifiers.__name__}.{module.name}")
    return frozenset(NOTIFIERS)


def build_notifiers(channels: Iterable[Channel], context: MessageContext) -> dict[str, Notifier]:
    """A notifier per channel name; ConfigError naming a channel of an unknown kind."""
    kinds = load_notifier_kinds()
    built: dict[str, Notifier] = {}
    for channel in channels:
        if channel.kind not in kinds:
            known = ", ".join(sorted(kinds))
            raise ConfigError(
                f"channel {channel.name!r}: unknown kind {channel.kind!r} (known: {known})"
            )
        built[channel.name] = NOTIFIERS[channel.kind](channel, context)
    return built


def backoff_delay(
    attempts: int, backoff_s: float, jitter: Callable[[], float] | None = random.random
) -> float:
    """Seconds to wait after the `attempts`-th failed attempt: backoff_s, doubling each time,
    capped, then scattered over its upper half by `jitter` (None: no scattering)."""
    delay: float = min(backoff_s * 2.0 ** max(attempts - 1, 0), MAX_BACKOFF_S)
    return delay if jitter is None else delay * (0.5 + 0.5 * jitter())


async def dispatch(
    outbox: Outbox,
    notifiers: Mapping[str, Notifier],
    change: Callable[[str], Change | None],
    *,
    now: Callable[[], datetime],
    max_attempts: int = 8,
    backoff_s: float = 30.0,
    jitter: Callable[[], float] | None = random.random,
    limit: int = 100,
) -> DispatchReport:
    """Send the deliveries due now (up to `limit`); returns what became of each.

    `change` finds a change by its key (None: no longer in the store). `jitter` scatters retry
    times so that many failed deliveries do not come back at once; tests pass None.
    """
    run = _Pass(outbox, notifiers, change, now, max_attempts, backoff_s, jitter)
    immediate: dict[str, list[Delivery]] = defaultdict(list)
    digests: dict[str, list[Delivery]] = defaultdict(list)
    for delivery in outbox.due(now(), limit=limit):
        (digests if delivery.digest else immediate)[delivery.channel].append(delivery)
    for channel, deliveries in immediate.items():
        for delivery in deliveries:
            if channel in run.refused:
                break
            await run.send_batch(channel, [delivery], digest=False)
    for channel, deliveries in digests.items():
        if channel not in run.refused:
            await run.send_batch(channel, deliveries, digest=True)
    return DispatchReport(tuple(run.sent), tuple(run.retried), tuple(run.failed))


class _Pass:
    """The state of one dispatch pass: its outcomes and the channels that refused."""

    def __init__(
        self,
        outbox: Outbox,
        notifiers: Mapping[str, Notifier],
        change: Callable[[str], Change | None],
        now: Callable[[], datetime],
        max_attempts: int,
        backoff_s: float,
        jitter: Callable[[], float] | None,
    ) -> None:
        self.outbox, self.notifiers, self.change, self.now = outbox, notifiers, change, now
        self.max_attempts, self.backoff_s, self.jitter = max_attempts, backoff_s, jitter
        self.sent: list[Outcome] = []
        self.retried: list[Outcome] = []
        self.failed: list[Outcome] = []
        self.refused: set[str] = set()

    async def send_batch(self, channel: str, due: Sequence[Delivery], *, digest: bool) -> None:
        """Claim these deliveries of one channel and send them as one message."""
        claimed: list[tuple[Delivery, Change]] = []
        for delivery in due:
            taken = self.outbox.claim(delivery.key, self.now())
            if taken is None:
                continue  # another sender has it, or it is no longer due
            found = self._ready(taken)
            if found is not None:
                claimed.append((taken, found))
        if not claimed:
            return
        notifier = self.notifiers[channel]
        try:
            await notifier.send([c for _, c in claimed], digest=digest)
        except DeliveryError as error:
            self.refused.add(channel)
            for delivery, _ in claimed:
                self._not_taken(delivery, str(error), error.permanent, error.retry_after)
            return
        except Exception as error:  # a bug in a notifier must not stop the other channels
            message = f"unexpected {type(error).__name__} while sending"
            log.error("channel %r: %s", channel, message)  # no str(error): it may hold a URL
            self.refused.add(channel)
            for delivery, _ in claimed:
                self._not_taken(delivery, message, False, None)
            return
        at = self.now()
        for delivery, _ in claimed:
            self.outbox.mark_sent(delivery.key, at)
            self.sent.append(Outcome(delivery.key))

    def _ready(self, delivery: Delivery) -> Change | None:
        """The change to send for a claimed delivery, or None when it was failed instead."""
        if delivery.channel not in self.notifiers:
            self._fail(delivery, f"channel {delivery.channel!r} is not configured any more")
            return None
        if delivery.attempts > self.max_attempts:  # e.g. a crash during every send
            self._fail(delivery, f"gave up after {delivery.attempts - 1} attempts")
            return None
        found = self.change(delivery.change_key)
        if found is None:
            self._fail(delivery, f"change {delivery.change_key} is no longer in the store")
        return found

    def _not_taken(
        self, delivery: Delivery, error: str, permanent: bool, retry_after: float | None
    ) -> None:
        if permanent:
            self._fail(delivery, error)
        elif delivery.attempts >= self.max_attempts:
            self._fail(delivery, f"{error} (gave up after {delivery.attempts} attempts)")
        else:
            wait = retry_after  # the receiver said when to come back
            if wait is None:
                wait = backoff_delay(delivery.attempts, self.backoff_s, self.jitter)
            at = self.now() + timedelta(seconds=wait)
            self.outbox.mark_retry(delivery.key, error, at)
            self.retried.append(Outcome(delivery.key, error, at))
            log.info("%s: %s; next attempt at %s", delivery.key, error, at.isoformat())

    def _fail(self, delivery: Delivery, error: str) -> None:
        self.outbox.mark_failed(delivery.key, error)
        self.failed.append(Outcome(delivery.key, error))
        log.warning("%s: failed: %s", delivery.key, error)
