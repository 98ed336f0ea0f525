"""`watcher feed`: write an Atom or RSS feed of the stored changes, filtered as asked.

The feed is rebuilt from the store each time, identical when nothing changed, and replaces the
old file atomically (temp file, fsync, rename), so a web server or a reader polling the file
never sees half of one.
"""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import click

from watcher.cli.common import Paths, paths_options, select_sources
from watcher.pipeline import changes_from_store
from watcher.publish.feed import FEED_VERDICTS, FeedFormat, FeedOptions, select_changes, write_feed
from watcher.publish.notifiers import MessageContext
from watcher.records import Topic, Verdict

__all__ = ["feed"]

DEFAULT_LIMIT = 100


@click.command()
@paths_options
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="The file to write ('-': standard output).",
)
@click.option(
    "--format",
    "feed_format",
    type=click.Choice(["atom", "rss"]),
    default="atom",
    show_default=True,
    help="Atom 1.0 or RSS 2.0.",
)
@click.option(
    "--verdict",
    "verdicts",
    multiple=True,
    type=click.Choice([v.value for v in FEED_VERDICTS], case_sensitive=False),
    help="Only changes with this verdict (repeat for several) "
    "[default: weakened, strengthened, clarified].",
)
@click.option(
    "--topic",
    "topics",
    multiple=True,
    type=click.Choice([t.value for t in Topic], case_sensitive=False),
    help="Only changes on this topic (repeat for several; any one matches).",
)
@click.option(
    "--source",
    "source_ids",
    multiple=True,
    metavar="ID",
    help="Only this source (repeat for several) [default: every source in the config].",
)
@click.option(
    "--base-url",
    default=None,
    metavar="URL",
    help="The web UI's address, which entries link to "
    "[default: notifications.base_url in the config, else http://127.0.0.1:8080].",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=DEFAULT_LIMIT,
    show_default=True,
    metavar="N",
    help="At most N entries, the newest (0: all).",
)
def feed(
    paths: Paths,
    out: Path,
    feed_format: FeedFormat,
    verdicts: tuple[str, ...],
    topics: tuple[str, ...],
    source_ids: tuple[str, ...],
    base_url: str | None,
    limit: int,
) -> None:
    """Write a feed of the stored changes: weakened, strengthened and clarified ones by default,
    neutral ones only with --verdict neutral, cosmetic ones never."""
    if base_url is not None and not base_url.startswith(("http://", "https://")):
        raise click.BadParameter("must start with http:// or https://", param_hint="--base-url")
    config = paths.load_config()
    # The same links as the alerts: both point at the web UI the config names.
    context = MessageContext(base_url=base_url or config.notifications.base_url)
    sources = select_sources(config, source_ids)
    options = FeedOptions(
        format=feed_format,
        verdicts=frozenset(Verdict(v.lower()) for v in verdicts),
        topics=frozenset(Topic(t.lower()) for t in topics),
        sources=frozenset(source_ids),
        limit=limit or None,
    )
    with closing(paths.read_store(config)) as store:
        changes = changes_from_store(store, sources, verdicts=options.shown_verdicts)
    data = write_feed(changes, options, context=context)
    if str(out) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_atomic(out, data)
    count = len(select_changes(changes, options))
    click.echo(f"{out}: {count} {'entry' if count == 1 else 'entries'} ({feed_format})")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once: a temp file beside it, fsynced, then renamed."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        # mkstemp makes it private; a feed is there to be served and read.
        os.chmod(temp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
