"""Options and helpers shared by the commands: where the config and the snapshots are."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from watcher.config import Config, load_config
from watcher.errors import ConfigError, StoreError
from watcher.records import Source
from watcher.store import Store, open_store

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_CONFIG = Path("sources.yaml")


@dataclass(frozen=True, slots=True)
class Paths:
    """What `--config` and `--snapshots` said; the config is read lazily, only when needed."""

    config: Path
    snapshots: Path | None
    config_given: bool

    def load_config(self) -> Config:
        return load_config(self.config)

    def optional_config(self) -> Config | None:
        """The config if there is one; commands that only read the store work without it."""
        if not self.config_given and not self.config.exists():
            return None
        return self.load_config()

    def snapshots_dir(self, config: Config | None) -> Path:
        if self.snapshots is not None:
            return self.snapshots
        return Path(config.settings.snapshots) if config else Path("snapshots")

    def open_store(self, config: Config | None = None) -> Store:
        """The store that checks write to, created if it does not exist yet."""
        return open_store(self.snapshots_dir(config))

    def has_store(self, config: Config | None) -> bool:
        return self.snapshots_dir(config).is_dir()

    def read_store(self, config: Config | None = None) -> Store:
        """The store for commands that only read: a missing folder is an error, not created."""
        if config is None and self.snapshots is None:
            config = self.optional_config()
        folder = self.snapshots_dir(config)
        if not folder.is_dir():
            if config is None and self.snapshots is None:
                raise StoreError(
                    f"no {self.config} and no snapshots folder here "
                    "(name them with --config or --snapshots)"
                )
            raise StoreError(f"{folder}: no snapshots folder here yet (run `watcher check` first)")
        return open_store(folder)


def paths_options(command: F) -> F:
    """Add `--config PATH` and `--snapshots DIR` and pass them on as one `paths` argument."""

    @click.option(
        "--config",
        "config",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="The sources file [default: ./sources.yaml].",
    )
    @click.option(
        "--snapshots",
        "snapshots",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="The snapshots folder [default: what the config names, else ./snapshots].",
    )
    @functools.wraps(command)
    def wrapper(*args: Any, config: Path | None, snapshots: Path | None, **kwargs: Any) -> Any:
        paths = Paths(config or DEFAULT_CONFIG, snapshots, config_given=config is not None)
        return command(*args, paths=paths, **kwargs)

    return wrapper  # type: ignore[return-value]


def source_label(source_id: str, config: Config | None) -> str:
    """ "Vendor Title" when the config knows the source, else its id."""
    if config is None:
        return source_id
    try:
        return config.source(source_id).name
    except ConfigError:
        return source_id


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def select_sources(config: Config, source_ids: tuple[str, ...]) -> tuple[Source, ...]:
    """The sources named (each once, in the order given), or all of them."""
    if not source_ids:
        return config.sources
    return tuple(config.source(sid) for sid in dict.fromkeys(source_ids))


def when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment else "never"


def stdout_console() -> Console:
    """Wrapped to the terminal's width; long lines and wide tables when piped, for grep and logs."""
    tty = sys.stdout.isatty()
    return Console(highlight=False, soft_wrap=not tty, width=None if tty else 160)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)
