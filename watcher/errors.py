"""The exceptions Policy Watcher raises on purpose.

Expected failures of the world (a 503, a bot wall) are values on records, not exceptions;
these are for bad input and broken storage, and always carry a message fit for one line:

    WatcherError
    ├── ConfigError        sources.yaml is malformed or names something invalid ("file:line: …")
    ├── InputError         a file given on the command line cannot be read as a document
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
    """A document given on the command line is missing, of an unknown type, or unreadable."""


class StoreError(WatcherError):
    """The snapshots folder or its index cannot be read or written."""


class NotFoundError(StoreError):
    """A source id or version number that the store does not have."""


class ConflictError(StoreError):
    """The version a caller compared against is no longer the latest (a concurrent check won)."""
