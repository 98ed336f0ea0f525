"""Block and sentence alignment: what `diff_texts` and `align_sentences` pair with what."""

from __future__ import annotations

import random

import pytest

from watcher.diff import BLOCK_SEPARATOR, align_sentences, diff_texts, split_blocks
from watcher.records import Hunk, HunkOp, TextDiff

PARAGRAPHS = [
    "# Privacy policy",
    "This policy explains how Acme Chat handles the information you give us.",
    "We collect your name, email address and the messages you send to other users.",
    "We keep message logs for thirty days and then delete them from our servers.",
    "- Account details",
    "- Usage statistics",
    "We do not sell your personal information to advertisers or data brokers.",
    "You can ask us for a copy of your data at any time by writing to our support team.",
    "# Contact",
    "Write to privacy@acme.example with any question about this policy.",
]
OLD = BLOCK_SEPARATOR.join(PARAGRAPHS)


def _text(blocks: list[str]) -> str:
    return BLOCK_SEPARATOR.join(blocks)


def _ops(diff: TextDiff) -> list[HunkOp]:
    return [hunk.op for hunk in diff.changes]


def _edited(index: int, replacement: str) -> str:
    blocks = list(PARAGRAPHS)
    blocks[index] = replacement
    return _text(blocks)


@pytest.mark.parametrize("text", [OLD, "", "One line only.", "x\n\n\n\ny"])
def test_identical_texts_have_no_changes(text: str) -> None:
    diff = diff_texts(text, text)
    assert diff.is_unchanged
    assert diff.similarity == 1.0
    assert all(hunk.op is HunkOp.EQUAL for hunk in diff.hunks)


def test_blank_line_differences_are_not_changes() -> None:
    assert diff_texts(OLD, OLD.replace("\n\n", "\n\n\n") + "\n").is_unchanged


def test_reworded_sentence_is_one_replace_with_its_similarity() -> None:
    new = _edited(6, "We may sell your personal information to advertisers or data brokers.")
    diff = diff_texts(OLD, new)
    assert _ops(diff) == [HunkOp.REPLACE]
    (hunk,) = diff.changes
    assert hunk.old_span == hunk.new_span == (6, 7)
    assert hunk.old_text == PARAGRAPHS[6]
    assert hunk.new_text.startswith("We may sell")
    assert 0.8 < hunk.similarity < 1.0
    assert 0.9 < diff.similarity < 1.0


def test_unrelated_replacement_stays_delete_and_insert() -> None:
    new = _edited(3, "Our offices are closed on public holidays in Denmark.")
    diff = diff_texts(OLD, new)
    assert _ops(diff) == [HunkOp.DELETE, HunkOp.INSERT]


def test_moved_paragraph_is_a_move_not_delete_and_insert() -> None:
    blocks = list(PARAGRAPHS)
    blocks.insert(8, blocks.pop(2))
    diff = diff_texts(OLD, _text(blocks))
    assert _ops(diff) == [HunkOp.MOVE]
    (hunk,) = diff.changes
    assert (hunk.old_span, hunk.new_span) == ((2, 3), (8, 9))
    assert hunk.old_text == hunk.new_text == PARAGRAPHS[2]
    assert hunk.similarity == 1.0


def test_moved_and_lightly_edited_paragraph_is_a_move_with_similarity() -> None:
    blocks = list(PARAGRAPHS)
    moved = blocks.pop(7).replace("any time", "any moment")
    blocks.insert(1, moved)
    diff = diff_texts(OLD, _text(blocks))
    assert _ops(diff) == [HunkOp.MOVE]
    (hunk,) = diff.changes
    assert (hunk.old_span, hunk.new_span) == ((7, 8), (1, 2))
    assert 0.9 <= hunk.similarity < 1.0


def test_moved_section_of_several_blocks_is_one_move() -> None:
    blocks = PARAGRAPHS[8:] + PARAGRAPHS[:8]
    diff = diff_texts(OLD, _text(blocks))
    assert [(h.op, h.old_span, h.new_span) for h in diff.changes] == [
        (HunkOp.MOVE, (8, 10), (0, 2)),
    ]


