"""A writer killed in the middle of add_version leaves no partial version behind.

The child process is killed with SIGKILL at a chosen point, deterministically: its script wraps
os.fdatasync so that, once the `.md` is on disk, the next sync (the raw body's) kills the
process. The `.json` commit marker is never written.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from store_inputs import T0, make_inputs

from watcher.store.files import FileStore

REPO = Path(__file__).resolve().parents[2]

CHILD = r"""
import os, random, signal, sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, sys.argv[2])
from store_inputs import make_inputs
from watcher.store.files import FileStore

if os.environ.get("PW_TEST_KILL_AFTER_MD") == "1":
    real_fdatasync = os.fdatasync
    synced = []

    def fdatasync(fd):
        if synced:  # the .md is synced: die while writing the raw body
            os.kill(os.getpid(), signal.SIGKILL)
        real_fdatasync(fd)
        synced.append(fd)

    os.fdatasync = fdatasync

body = random.Random(7).randbytes(3_000_000)
store = FileStore(Path(sys.argv[1]))
store.add_version(*make_inputs(text="third text", body=body), captured_at=datetime.now(UTC))
store.close()
"""


def _run_child(snapshots: Path, *, kill: bool) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PW_TEST_KILL_AFTER_MD": "1" if kill else "0"}
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(snapshots), str(Path(__file__).parent)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _files(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


COMMITTED = [f"000{n}.{kind}" for n in (1, 2) for kind in ("json", "md", "raw.gz")]


@pytest.fixture
def killed_mid_write(snapshots: Path) -> Path:
    """A store with two versions, and a third whose writer was killed after its `.md`."""
    with FileStore(snapshots) as store:
        for text in ("first text", "second text"):
            store.add_version(*make_inputs(text=text), captured_at=T0)
    child = _run_child(snapshots, kill=True)
    assert child.returncode == -signal.SIGKILL, child.stderr
    folder = snapshots / "acme-privacy"
    leftovers = sorted(set(_files(folder)) - set(COMMITTED))
    assert leftovers == ["0003.md", "0003.raw.gz"]  # the raw body half written, no .json
    return folder


def test_killed_writer_leaves_no_version_and_the_slot_is_reused(
    snapshots: Path, killed_mid_write: Path
) -> None:
    with FileStore(snapshots) as store:
        versions = store.versions("acme-privacy")
        assert [v.number for v in versions] == [1, 2]
        assert store.version("acme-privacy").number == 2
        assert store.read_text(versions[1]) == "second text"
        assert len(_files(killed_mid_write)) == 8  # readers ignore the leftovers

        third = store.add_version(*make_inputs(text="third, retried"), captured_at=T0)

        assert third.number == 3
        assert store.read_text(third) == "third, retried"
        assert store.versions("acme-privacy") == (*versions, third)
    assert _files(killed_mid_write) == [*COMMITTED, "0003.json", "0003.md", "0003.raw.gz"]


def test_reindex_after_a_killed_writer_cleans_up(snapshots: Path, killed_mid_write: Path) -> None:
    with FileStore(snapshots) as store:
        assert store.reindex() == 2
    assert _files(killed_mid_write) == COMMITTED


def test_the_child_script_writes_a_version_when_not_killed(snapshots: Path) -> None:
    child = _run_child(snapshots, kill=False)
    assert child.returncode == 0, child.stderr
    with FileStore(snapshots) as store:
        version = store.version("acme-privacy", 1)
        assert len(store.read_raw(version)) == 3_000_000
