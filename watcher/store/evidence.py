"""The files of one version in a source folder: how they are written, verified and found again.

`NNNN.md` is the text, `NNNN.raw.gz` the raw response, `NNNN.json` the metadata and hashes
(and, for an analysed version, its verdict and findings under "analysis", so that the index can
be rebuilt with them).
The `.md` and `.raw.gz` are written straight to their names and synced; the `.json` goes last,
through a temp file, fsync and rename, and is the commit marker: a version exists exactly when
its `.json` exists and the other two files match its hashes. Files of a number without a `.json`
are leftovers of an interrupted write, so they need no rename of their own (a rename per file
cost about 2 ms a version on a journalling disk). Nothing here knows about the index.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
import tempfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from watcher.errors import StoreError
from watcher.records import Document, Fetched, Finding, StoredAnalysis, Topic, Verdict, Version
from watcher.store.rows import from_iso, to_iso

__all__ = [
    "EVIDENCE_FORMAT",
    "Scan",
    "evidence_json",
    "fsync_dir",
    "read_verified",
    "scan_folder",
    "stem",
    "unlink",
    "write_version",
]

log = logging.getLogger(__name__)

EVIDENCE_FORMAT = 1
"""`format_version` written into every `.json`; readers skip files of a newer format."""

_VERSION_FILE = re.compile(r"(\d{4,})\.(md|raw\.gz|json)")


@dataclass(frozen=True, slots=True)
class Scan:
    """What a source folder holds: its committed versions and the highest committed number."""

    versions: tuple[Version, ...]
    top: int
    analyses: dict[int, StoredAnalysis] = field(default_factory=dict)
    """The analysis of each analysed version, by number."""

    @property
    def entries(self) -> tuple[tuple[Version, StoredAnalysis | None], ...]:
        return tuple((v, self.analyses.get(v.number)) for v in self.versions)


def stem(folder: Path, number: int) -> Path:
    return folder / f"{number:04d}"


def evidence_json(
    version: Version, fetched: Fetched, document: Document, analysis: StoredAnalysis | None = None
) -> bytes:
    """The `.json` of a version: what was asked, what came back, and the hashes of both files."""
    data: dict[str, Any] = {
        "format_version": EVIDENCE_FORMAT,
        "source_id": version.source_id,
        "number": version.number,
        "captured_at": to_iso(version.captured_at),
        "url": fetched.url,
        "final_url": fetched.final_url,
        "status": fetched.status,
        "headers": [list(pair) for pair in fetched.headers],
        "fetched_at": to_iso(fetched.fetched_at),
        "elapsed_s": fetched.elapsed_s,
        "media_type": fetched.media_type,
        "raw_sha256": version.raw_sha256,
        "text_sha256": version.text_sha256,
        "title": document.title,
        "extractor_version": document.extractor_version,
        "reader": document.reader,
        "technical": version.technical,
        "summary": version.summary,
    }
    if analysis is not None:
        data["analysis"] = _analysis_json(analysis)
    return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")


def _analysis_json(analysis: StoredAnalysis) -> dict[str, Any]:
    findings = [
        {
            "verdict": f.verdict.value,
            "topics": sorted(topic.value for topic in f.topics),
            "explanation": f.explanation,
            "old": f.old_text,
            "new": f.new_text,
            "hunk": f.hunk_index,
        }
        for f in analysis.findings
    ]
    verdict = analysis.verdict.value
    return {"analyzer": analysis.analyzer, "verdict": verdict, "findings": findings}


def _read_analysis(marker: Path, data: dict[str, Any]) -> StoredAnalysis | None:
    """The "analysis" of a `.json`; None, logged, if it is missing or unreadable.

    An unreadable analysis never costs the version: the evidence of what the page said is the
    record, the verdict is derived from it and can be made again.
    """
    stored = data.get("analysis")
    if stored is None:
        return None
    try:
        findings = tuple(
            Finding(
                hunk_index=_typed(item, "hunk", int),
                verdict=Verdict(_typed(item, "verdict", str)),
                topics=frozenset(Topic(topic) for topic in _typed(item, "topics", list)),
                explanation=_typed(item, "explanation", str),
                old_text=_typed(item, "old", str),
                new_text=_typed(item, "new", str),
            )
            for item in stored["findings"]
        )
        verdict = Verdict(_typed(stored, "verdict", str))
        return StoredAnalysis(verdict, findings, _typed(stored, "analyzer", str))
    except (ValueError, TypeError, AttributeError, KeyError) as error:
        log.warning("%s: unreadable analysis (%r); the version is kept without it", marker, error)
        return None


def write_version(base: Path, text: bytes, raw_gz: bytes, marker_json: bytes) -> None:
    """Write the three files of a version, commit marker last; StoreError naming a failed file."""
    marker = base.with_suffix(".json")
    if marker.exists():  # never overwrite evidence, whatever the index says
        raise StoreError(f"{marker}: already exists; the index is behind the files")
    try:
        _write_synced(base.with_suffix(".md"), text)
        _write_synced(base.with_suffix(".raw.gz"), raw_gz)
        _write_atomic(marker, marker_json)
        fsync_dir(base.parent)
    except OSError as error:
        raise StoreError(f"{error.filename or base}: cannot write: {error.strerror}") from error


def scan_folder(folder: Path, source_id: str) -> Scan:
    """Find the committed versions in a source folder, deleting leftovers of interrupted writes.

    Leftovers are temp files and the files of numbers that have no `.json`. Evidence that does not
    parse or match its files is logged and left in place, and its number stays taken.
    """
    kinds: dict[int, set[str]] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                    unlink(Path(entry.path))
                elif (match := _VERSION_FILE.fullmatch(entry.name)) and _is_canonical(match[1]):
                    kinds.setdefault(int(match[1]), set()).add(match[2])
    except OSError as error:
        raise StoreError(f"{folder}: cannot list the folder: {error.strerror}") from error
    versions: list[Version] = []
    analyses: dict[int, StoredAnalysis] = {}
    for number, found in sorted(kinds.items()):
        base = stem(folder, number)
        if "json" not in found:
            for kind in found:
                unlink(base.with_suffix(f".{kind}"))
        elif (loaded := _load(base, source_id, number)) is not None:
            versions.append(loaded[0])
            if loaded[1] is not None:
                analyses[number] = loaded[1]
    top = max((n for n, found in kinds.items() if "json" in found), default=0)
    return Scan(tuple(versions), top, analyses)


def _is_canonical(digits: str) -> bool:
    """Only numbers spelled as this store writes them (`0007`, not `00007`) are versions."""
    return digits == f"{int(digits):04d}"


def _load(base: Path, source_id: str, number: int) -> tuple[Version, StoredAnalysis | None] | None:
    """The version a `.json` commits to and its analysis; None (logged) if it is unreadable or
    unmatched."""
    marker = base.with_suffix(".json")
    try:
        data = json.loads(marker.read_bytes())
        if data.get("format_version", 0) > EVIDENCE_FORMAT:
            raise StoreError(f"{marker}: written by a newer Policy Watcher")
        version = Version(
            source_id=_typed(data, "source_id", str),
            number=_typed(data, "number", int),
            captured_at=from_iso(_typed(data, "captured_at", str)),
            text_sha256=_typed(data, "text_sha256", str),
            raw_sha256=_typed(data, "raw_sha256", str),
            url=_typed(data, "url", str),
            final_url=_typed(data, "final_url", str),
            status=_typed(data, "status", int, optional=True),
            title=_typed(data, "title", str),
            technical=_typed(data, "technical", bool),
            summary=_typed(data, "summary", str),
            reader=str(data.get("reader", "")),
        )
        if (analysis := _read_analysis(marker, data)) is not None:
            version = replace(version, verdict=analysis.verdict, topics=analysis.topics)
        if (version.source_id, version.number) != (source_id, number):
            raise StoreError(f"{marker}: names {version.source_id!r} version {version.number}")
        read_verified(base.with_suffix(".md"), version.text_sha256)
        read_verified(base.with_suffix(".raw.gz"), version.raw_sha256)
    except (OSError, ValueError, TypeError, AttributeError, KeyError) as error:
        log.warning("%s: unreadable evidence (%r); skipped, left in place", marker, error)
        return None
    except StoreError as error:
        log.warning("%s; skipped, left in place", error)
        return None
    return version, analysis


def _typed(data: dict[str, Any], key: str, kind: type[Any], *, optional: bool = False) -> Any:
    value = data[key]
    if value is None and optional:
        return value
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"{key!r} is not {kind.__name__}")
    return value


def read_verified(path: Path, sha256: str) -> bytes:
    """The file's bytes (gunzipped if `.gz`) when their sha256 is the recorded one."""
    try:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
    except FileNotFoundError as error:
        raise StoreError(f"{path}: missing") from error
    except OSError as error:  # includes gzip.BadGzipFile
        raise StoreError(f"{path}: cannot read: {error}") from error
    except (EOFError, zlib.error) as error:
        raise StoreError(f"{path}: damaged gzip data: {error}") from error
    if hashlib.sha256(data).hexdigest() != sha256:
        raise StoreError(f"{path}: content does not match its recorded sha256 (altered or damaged)")
    return data


def _write_synced(path: Path, data: bytes) -> None:
    """Write an uncommitted file in place (replacing any leftover) and sync its data to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with os.fdopen(fd, "wb") as file:
        file.write(data)
        file.flush()
        os.fdatasync(file.fileno())


def _write_atomic(path: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        unlink(Path(temp))
        raise


def fsync_dir(path: Path) -> None:
    """Make renames and new entries in a folder durable (POSIX)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def unlink(path: Path) -> None:
    """Delete a leftover file; a failure is logged, never fatal (the file is ignored anyway)."""
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        log.warning("%s: cannot remove leftover file: %s", path, error.strerror)
