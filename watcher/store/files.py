"""The default store: every version as plain files under snapshots/<source-id>/, indexed in SQLite.

The files are the record (see `evidence` for their layout and commit rule); `index.sqlite` makes
them quick to query and holds the check log. Leftovers of an interrupted write are ignored by
readers and deleted the next time that source is written to or reindexed, and the interrupted
version's number is reused. A fresh or unreadable index is rebuilt from the files on open.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from watcher.errors import ConflictError, StoreError
from watcher.records import (
    Check,
    Document,
    Fetched,
    FetchOutcome,
    Source,
    SourceState,
    StoredAnalysis,
    Version,
)
from watcher.store.evidence import (
    evidence_json,
    fsync_dir,
    read_verified,
    scan_folder,
    unlink,
    write_version,
)
from watcher.store.outbox import OutboxRows
from watcher.store.rows import from_iso, to_iso
from watcher.store.sqlite import CorruptIndexError, Entry, Index, move_aside

__all__ = ["INDEX_NAME", "FileStore"]

log = logging.getLogger(__name__)

INDEX_NAME = "index.sqlite"

_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_GZIP_LEVEL = 6  # HTML shrinks ~5x; higher levels cost time and gain almost nothing


def _utcnow() -> datetime:
    return datetime.now(UTC)


@contextmanager
def _folder_lock(root: Path) -> Iterator[None]:
    """An exclusive lock on `<root>/.lock` while the index is found, created or moved aside."""
    try:
        fd = os.open(root / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise StoreError(f"{root}: cannot lock the folder: {error.strerror}") from error
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


class FileStore(OutboxRows):
    """`Store` over a snapshots folder; one SQLite connection, not shared across threads.

    The alert outbox's methods come from `OutboxRows`; its rows live in the same index.
    """

    def __init__(self, root: str | Path, *, now: Callable[[], datetime] = _utcnow) -> None:
        self.root = Path(root)
        self._now = now
        # Highest committed version number seen on disk, per source prepared by this instance.
        self._disk_top: dict[str, int] = {}
        _ensure_folder(self.root)
        index_path = self.root / INDEX_NAME
        with _folder_lock(self.root):  # two processes opening a new folder at once
            rebuild = not index_path.exists()
            if rebuild:
                _remove_stale_wal(index_path)
            try:
                self._index = Index(index_path)
            except CorruptIndexError as error:
                self._index = self._replace_corrupt_index(error)
                rebuild = True
        if rebuild and any(True for _ in self._source_folders()):
            try:
                self.reindex()
            except BaseException:
                self._index.close()
                raise

    def __enter__(self) -> FileStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._index.close()

    def sync_sources(self, sources: Sequence[Source]) -> None:
        for source in sources:
            _check_id(source.id)
        self._index.sync_sources(sources, self._now())

    def state(self, source_id: str) -> SourceState:
        return self._index.state(source_id)

    def record_check(self, check: Check) -> SourceState:
        """Log a check and fold it into the source's state in one transaction.

        A FAILED check counts one more consecutive failure and keeps the last hashes and
        validators. Any other check resets the count, keeps its `raw_sha256` when given, and takes
        its validators: replacing them after a 200, filling in only the missing ones after a 304
        (servers often leave them out of a 304). A `version` must already be stored; its text
        hash becomes the state's. The check log keeps no validators (they live in the state).
        """
        _check_id(check.source_id)
        return self._index.record_check(check)

    def add_version(
        self,
        fetched: Fetched,
        document: Document,
        *,
        captured_at: datetime,
        summary: str = "",
        technical: bool = False,
        after: int | None = None,
        analysis: StoredAnalysis | None = None,
    ) -> Version:
        """Store the next version of `document.source_id`; StoreError if the records disagree.

        An `analysis` (of the version against the one before) goes into the version's `.json`
        with the rest of its evidence, and gives the version its verdict and topics.

        The source's state points at the new version at once (its number and hashes), so a
        version made outside a check (a re-read with new settings) is what the next check sees.

        The document's hashes must be the sha256 of its UTF-8 text and of the fetched body, as
        they are what later reads are checked against.
        """
        source_id = document.source_id
        _check_id(source_id)
        text = document.text.encode("utf-8")
        _check_inputs(fetched, document, text)
        raw_gz = gzip.compress(fetched.body, compresslevel=_GZIP_LEVEL, mtime=0)
        try:
            with self._index.transaction():  # also keeps other processes from taking the number
                self._prepare(source_id)
                latest = self._index.last_number(source_id)
                if after is not None and latest != after:
                    raise ConflictError(
                        f"{source_id!r}: version {latest} was stored while this check compared "
                        f"against {after or 'nothing'}"
                    )
                number = max(latest, self._disk_top[source_id]) + 1
                version = Version(
                    source_id=source_id,
                    number=number,
                    captured_at=from_iso(to_iso(captured_at)),
                    text_sha256=document.text_sha256,
                    raw_sha256=document.raw_sha256,
                    url=fetched.url,
                    final_url=fetched.final_url,
                    status=fetched.status,
                    title=document.title,
                    technical=technical,
                    summary=summary,
                    reader=document.reader,
                    verdict=analysis.verdict if analysis else None,
                    topics=analysis.topics if analysis else frozenset(),
                )
                marker = evidence_json(version, fetched, document, analysis)
                write_version(self._base(version), text, raw_gz, marker)
                self._disk_top[source_id] = number
                # A change to alert about is owed its alerts until `enqueue` names it.
                owed = not technical and analysis is not None
                self._index.insert_versions(((version, analysis),), alerts_queued=not owed)
                self._index.point_state_at(version)
        except BaseException:
            self._disk_top.pop(source_id, None)  # files may be ahead of the index: rescan next time
            raise
        return version

    def unqueued_versions(self) -> tuple[Version, ...]:
        """Changes stored whose alerts were never queued (see `Store.unqueued_versions`)."""
        return self._index.unqueued_versions()

    def note_reader(self, version: Version, reader: str) -> None:
        self._index.note_reader(version.source_id, version.number, reader)

    def versions(self, source_id: str) -> tuple[Version, ...]:
        return self._index.versions(source_id)

    def version(self, source_id: str, number: int | None = None) -> Version:
        return self._index.version(source_id, number)

    def analysis(self, version: Version) -> StoredAnalysis | None:
        return self._index.analysis(version)

    def read_text(self, version: Version) -> str:
        """The version's text; StoreError naming the file if it is missing or was altered."""
        path = self._base(version).with_suffix(".md")
        return read_verified(path, version.text_sha256).decode("utf-8")

    def read_fetched(self, version: Version) -> Fetched:
        """The fetch a version was made from, rebuilt from its evidence, to read it again."""
        marker = self._base(version).with_suffix(".json")
        try:
            data = json.loads(marker.read_bytes())
            headers = tuple((str(name), str(value)) for name, value in data["headers"])
            return Fetched(
                source_id=version.source_id,
                url=version.url,
                final_url=version.final_url,
                status=version.status,
                headers=headers,
                body=self.read_raw(version),
                media_type=str(data.get("media_type", "")),
                fetched_at=from_iso(data["fetched_at"]),
                elapsed_s=float(data.get("elapsed_s", 0.0)),
                outcome=FetchOutcome.OK,
            )
        except (OSError, ValueError, TypeError, KeyError) as error:
            raise StoreError(f"{marker}: unreadable evidence: {error}") from error

    def read_raw(self, version: Version) -> bytes:
        """The raw response body as fetched; StoreError naming the file if it does not match."""
        path = self._base(version).with_suffix(".raw.gz")
        return read_verified(path, version.raw_sha256)

    def checks(self, source_id: str, limit: int = 50) -> tuple[Check, ...]:
        return self._index.checks(source_id, limit)

    def source_ids(self) -> tuple[str, ...]:
        return self._index.source_ids()

    def reindex(self) -> int:
        """Rebuild the versions and their findings from the files (check log and alert outbox
        kept); returns how many versions were found.

        Evidence that does not parse or match its files is logged and left in place; leftovers of
        interrupted writes are deleted. An unreadable index is moved aside and started afresh.
        """
        if not self._index.is_readable():
            self._index.close()
            error = StoreError(f"{self._index.path}: fails SQLite's integrity check")
            self._index = self._replace_corrupt_index(error)
        found: list[Entry] = []
        tops: dict[str, int] = {}
        with self._index.transaction():
            for source_id in sorted(self._source_folders()):
                scan = scan_folder(self.root / source_id, source_id)
                found.extend(scan.entries)
                tops[source_id] = scan.top
            self._index.replace_versions(found)
        self._disk_top = tops
        return len(found)

    def _replace_corrupt_index(self, error: StoreError) -> Index:
        path = self.root / INDEX_NAME
        try:
            aside = move_aside(path, self._now())
        except OSError as move_error:
            raise StoreError(f"{path}: corrupt, and cannot be moved aside: {move_error}") from error
        log.warning("%s; moved it to %s and rebuilding it from the files", error, aside.name)
        return Index(path)

    def _source_folders(self) -> Iterator[str]:
        with os.scandir(self.root) as entries:
            for entry in entries:
                if entry.is_dir() and _is_safe_id(entry.name):
                    yield entry.name

    def _base(self, version: Version) -> Path:
        _check_id(version.source_id)
        return self.root / version.source_id / f"{version.number:04d}"

    def _prepare(self, source_id: str) -> None:
        """Once per source and instance: make its folder, clear leftovers, index what it lacks."""
        if source_id in self._disk_top:
            return
        folder = self.root / source_id
        if not folder.is_dir():
            _ensure_folder(folder)
            fsync_dir(self.root)
        scan = scan_folder(folder, source_id)
        indexed = self._index.numbers(source_id)
        adopted = [entry for entry in scan.entries if entry[0].number not in indexed]
        if adopted:
            log.warning("%s: indexing %d version(s) found only on disk", folder, len(adopted))
            self._index.insert_versions(adopted)
        self._disk_top[source_id] = scan.top


