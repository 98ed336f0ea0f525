"""Block and sentence splitting: the units every alignment is built from."""

from __future__ import annotations

import pytest

from watcher.diff import split_blocks, split_sentences


@pytest.mark.parametrize(
    ("text", "blocks"),
    [
        ("", ()),
        ("\n\n  \n", ()),
        ("# Title\n\nOne paragraph.\n\nTwo.", ("# Title", "One paragraph.", "Two.")),
        ("- a\n- b\n\n- c", ("- a", "- b", "- c")),
        ("| a | b |\n| 1 | 2 |", ("| a | b |", "| 1 | 2 |")),
        ("Para.   \n\n\n\nNext.\t", ("Para.", "Next.")),
        ("- item\n  - nested item", ("- item", "  - nested item")),
        ("Windows line ends.\r\n\r\nSecond.\r\n", ("Windows line ends.", "Second.")),
    ],
)
def test_split_blocks(text: str, blocks: tuple[str, ...]) -> None:
    assert split_blocks(text) == blocks


@pytest.mark.parametrize(
    ("block", "sentences"),
    [
        ("", ()),
        ("No full stop at all", ("No full stop at all",)),
        ("One. Two. Three.", ("One.", "Two.", "Three.")),
        ("Really? Yes! Fine.", ("Really?", "Yes!", "Fine.")),
        # Abbreviations that never end a sentence.
        (
            "We use data, e.g. Names and emails. We keep it.",
            ("We use data, e.g. Names and emails.", "We keep it."),
        ),
        (
            "Some data, i.e. Logs, is kept. Other data is not.",
            ("Some data, i.e. Logs, is kept.", "Other data is not."),
        ),
        (
            "See the notes of Dr. Smith and Mr. Jones. Then ask.",
            ("See the notes of Dr. Smith and Mr. Jones.", "Then ask."),
        ),
        ("Refer to No. 5 in the list. Then stop.", ("Refer to No. 5 in the list.", "Then stop.")),
        (
            "Under Art. 6 GDPR we rely on consent. You may withdraw it.",
            ("Under Art. 6 GDPR we rely on consent.", "You may withdraw it."),
        ),
        # Company suffixes and acronyms end a sentence only before a sentence opener.
        (
            "Acme Inc. and Foo Ltd. share data. They are partners.",
            ("Acme Inc. and Foo Ltd. share data.", "They are partners."),
        ),
        ("Made by Acme Inc. Acme Cloud hosts it.", ("Made by Acme Inc. Acme Cloud hosts it.",)),
        ("Provided by Acme Inc. We host it.", ("Provided by Acme Inc.", "We host it.")),
        (
            "Data stays in the U.S. and the E.U. for now.",
            ("Data stays in the U.S. and the E.U. for now.",),
        ),
        (
            "Data is moved to the U.S. We protect it.",
            ("Data is moved to the U.S.", "We protect it."),
        ),
        ("John F. Kennedy said so. Then he left.", ("John F. Kennedy said so.", "Then he left.")),
        # Numbers: decimals, numbered sections, list numbering.
        ("We keep 3.5 GB per user. More is extra.", ("We keep 3.5 GB per user.", "More is extra.")),
        (
            "1.2 Scope of this policy. It covers you.",
            ("1.2 Scope of this policy.", "It covers you."),
        ),
        ("1. Introduction to the terms", ("1. Introduction to the terms",)),
        ("# 2. Data we collect", ("# 2. Data we collect",)),
        ("(a) Account data. We store it.", ("(a) Account data.", "We store it.")),
        (
            "Users must be over 13. Parents may consent.",
            ("Users must be over 13.", "Parents may consent."),
        ),
        ("Version 4.3. Effective today.", ("Version 4.3.", "Effective today.")),
        # Ellipses.
        ("We may... or may not. Then we stop.", ("We may... or may not.", "Then we stop.")),
        ("Wait\u2026 Then go.", ("Wait\u2026", "Then go.")),
        # Quotes and parentheses after the full stop.
        ('He said "Stop." Then he left.', ('He said "Stop."', "Then he left.")),
        ("He said \u201cStop.\u201d Then he left.", ("He said \u201cStop.\u201d", "Then he left.")),
        ("(See below.) Next one.", ("(See below.)", "Next one.")),
        ('"Stop." he said.', ('"Stop." he said.',)),
        ("Go (and stop.) Then.", ("Go (and stop.)", "Then.")),
        # Lower case after a full stop is not a new sentence.
        ("Files like report.pdf. are kept.", ("Files like report.pdf. are kept.",)),
        ("Visit example.com. We answer.", ("Visit example.com.", "We answer.")),
    ],
)
def test_split_sentences(block: str, sentences: tuple[str, ...]) -> None:
    assert split_sentences(block) == sentences


def test_split_sentences_keeps_every_word() -> None:
    block = "A first one. A second (with e.g. an example) one! And a third?  Last..."
    assert " ".join(split_sentences(block)).split() == block.split()
