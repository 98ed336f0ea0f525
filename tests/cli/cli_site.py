"""Acme Chat's privacy page on a local site, a sources.yaml that watches it, and the command.

For the command tests that check a real page: the page keeps one clause (KEPT) while its
promise not to train AI models on messages (PROMISE) becomes a permission (PERMISSION).
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from localsite import LocalSite

from watcher.cli import main

PROMISE = "We will not use your messages to train AI models."
PERMISSION = "We may use your messages to train AI models."
KEPT = "We never sell your personal data to advertisers or data brokers."


def page(*clauses: str) -> str:
    """A privacy page with these clauses, a paragraph each."""
    body = "".join(f"<p>{clause}</p>" for clause in clauses)
    return f"<html><head><title>Acme</title></head><body><main><h1>Privacy</h1>{body}</main></html>"


def watcher(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    """The `watcher` command run in-process; an exception it raises fails the test as itself."""
    return CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)


def check(config: Path) -> Result:
    return watcher("check", "--config", config, "--no-progress")


def write_config(tmp_path: Path, site: LocalSite, rest: str = "") -> Path:
    """A sources.yaml watching Acme Chat's privacy principles at `site`'s /p (source id
    `acme-chat`, snapshots in `snaps`, no fetch retries), followed by `rest`: more sources, or
    `notifications`."""
    path = tmp_path / "sources.yaml"
    path.write_text(
        "snapshots: snaps\nfetch: {retries: 0}\nsources:\n"
        "  - {id: acme-chat, vendor: Acme Chat, title: Privacy principles,"
        f" url: '{site.url('/p')}'}}\n" + rest
    )
    return path


def weaken_promise(config: Path, site: LocalSite, permission: str = PERMISSION) -> None:
    """Check `config` twice: first the page with PROMISE, then with `permission` instead, so
    that version 2 of `acme-chat` is a change that weakened an AI-training commitment."""
    site.set_html("/p", page(KEPT, PROMISE))
    assert check(config).exit_code == 0
    site.set_html("/p", page(KEPT, permission))
    assert check(config).exit_code == 0
