"""Rendering a diff for people: terminal view, Markdown notes and the one-line summary."""

from __future__ import annotations

import pytest

from watcher.diff import (
    BLOCK_SEPARATOR,
    diff_texts,
    render_markdown,
    render_terminal,
    summarize,
    terminal_safe,
)

OLD = """# Data we collect

We collect your name and email address.

We keep logs for 30 days.

- Name
- Email

## Sharing

We never sell your data.

Contact us at privacy@example.com."""

NEW = """# Data we collect

We collect your name, email address and location.

- Name
- Email
- Location

## Sharing

We never sell your data.

We keep logs for 30 days.

Contact us at privacy@example.com."""

EXPECTED_PLAIN = """\
  # Data we collect

~ changed (block 2 → 2, 77% similar)
  We collect your name[- and-]{+,+} email address {+and location+}.

  - Name
  - Email

+ added (block 5)
  {+- Location+}

  ## Sharing
  We never sell your data.

↕ moved from block 3 to block 8
  We keep logs for 30 days.

  Contact us at privacy@example.com."""

EXPECTED_MARKDOWN = """\
**1 changed, 1 added, 1 moved** (91% similar overall)

#### ~ changed (block 2 → 2, 77% similar)

> We collect your name ~~and~~**,** email address **and location**.

#### + added (block 5)

> **- Location**

#### ↕ moved from block 3 to block 8

> We keep logs for 30 days.
"""


def _blocks(count: int, prefix: str = "Unchanged paragraph") -> list[str]:
    return [f"{prefix} {n}." for n in range(count)]


def test_render_terminal_plain() -> None:
    assert render_terminal(diff_texts(OLD, NEW), color=False) == EXPECTED_PLAIN


def test_render_terminal_colour_marks_words_with_ansi_styles() -> None:
    text = render_terminal(diff_texts(OLD, NEW), color=True)
    assert "\x1b[31;9m and\x1b[0m\x1b[32;4m,\x1b[0m" in text  # red struck, green underlined
    assert "  \x1b[2m- Name\x1b[0m" in text  # context dimmed
    assert "\x1b[1;32m+ added (block 5)\x1b[0m" in text
    assert "[-" not in text and "{+" not in text


def test_render_terminal_collapses_long_unchanged_stretches() -> None:
    old = _blocks(30)
    new = list(old)
    new[3] = "A brand new third paragraph about cookies."
    new[20] = "Unchanged paragraph 20, now changed."
    diff = diff_texts(BLOCK_SEPARATOR.join(old), BLOCK_SEPARATOR.join(new))
    assert render_terminal(diff, color=False) == "\n".join(
        [
            "  … 2 unchanged blocks …",
            "  Unchanged paragraph 2.",
            "",
            "- removed (block 4)",
            "  [-Unchanged paragraph 3.-]",
            "",
            "+ added (block 4)",
            "  {+A brand new third paragraph about cookies.+}",
            "",
            "  Unchanged paragraph 4.",
            "  … 14 unchanged blocks …",
            "  Unchanged paragraph 19.",
            "",
            "~ changed (block 21 → 21, 72% similar)",
            "  Unchanged paragraph 20{+, now changed+}.",
            "",
            "  Unchanged paragraph 21.",
            "  … 8 unchanged blocks …",
        ]
    )


@pytest.mark.parametrize(
    ("context", "shown"),
    [
        (0, ["… 29 unchanged blocks …"]),
        (2, ["… 27 unchanged blocks …", "Unchanged paragraph 27.", "Unchanged paragraph 28."]),
        (40, [f"Unchanged paragraph {n}." for n in range(29)]),
    ],
)
def test_render_terminal_context_size(context: int, shown: list[str]) -> None:
    old = _blocks(30)
    new = [*old[:-1], "Unchanged paragraph 29, edited."]
    diff = diff_texts(BLOCK_SEPARATOR.join(old), BLOCK_SEPARATOR.join(new))
    lines = render_terminal(diff, context=context, color=False).split("\n")
    assert lines[: len(shown)] == [f"  {line}" for line in shown]
    assert lines[len(shown) :] == [
        "",
        "~ changed (block 30 → 30, 80% similar)",
        "  Unchanged paragraph 29{+, edited+}.",
    ]