def test_inserted_and_removed_blocks() -> None:
    blocks = list(PARAGRAPHS)
    del blocks[7]
    blocks.insert(3, "We share crash reports with our hosting provider to keep the service up.")
    diff = diff_texts(OLD, _text(blocks))
    assert [(h.op, h.old_span, h.new_span) for h in diff.changes] == [
        (HunkOp.INSERT, (3, 3), (3, 4)),
        (HunkOp.DELETE, (7, 8), (8, 8)),
    ]


def test_list_item_added() -> None:
    blocks = list(PARAGRAPHS)
    blocks.insert(6, "- Voice recordings")
    diff = diff_texts(OLD, _text(blocks))
    assert [(h.op, h.new_text, h.new_span) for h in diff.changes] == [
        (HunkOp.INSERT, "- Voice recordings", (6, 7)),
    ]


def test_several_rewordings_in_one_region_pair_in_order() -> None:
    blocks = list(PARAGRAPHS)
    blocks[2] = blocks[2].replace("messages", "voice messages")
    blocks[3] = blocks[3].replace("thirty", "ninety")
    blocks.insert(3, "An unrelated note about our office hours and holidays.")
    diff = diff_texts(OLD, _text(blocks))
    assert [(h.op, h.old_span, h.new_span) for h in diff.changes] == [
        (HunkOp.REPLACE, (2, 3), (2, 3)),
        (HunkOp.INSERT, (3, 3), (3, 4)),
        (HunkOp.REPLACE, (3, 4), (4, 5)),
    ]


def test_large_rewritten_region_still_pairs_each_block() -> None:
    # 300 reworded blocks in one region: more than one similarity matrix may hold.
    old_blocks = [f"Clause {n} says that record {n} is kept for {n} days." for n in range(300)]
    new_blocks = [block.replace("is kept", "may be kept") for block in old_blocks]
    diff = diff_texts(_text(old_blocks), _text(new_blocks))
    assert [h.op for h in diff.changes] == [HunkOp.REPLACE] * 300
    assert all(h.old_span == h.new_span for h in diff.changes)


def test_repeated_blocks_align_and_flips_are_not_moves() -> None:
    # Many copies of few texts: the alignment switches to the bit-parallel LCS.
    rng = random.Random(3)
    old_blocks = [rng.choice(["| Yes |", "| No |"]) for _ in range(600)]
    new_blocks = list(old_blocks)
    new_blocks[100] = "| Yes |" if new_blocks[100] == "| No |" else "| No |"
    diff = diff_texts(_text(old_blocks), _text(new_blocks))
    _assert_covers(diff, old_blocks, new_blocks)
    assert HunkOp.MOVE not in _ops(diff)
    assert len(diff.changes) <= 3


def test_completely_different_texts() -> None:
    diff = diff_texts("Alpha beta gamma.\n\nDelta epsilon.", "Something else entirely here.")
    assert _ops(diff) == [HunkOp.DELETE, HunkOp.INSERT]
    assert diff.similarity == 0.0


def test_from_and_to_empty_text() -> None:
    added = diff_texts("", OLD)
    assert [(h.op, h.new_span) for h in added.hunks] == [(HunkOp.INSERT, (0, 10))]
    removed = diff_texts(OLD, "")
    assert [(h.op, h.old_span) for h in removed.hunks] == [(HunkOp.DELETE, (0, 10))]


def test_align_sentences_pairs_a_reworded_sentence() -> None:
    old = "We collect your name. We never sell your data. You can opt out at any time."
    new = (
        "We collect your name. We do not sell your data to anyone. "
        "Contact us for help. You can opt out at any time."
    )
    hunks = align_sentences(old, new)
    assert [(h.op, h.old_span, h.new_span) for h in hunks] == [
        (HunkOp.EQUAL, (0, 1), (0, 1)),
        (HunkOp.REPLACE, (1, 2), (1, 2)),
        (HunkOp.INSERT, (2, 2), (2, 3)),
        (HunkOp.EQUAL, (2, 3), (3, 4)),
    ]
    assert hunks[1].old_text == "We never sell your data."
    assert hunks[1].new_text == "We do not sell your data to anyone."
    assert 0.55 <= hunks[1].similarity < 1.0


