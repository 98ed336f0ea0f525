"""sources.yaml -> `Config` (Settings + Sources), with every problem reported as `file:line: …`.

A bad config must stop a run before anything is fetched or stored, with one line a user can act
on; so the file is parsed keeping line numbers (`lines`), validated as a whole (`schema`), and
every problem is mapped back to its line (`problems`). Only a fully valid file becomes records.

The optional `notifications` section becomes `Notifications`: channels and the routes to them.
A channel's secrets stay in the environment; the config keeps only the names of the variables.

Defaults apply to every source that does not set its own value: `interval` and `select` are
replaced by the source's own; `remove`, `ignore` and `tags` are merged (defaults first); `headers`
are merged by name (case-insensitive), the source's own value winning.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from watcher.config import problems as _problems
from watcher.config.alert_values import CHANNEL_KINDS
from watcher.config.lines import YamlProblem, parse_yaml
from watcher.config.schema import (
    ChannelModel,
    DefaultsModel,
    FileModel,
    NotificationsModel,
    RouteModel,
    SourceModel,
    validate,
)
from watcher.config.values import parse_duration, parse_size, quote
from watcher.errors import ConfigError
from watcher.records import (
    Channel,
    FetchSettings,
    Headers,
    Notifications,
    Route,
    Settings,
    Source,
)

__all__ = ["CHANNEL_KINDS", "Config", "load_config", "parse_duration", "parse_size"]

_FETCH_FIELDS = (
    ("timeout", "timeout_s"),
    ("max_body", "max_body_bytes"),
    ("max_redirects", "max_redirects"),
    ("concurrency", "concurrency"),
    ("per_host_concurrency", "per_host_concurrency"),
    ("retries", "retries"),
    ("backoff", "backoff_s"),
    ("max_retry_after", "max_retry_after_s"),
    ("user_agent", "user_agent"),
)


@dataclass(frozen=True, slots=True)
class Config:
    """A loaded sources.yaml: run settings and the sources, in the order they were written."""

    path: Path
    settings: Settings
    sources: tuple[Source, ...]
    notifications: Notifications = field(default_factory=Notifications)

    def source(self, source_id: str) -> Source:
        """The source with this id; ConfigError (with close matches) for an unknown one."""
        for source in self.sources:
            if source.id == source_id:
                return source
        ids = [source.id for source in self.sources]
        close = difflib.get_close_matches(source_id, ids, n=3)
        hint = f" (did you mean {' or '.join(map(quote, close))}?)" if close else ""
        raise ConfigError(f"{self.path}: unknown source id {quote(source_id)}{hint}")


def load_config(path: str | Path) -> Config:
    """Read and check a sources.yaml; raises ConfigError naming the file and line of a problem."""
    path = Path(path)
    model = _validated(path)
    return Config(
        path=path,
        settings=_settings(model, path),
        sources=tuple(_source(source, model.defaults) for source in model.sources),
        notifications=_notifications(model.notifications),
    )


def _validated(path: Path) -> FileModel:
    text = _read(path)
    try:
        parsed = parse_yaml(text)
    except YamlProblem as problem:
        where = f"{path}:{problem.line}" if problem.line is not None else str(path)
        raise ConfigError(f"{where}: {problem.message}") from None
    data = parsed.data
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"a single value {quote(data)}"
        message = f"expected a mapping with a 'sources' list, found {found}"
        raise ConfigError(f"{path}:{parsed.lines.get((), 1)}: {message}")
    found_problems = _problems.duplicate_keys(parsed.duplicates, data)
    found_problems += _problems.duplicate_ids(data, parsed.lines)
    found_problems += _problems.unknown_references(data, parsed.lines)
    model: FileModel | None = None
    try:
        model = validate(data)
    except ValidationError as error:
        found_problems += _problems.from_validation(error, data, parsed.lines)
    if found_problems or model is None:
        raise ConfigError(_problems.summarize(str(path), found_problems))
    return model


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: file not found (name another with --config, or see the README's example)"
        ) from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a sources.yaml file") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ConfigError(f"{path}:{line}: not UTF-8 text") from None


def _settings(model: FileModel, path: Path) -> Settings:
    """Overlay the keys the file sets on the defaults that `records` defines."""
    fetch = {
        name: value
        for key, name in _FETCH_FIELDS
        if (value := getattr(model.fetch, key)) is not None
    }
    own = {
        key: value
        for key in ("broken_after", "min_text_ratio")
        if (value := getattr(model, key)) is not None
    }
    return dataclasses.replace(
        Settings(),
        fetch=dataclasses.replace(FetchSettings(), **fetch),
        snapshots=_resolve(model.snapshots or Settings().snapshots, path),
        **own,
    )


def _resolve(snapshots: str, config_path: Path) -> str:
    """A relative snapshots folder belongs next to the config file, not the current directory."""
    folder = Path(snapshots).expanduser()
    if not folder.is_absolute():
        folder = config_path.parent / folder
    return os.path.abspath(folder)


def _source(model: SourceModel, defaults: DefaultsModel) -> Source:
    interval = model.interval if model.interval is not None else defaults.interval
    select = model.select if model.select is not None else defaults.select
    optional: dict[str, Any] = {} if interval is None else {"interval_s": interval}
    return Source(
        id=model.id,
        vendor=model.vendor,
        title=model.title,
        url=model.url,
        kind=model.kind,
        select=tuple(select or ()),
        remove=_merge(defaults.remove, model.remove),
        ignore=_merge(defaults.ignore, model.ignore),
        tags=_merge(defaults.tags, model.tags),
        headers=_merge_headers(defaults.headers, model.headers),
        **optional,
    )


def _merge(defaults: list[str] | None, own: list[str] | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*(defaults or ()), *(own or ())]))


def _merge_headers(defaults: dict[str, str] | None, own: dict[str, str] | None) -> Headers:
    own = own or {}
    overridden = {name.lower() for name in own}
    kept = [
        (name, value) for name, value in (defaults or {}).items() if name.lower() not in overridden
    ]
    return (*kept, *own.items())


def _notifications(model: NotificationsModel) -> Notifications:
    defaults = Notifications()
    return Notifications(
        base_url=(model.base_url or defaults.base_url).rstrip("/"),
        digest_time=model.digest_time or defaults.digest_time,
        channels=tuple(_channel(name, channel) for name, channel in model.channels.items()),
        routes=tuple(_route(route) for route in model.routes),
    )


def _channel(name: str, model: ChannelModel) -> Channel:
    """Options as text (a list joined by ", "); an `X_env` key becomes the secret X (or what
    the model's `renamed` calls X for the notifiers)."""
    options: list[tuple[str, str]] = []
    secrets: list[tuple[str, str]] = []
    for key, info in type(model).model_fields.items():
        value = getattr(model, key)
        if key == "kind" or value is None:
            continue
        if key.endswith("_env"):
            option = key.removesuffix("_env")
            secrets.append((getattr(model, "renamed", {}).get(option, option), value))
        else:
            options.append((info.alias or key, _option_text(value)))
    return Channel(name=name, kind=model.kind, options=tuple(options), secrets=tuple(secrets))


def _option_text(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _route(model: RouteModel) -> Route:
    verdicts = {} if model.verdicts is None else {"verdicts": frozenset(model.verdicts)}
    return Route(
        channel=model.channel,
        topics=frozenset(model.topics or ()),
        sources=frozenset(model.sources or ()),
        tags=frozenset(model.tags or ()),
        digest=model.digest == "daily",
        **verdicts,
    )