def test_render_terminal_move_with_edit_shows_word_diff() -> None:
    long = "You can ask us for a copy of your data at any time by writing to our support team."
    old = ["# Rights", long, "# Contact", "Write to us."]
    new = ["# Rights", "# Contact", "Write to us.", long.replace("any time", "any moment")]
    diff = diff_texts(BLOCK_SEPARATOR.join(old), BLOCK_SEPARATOR.join(new))
    assert render_terminal(diff, context=0, color=False) == "\n".join(
        [
            "  … 3 unchanged blocks …",
            "",
            "↕ moved from block 2 to block 4 (95% similar)",
            "  You can ask us for a copy of your data at any [-time-]{+moment+} by writing to our"
            " support team.",
        ]
    )


def test_unchanged_diff_renders_as_no_changes() -> None:
    diff = diff_texts(OLD, OLD)
    assert render_terminal(diff) == "no text changes"
    assert summarize(diff) == "no text changes"
    assert render_markdown(diff) == "No text changes.\n"


@pytest.mark.parametrize("color", [True, False])
def test_terminal_control_characters_in_vendor_text_are_made_visible(color: bool) -> None:
    hostile = "Clear \x1b[2J the screen and \u202eflip\u202c the text.\x07"
    diff = diff_texts("Intro.", f"Intro.\n\n{hostile}")
    text = render_terminal(diff, color=color)
    assert "\\x1b[2J" in text and "\\u202e" in text and "\\x07" in text
    assert "\u202e" not in text and "\x07" not in text
    assert "\x1b[2J" not in text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Clear \x1b[2J now", "Clear \\x1b[2J now"),  # ESC: could clear the screen
        ("bell\x07 nul\x00 del\x7f", "bell\\x07 nul\\x00 del\\x7f"),
        ("C1 \x9b6n", "C1 \\x9b6n"),  # the one-byte CSI
        ("a \u202eevil\u202c b", "a \\u202eevil\\u202c b"),  # right-to-left override
        ("\u2066iso\u2069 \u200emark\u200f \u061c", "\\u2066iso\\u2069 \\u200emark\\u200f \\u061c"),
        ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
        (
            "Datenschutz \u2014 \u00e9t\u00e9 \u65e5\u672c \U0001f600",
            "Datenschutz \u2014 \u00e9t\u00e9 \u65e5\u672c \U0001f600",
        ),
    ],
)
def test_terminal_safe_escapes_control_and_bidi_characters_only(text: str, shown: str) -> None:
    assert terminal_safe(text) == shown


def test_renderers_escape_as_terminal_safe_does() -> None:
    hostile = "Pay \x1b]8;;http://evil\x07here\x1b]8;;\x07 \u202edlrow"
    diff = diff_texts("Intro.", f"Intro.\n\n{hostile}")
    assert render_terminal(diff, color=False).endswith(f"{{+{terminal_safe(hostile)}+}}")


def test_render_markdown() -> None:
    assert render_markdown(diff_texts(OLD, NEW)) == EXPECTED_MARKDOWN


def test_render_markdown_escapes_vendor_markup() -> None:
    diff = diff_texts("Intro.", "Intro.\n\n<script>alert(1)</script> *not bold* [link](x)")
    body = render_markdown(diff).split("\n\n")[-1]
    assert body == "> **\\<script\\>alert(1)\\</script\\> \\*not bold\\* \\[link\\](x)**\n"


@pytest.mark.parametrize(
    ("old", "new", "summary"),
    [
        ("A.", "A.", "no text changes"),
        ("A.", "A.\n\nB.", "1 added"),
        ("A.\n\nB.\n\nC.", "A.", "2 removed"),
        (
            "We keep your data for thirty days.",
            "We keep your data for ninety days.",
            "1 changed",
        ),
        ("A first block.\n\nB.\n\nC.", "B.\n\nC.\n\nA first block.", "1 moved"),
        (
            "We keep your data for thirty days.\n\nA.\n\nB.\n\nGone.\n\nC.",
            "B.\n\nWe keep your data for ninety days.\n\nNew one.\n\nA.\n\nC.\n\nNew two.",
            "1 changed, 2 added, 1 removed, 1 moved",
        ),
    ],
)
def test_summarize(old: str, new: str, summary: str) -> None:
    assert summarize(diff_texts(old, new)) == summary