def test_align_sentences_finds_a_moved_sentence() -> None:
    old = "First point here. Second point here. Third point here and more."
    new = "Second point here. Third point here and more. First point here."
    ops = [(h.op, h.old_span, h.new_span) for h in align_sentences(old, new) if h.op != "equal"]
    assert ops == [(HunkOp.MOVE, (0, 1), (2, 3))]


def _assert_covers(diff: TextDiff, old: list[str], new: list[str]) -> None:
    """Every old and new block lies in exactly one hunk, in new reading order, texts matching."""
    old_seen = [0] * len(old)
    new_at = 0
    for hunk in diff.hunks:
        for i in range(*hunk.old_span):
            old_seen[i] += 1
        assert hunk.new_span[0] == new_at
        new_at = hunk.new_span[1]
        assert hunk.old_text == BLOCK_SEPARATOR.join(old[slice(*hunk.old_span)])
        assert hunk.new_text == BLOCK_SEPARATOR.join(new[slice(*hunk.new_span)])
        _assert_shape(hunk)
    assert old_seen == [1] * len(old)
    assert new_at == len(new)


def _assert_shape(hunk: Hunk) -> None:
    old_len = hunk.old_span[1] - hunk.old_span[0]
    new_len = hunk.new_span[1] - hunk.new_span[0]
    if hunk.op is HunkOp.EQUAL:
        assert hunk.old_text == hunk.new_text and old_len == new_len > 0
    elif hunk.op is HunkOp.INSERT:
        assert old_len == 0 < new_len
    elif hunk.op is HunkOp.DELETE:
        assert new_len == 0 < old_len
    elif hunk.op is HunkOp.REPLACE:
        assert old_len == new_len == 1 and 0.55 <= hunk.similarity < 1.0
    else:
        assert old_len == new_len > 0 and 0.9 <= hunk.similarity <= 1.0


def _random_edit(rng: random.Random, blocks: list[str]) -> list[str]:
    edited = list(blocks)
    for _ in range(rng.randint(0, 8)):
        kind = rng.choice(["reword", "insert", "delete", "move", "duplicate"])
        at = rng.randrange(len(edited)) if edited else 0
        if kind == "insert" or not edited:
            edited.insert(at, f"A new clause number {rng.randrange(10**6)} about something.")
        elif kind == "reword":
            words = edited[at].split()
            words[rng.randrange(len(words))] = rng.choice(["may", "never", "always", "only"])
            edited[at] = " ".join(words)
        elif kind == "delete":
            del edited[at]
        elif kind == "move":
            edited.insert(rng.randrange(len(edited)), edited.pop(at))
        else:
            edited.insert(rng.randrange(len(edited) + 1), edited[at])
    return edited


@pytest.mark.parametrize("seed", range(60))
def test_hunks_cover_every_block_exactly_once(seed: int) -> None:
    rng = random.Random(seed)
    pool = [*PARAGRAPHS, "- Usage statistics", "# Contact"]  # some repeated blocks
    old = [rng.choice(pool) for _ in range(rng.randint(0, 30))]
    new = _random_edit(rng, old)
    diff = diff_texts(_text(old), _text(new))
    assert split_blocks(_text(new)) == tuple(new)
    _assert_covers(diff, old, new)
    assert 0.0 <= diff.similarity <= 1.0
    assert diff.is_unchanged == (old == new)


def test_a_clause_moved_and_reworded_stays_paired_as_a_move() -> None:
    old = (
        "# Privacy\n\nWe do not use your content to train AI models.\n\n"
        "We keep account data while your account is open.\n\n"
        "Billing is handled by our payment processor.\n"
    )
    new = (
        "# Privacy\n\nWe keep account data while your account is open.\n\n"
        "Billing is handled by our payment processor.\n\n"
        "We may use your content to improve our AI models.\n"
    )
    (move,) = diff_texts(old, new).changes
    assert move.op is HunkOp.MOVE
    assert 0.7 <= move.similarity < 1
    assert move.old_text == "We do not use your content to train AI models."
    assert move.new_text == "We may use your content to improve our AI models."