def _is_safe_id(source_id: str) -> bool:
    return bool(_SAFE_ID.fullmatch(source_id)) and not source_id.startswith(INDEX_NAME)


def _check_id(source_id: str) -> None:
    if not _is_safe_id(source_id):
        raise StoreError(
            f"source id {source_id!r} cannot be a folder name: use letters, digits, '.', '_' "
            "and '-', starting with a letter or digit"
        )


def _check_inputs(fetched: Fetched, document: Document, text: bytes) -> None:
    sid = document.source_id
    if fetched.source_id != sid:
        raise StoreError(f"{sid}: document and fetched records name different sources")
    if hashlib.sha256(text).hexdigest() != document.text_sha256:
        raise StoreError(f"{sid}: document text_sha256 is not the sha256 of its UTF-8 text")
    if hashlib.sha256(fetched.body).hexdigest() != document.raw_sha256:
        raise StoreError(f"{sid}: document raw_sha256 is not the sha256 of the fetched body")


def _ensure_folder(path: Path) -> None:
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"{path}: cannot create the folder: {error.strerror}") from error


def _remove_stale_wal(index_path: Path) -> None:
    """A WAL left by a deleted index would be replayed into the new one; it must go first."""
    for suffix in ("-wal", "-shm"):
        unlink(index_path.with_name(index_path.name + suffix))
