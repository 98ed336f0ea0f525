"""Draining the outbox: send what is due, once, and decide what happens to what was not taken.

Each due delivery is claimed (committed, attempts + 1) just before its message goes out and
marked sent just after the receiver acknowledged it, so a crash in between leaves it `sending`
and it goes out once more when its claim runs out, never after `mark_sent`. Immediate deliveries
are one message per change; a channel's due digest deliveries are one message together (whoever
queues a digest delivery sets its `next_attempt_at` to the next digest time).

When a channel does not take a message: a permanent refusal fails the delivery; anything else is
retried after an exponential backoff (or the receiver's Retry-After), and failed after
`max_attempts`; all deliveries of one message come back at one time. A channel that refused is
left alone for the rest of the pass, so a receiver that is down costs one attempt a pass, not
one per queued change. A channel whose secret's environment variable is not set is not tried at
all: its deliveries wait, attempts untouched. A delivery whose channel is no longer configured,
or whose change is no longer in the store, fails with a message saying so.
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

__all__ = [
    "DispatchReport",
    "Outcome",
    "build_notifiers",
    "dispatch",
    "load_notifier_kinds",
    "missing_secrets",
]

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
    waiting: tuple[str, ...] = ()
    """One warning per channel that could not be sent to at all (a secret's environment
    variable is not set): its alerts were left pending, no attempt counted."""

    @property
    def is_empty(self) -> bool:
        return not (self.sent or self.retried or self.failed)


def load_notifier_kinds() -> frozenset[str]:
    """Import every notifier module (each registers its kinds); the kinds known."""
    for module in pkgutil.iter_modules(_notifiers.__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{_notifiers.__name__}.{module.name}")
    return frozenset(NOTIFIERS)


def missing_secrets(channels: Iterable[Channel], env: Mapping[str, str]) -> dict[str, str]:
    """Channel name -> why it cannot be sent to now: the first secret whose environment variable
    is not set (a set-up step still to do, not a reason to use up the alerts' attempts)."""
    unready: dict[str, str] = {}
    for channel in channels:
        for _, variable in channel.secrets:
            if not env.get(variable):
                unready[channel.name] = f"environment variable {variable} is not set"
                break
    return unready


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
    unready: Mapping[str, str] | None = None,
) -> DispatchReport:
    """Send the deliveries due now (up to `limit` per channel); returns what became of each.

    `change` finds a change by its key (None: no longer in the store). `jitter` scatters retry
    times so that many failed deliveries do not come back at once; tests pass None. A channel
    in `unready` (name -> why, see `missing_secrets`) is not sent to: its deliveries are not
    claimed, so they keep their attempts, and the report says why they wait. A channel's
    due digest deliveries all go in its one digest, however many there are.
    """
    run = _Pass(outbox, notifiers, change, now, max_attempts, backoff_s, jitter)
    unready = unready or {}
    immediate: dict[str, list[Delivery]] = defaultdict(list)
    digests: set[str] = set()
    waiting: list[str] = []
    blocked: set[str] = set()
    for delivery in outbox.due(now(), limit=limit):
        if delivery.channel in unready:
            blocked.add(delivery.channel)
            continue
        if delivery.digest:
            digests.add(delivery.channel)
        else:
            immediate[delivery.channel].append(delivery)
    for channel in sorted(blocked):
        count = outbox.note_waiting(channel, unready[channel])
        line = f"channel {channel!r}: {unready[channel]}; {count} alert{'s' * (count != 1)} wait"
        log.warning("%s", line)
        waiting.append(line)
    for channel, deliveries in immediate.items():
        for delivery in deliveries:
            if channel in run.refused:
                break
            await run.send_batch(channel, [delivery], digest=False)
    for channel in sorted(digests):
        if channel not in run.refused:
            batch = [d for d in outbox.due(now(), limit=None, channel=channel) if d.digest]
            await run.send_batch(channel, batch, digest=True)
    return DispatchReport(tuple(run.sent), tuple(run.retried), tuple(run.failed), tuple(waiting))


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
        deliveries = [d for d, _ in claimed]
        try:
            await notifier.send([c for _, c in claimed], digest=digest)
        except DeliveryError as error:
            self.refused.add(channel)
            self._batch_not_taken(deliveries, str(error), error.permanent, error.retry_after)
            return
        except Exception as error:  # a bug in a notifier must not stop the other channels
            message = f"unexpected {type(error).__name__} while sending"
            log.error("channel %r: %s", channel, message)  # no str(error): it may hold a URL
            self.refused.add(channel)
            self._batch_not_taken(deliveries, message, False, None)
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

    def _batch_not_taken(
        self,
        deliveries: Sequence[Delivery],
        error: str,
        permanent: bool,
        retry_after: float | None,
    ) -> None:
        """One message was not taken: every delivery in it is retried at one moment (from the
        batch's most attempts), so a digest comes back as one digest, not one per change."""
        wait = retry_after  # the receiver said when to come back
        if wait is None:
            most = max(delivery.attempts for delivery in deliveries)
            wait = backoff_delay(most, self.backoff_s, self.jitter)
        at = self.now() + timedelta(seconds=wait)
        for delivery in deliveries:
            self._not_taken(delivery, error, permanent, at)

    def _not_taken(self, delivery: Delivery, error: str, permanent: bool, at: datetime) -> None:
        if permanent:
            self._fail(delivery, error)
        elif delivery.attempts >= self.max_attempts:
            self._fail(delivery, f"{error} (gave up after {delivery.attempts} attempts)")
        else:
            self.outbox.mark_retry(delivery.key, error, at)
            self.retried.append(Outcome(delivery.key, error, at))
            log.info("%s: %s; next attempt at %s", delivery.key, error, at.isoformat())

    def _fail(self, delivery: Delivery, error: str) -> None:
        self.outbox.mark_failed(delivery.key, error)
        self.failed.append(Outcome(delivery.key, error))
        log.warning("%s: failed: %s", delivery.key, error)
