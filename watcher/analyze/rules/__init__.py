"""The verdict rules: what a reworded, added or removed clause does to the user's protection.

Each rule looks at one aspect of a commitment (stance, hedges, exceptions, consent, scope,
retention) and, when that aspect moved, says which way and quotes what moved. A clause's verdict
is the most important of its rules' verdicts (weakened > strengthened > clarified); when no rule
fires the clause was reworded without moving a commitment, which is `neutral`.

Strengthened and clarified differ by what the old text said: a protection that takes back
something the old text explicitly allowed is `strengthened`; one that makes precise what the old
text left vague or unsaid is `clarified`. A newly stated permission is always `weakened`.

The rules are grouped by the question they answer, one module each: `pairs` compares a reworded
clause aspect by aspect (stance, hedges, exceptions, duty, retention), `scope` whether it covers
more or less, `controls` how the user's way out moved, `unpaired` what an added or removed
clause did, and `practices` whether the old text explicitly allowed what the new one limits
(the line between strengthened and clarified). Every rule returns `Movement`s (`movement`).
"""

from __future__ import annotations

from watcher.analyze.rules.controls import judge_controls
from watcher.analyze.rules.movement import Movement
from watcher.analyze.rules.pairs import judge_pair
from watcher.analyze.rules.unpaired import OldText, judge_added, judge_removed

__all__ = ["Movement", "OldText", "judge_added", "judge_controls", "judge_pair", "judge_removed"]
