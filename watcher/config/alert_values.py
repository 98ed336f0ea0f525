"""The value types of the `notifications` section: kinds, secrets by name, hosts, addresses, times.

Like `values`, each checker returns the clean value or raises ValueError with a message that
reads after the key's name. One rule runs through them: a value that may be a secret is never
repeated in a message, since errors end up in terminals, logs and CI output.

Config and publish are sibling layers that may not import each other, so the channel kinds are
listed here rather than read from the notifier registry (`watcher.publish.notifiers.NOTIFIERS`);
a test keeps the two in step.
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import time
from email.utils import formataddr, getaddresses
from typing import NoReturn

from watcher.config.values import quote
from watcher.records import Topic, Verdict

__all__ = [
    "ALERTING",
    "CHANNEL_KINDS",
    "CHAT_KINDS",
    "DIGESTS",
    "MEANT_SECURITY",
    "ROUTE_VERDICTS",
    "SECURITIES",
    "address",
    "addresses",
    "check_env_name",
    "check_host",
    "digest",
    "one_of",
    "refuse_secret",
    "some_verdicts",
    "time_of_day",
    "topic",
    "verdict",
]

CHAT_KINDS = ("teams", "discord", "matrix", "mattermost", "zulip", "rocketchat", "apprise")
"""Chat tools reached through Apprise (`apprise`: any service it knows); each channel names an
Apprise URL or the service's own webhook URL."""
CHANNEL_KINDS = ("slack", "email", "webhook", *CHAT_KINDS)
SECURITIES = ("starttls", "tls", "none")
DIGESTS = ("daily",)
ROUTE_VERDICTS = (Verdict.WEAKENED, Verdict.STRENGTHENED, Verdict.CLARIFIED, Verdict.NEUTRAL)
"""Cosmetic changes never make alerts, and `unchanged` is no change at all."""
ALERTING = (Verdict.WEAKENED, Verdict.STRENGTHENED, Verdict.CLARIFIED)
"""What a route sends when it names no verdicts (as `Route.verdicts` defaults)."""
MEANT_SECURITY = {"ssl": "tls", "smtps": "tls", "plain": "none"}
"""Words for a `security` that are not alike the right one: "did you mean" hints."""

_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


def one_of(names: Sequence[str], meant: Mapping[str, str] | None = None) -> Callable[[object], str]:
    """A checker for a word out of a fixed list, with a "did you mean" hint (from `meant` for
    words that are not alike but mean the same, like `ssl` for `tls`)."""

    def check(value: object) -> str:
        if isinstance(value, str) and value in names:
            return value
        close = difflib.get_close_matches(str(value), names, n=1)
        if meant and str(value).lower() in meant:
            close = [meant[str(value).lower()]]
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return _refuse(f"{quote(value)} is not one of {', '.join(names)}{hint}")

    return check


def verdict(value: object) -> Verdict:
    if value in (Verdict.COSMETIC.value, Verdict.UNCHANGED.value):
        _refuse(f"{quote(value)} never makes an alert; routes take {_names(ROUTE_VERDICTS)}")
    return Verdict(one_of([v.value for v in ROUTE_VERDICTS])(value))


def some_verdicts(verdicts: list[Verdict]) -> list[Verdict]:
    if not verdicts:
        _refuse(f"should name at least one verdict (leave it out for {_names(ALERTING)})")
    return verdicts


def digest(value: object) -> str:
    if value not in DIGESTS:
        _refuse(
            f"{quote(value)} is not 'daily', the one digest there is (leave digest out to send"
            " each change as soon as it is found)"
        )
    return str(value)


def topic(value: object) -> Topic:
    return Topic(one_of([t.value for t in Topic])(value))


def time_of_day(value: object) -> time:
    """ "08:00" -> 08:00. YAML reads an unquoted 20:30 as the number 1230 (base 60), so a number
    gets a hint to quote it rather than a guess at what was meant."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        hours, minutes = divmod(value, 60)
        _refuse(
            f"{value} is a number: YAML reads {hours}:{minutes:02d} without quotes as one;"
            f' write it in quotes, as "{hours:02d}:{minutes:02d}"'
        )
    match = _TIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if not match:
        _refuse(f'{quote(value)} is not a time of day (HH:MM in UTC, such as "08:00")')
    return time(int(match.group(1)), int(match.group(2)))


def check_env_name(value: str) -> str:
    """The name of an environment variable. The value itself is not repeated: a misplaced
    secret (a webhook URL, a password) is the likeliest reason a name is invalid."""
    if _ENV_NAME.fullmatch(value):
        return value
    if "://" in value or "@" in value:
        return _refuse(
            "looks like the secret itself: put it in an environment variable and write the"
            " variable's name here, such as SLACK_WEBHOOK_URL (the value is not shown)"
        )
    return _refuse(
        "should be the name of an environment variable: letters, digits and '_', not starting"
        " with a digit (the value is not shown, in case it is a secret)"
    )


def refuse_secret(env_key: str, example: str) -> Callable[[object], object]:
    """A checker for an option that must never be written in the file: a secret."""

    def check(value: object) -> object:
        return _refuse(
            f"is a secret and must not be written in sources.yaml: put it in an environment"
            f" variable and name that with {env_key} (as in `{env_key}: {example}`)"
        )

    return check


def check_host(value: str) -> str:
    """A host name or IP address: the scheme, port and security have keys of their own."""
    host = value.strip().rstrip(".")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    if host and len(host) <= 253 and all(_HOST_LABEL.fullmatch(p) for p in host.split(".")):
        return host
    return _refuse(
        f"{quote(value)} is not a host name (write only the name, such as smtp.example.org;"
        " port and security are keys of their own)"
    )


def address(value: str) -> str:
    """One email address, optionally with a name: "Policy Watcher <alerts@example.org>"."""
    if any(not char.isprintable() for char in value):
        _refuse(f"{quote(value)} contains a line break or a control character")
    parsed = getaddresses([value])
    if len(parsed) != 1:
        _refuse(f"{quote(value)} is not one email address (give a list for several)")
    name, addr = parsed[0]
    local, _, domain = addr.rpartition("@")
    if not local or not domain or any(char.isspace() for char in addr) or "@" in local:
        _refuse(f"{quote(value)} is not an email address")
    return formataddr((name, addr)) if name else addr


def addresses(values: list[str]) -> list[str]:
    if not values:
        _refuse("should name at least one email address")
    return values


def _names(verdicts: Sequence[Verdict]) -> str:
    return ", ".join(v.value for v in verdicts)


def _refuse(message: str) -> NoReturn:
    raise ValueError(message)
