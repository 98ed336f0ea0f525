"""Durations and sizes as written in sources.yaml."""

from __future__ import annotations

import pytest

from watcher.config import parse_duration, parse_size


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90.0),
        ("15m", 900.0),
        ("6h", 21_600.0),
        ("1d", 86_400.0),
        ("2w", 1_209_600.0),
        ("1h30m", 5_400.0),
        ("1h 30m", 5_400.0),
        ("1d12h", 129_600.0),
        ("1w2d3h4m5s", 788_645.0),
        ("1.5h", 5_400.0),
        ("0.5s", 0.5),
        (" 6h ", 21_600.0),
        ("0s", 0.0),
    ],
)
def test_parse_duration_accepts(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    "text",
    [
        "",
        "6",  # no unit: seconds or minutes?
        "6x",
        "h",
        "6H",
        "6 h",
        "30m1h",  # units out of order
        "1h1h",  # unit repeated
        "-5m",
        "1,5h",
        "1h30",
        "six hours",
        "٣h",  # a non-ASCII digit
    ],
)
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="is not a duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("4096", 4096),
        ("100B", 100),
        ("512KB", 512 * 1024),
        ("10MB", 10 * 1024 * 1024),
        ("10mb", 10 * 1024 * 1024),
        ("10 MiB", 10 * 1024 * 1024),
        ("1GB", 1024**3),
        ("1.5KB", 1536),
    ],
)
def test_parse_size_accepts(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "MB", "10XB", "-1MB", "10 M B", "ten MB"])
def test_parse_size_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="is not a size"):
        parse_size(text)


def test_a_duration_too_long_for_a_float_is_refused() -> None:
    with pytest.raises(ValueError, match=r"is too long a duration$"):
        parse_duration("9" * 400 + "s")


def test_a_size_too_large_for_a_float_is_refused() -> None:
    """It once escaped as an OverflowError, a crash instead of a `file:line` message."""
    with pytest.raises(ValueError, match=r"is too large a size$"):
        parse_size("9" * 400 + "MB")
