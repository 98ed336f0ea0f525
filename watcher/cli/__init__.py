"""The `watcher` command line: the composition root that builds stores, fetchers and pipelines.

Every command that reads the config or the store takes `--config` and `--snapshots` after its
name (DESIGN.md); any `WatcherError` becomes one line on stderr and exit status 2, never a
traceback, because the user's next step is to fix a file, not to read our stack.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import click
from rich.console import Console
from rich.logging import RichHandler

from watcher import __version__
from watcher.cli.alerts import alerts, test_alert
from watcher.cli.browse import history, reindex, reread, show, status
from watcher.cli.check import accept, check, run
from watcher.cli.demo import demo
from watcher.cli.diff import diff
from watcher.cli.feed import feed
from watcher.errors import WatcherError

__all__ = ["main"]


class _Group(click.Group):
    """Turns our own errors into a one-line message instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WatcherError as error:
            click.secho(f"error: {error}", err=True, fg="red")
            sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="watcher")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
def main(verbose: int) -> None:
    """Policy Watcher: keep every version of vendors' privacy, terms and AI pages."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(
        level=level,
        format="%(message)s",
        handlers=[RichHandler(console=Console(stderr=True), show_path=False, markup=False)],
    )
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))  # it logs webhook URLs
    # Apprise posts with requests, whose urllib3 logs each request's URL (a token) at debug.
    logging.getLogger("urllib3").setLevel(max(level, logging.WARNING))
    # Apprise logs hosts on errors and whole service URLs (secrets) at debug level.
    logging.getLogger("apprise").setLevel(logging.ERROR if verbose < 2 else logging.WARNING)
    # "maximum number of running instances reached" is a WARNING there, once per skipped run.
    logging.getLogger("apscheduler").setLevel(logging.ERROR if verbose < 2 else logging.DEBUG)


for _command in (check, run, status, history, show, accept, reread, reindex, diff, feed, demo):
    main.add_command(_command)
for _command in (alerts, test_alert):
    main.add_command(_command)
