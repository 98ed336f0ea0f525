"""Notifiers: one file per kind of channel, registered by the kind name used in sources.yaml.

A notifier turns changes into one message for its channel and sends it. It raises
`DeliveryError` when the receiver did not take the message: with `retry_after` when the
receiver said when to come back (429), `permanent` when retrying cannot help (a 404 webhook,
a refused address). Whatever it raises never contains a secret.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from watcher.errors import WatcherError
from watcher.records import Change, Channel

__all__ = [
    "NOTIFIERS",
    "DeliveryError",
    "MessageContext",
    "Notifier",
    "NotifierFactory",
    "register",
]


class DeliveryError(WatcherError):
    """The channel did not take the message."""

    def __init__(self, message: str, *, retry_after: float | None = None, permanent: bool = False):
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent


@dataclass(frozen=True, slots=True)
class MessageContext:
    """What every notifier needs besides the changes: where links point, and the secrets."""

    base_url: str = "http://127.0.0.1:8080"
    """The web UI's address; each change links to `{base_url}/changes/{source}/{version}`."""
    env: Mapping[str, str] = field(default_factory=dict)
    """Where `Channel.secrets` are looked up: the CLI passes `os.environ`, a test its own."""

    def secret(self, channel: Channel, option: str) -> str:
        """The value of a secret option, read from the environment variable the config names."""
        names = dict(channel.secrets)
        if option not in names:
            return channel.option(option)
        value = self.env.get(names[option], "")
        if not value:
            raise DeliveryError(
                f"channel {channel.name!r}: environment variable {names[option]} is not set",
                permanent=True,
            )
        return value

    def link(self, change: Change) -> str:
        return f"{self.base_url.rstrip('/')}/changes/{change.source.id}/{change.version.number}"


class Notifier(Protocol):
    """Sends changes to one channel: one change a message, or a digest of several."""

    async def send(self, changes: Sequence[Change], *, digest: bool = False) -> None: ...


NotifierFactory = Callable[[Channel, MessageContext], Notifier]

NOTIFIERS: dict[str, NotifierFactory] = {}
"""Notifier factories by kind; a new kind is one new module that calls `register`."""


def register(kind: str) -> Callable[[NotifierFactory], NotifierFactory]:
    def add(factory: NotifierFactory) -> NotifierFactory:
        NOTIFIERS[kind] = factory
        return factory

    return add
