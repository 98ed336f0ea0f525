"""The exceptions Policy Watcher raises on purpose.

Expected failures of the world (a 503, a bot wall) are values on records, not exceptions;
these are for bad input and broken storage, and carry a message a user can act on (a
ConfigError lists every problem of the file, one `file:line: …` per line):

    WatcherError
    ├── ConfigError        sources.yaml is malformed or names something invalid ("file:line: …")
    ├── InputError         a document (a file given to `watcher diff`, a fetched body) is unreadable
    └── StoreError         the snapshots folder or its index cannot be used
        ├── NotFoundError  an unknown source or version number was asked for
        └── ConflictError  another check stored a version of the same source meanwhile
"""

from __future__ import annotations


class WatcherError(Exception):
    """Base of every error that the CLI reports as one line and a non-zero exit."""


class ConfigError(WatcherError):
    """A sources.yaml problem; the message starts with `path:line:` where the line is known."""


class InputError(WatcherError):
    """A document (a local file, a fetched body) is missing, of an unknown type, or unreadable."""


class StoreError(WatcherError):
    """The snapshots folder or its index cannot be read or written."""


class NotFoundError(StoreError):
    """A source id or version number that the store does not have."""


class ConflictError(StoreError):
    """The version a caller compared against is no longer the latest (a concurrent check won)."""
