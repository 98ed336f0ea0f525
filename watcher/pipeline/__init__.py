"""One check of one source, end to end: fetch → extract → store → diff. The only place stages meet.

The rules that protect the user live here: a failed fetch, a bot wall or an extraction that
lost most of the text is logged as a failed check and never becomes a version, so no
"policy deleted" alert can come from a flaky page; a raw body byte-identical to the last one
skips extraction entirely, which keeps the "nothing changed" pass cheap; and a change in how a
source is read is kept as a technical version, never taken for the vendor's change.
"""

from watcher.pipeline.changes import changes_from_store
from watcher.pipeline.check import Pipeline
from watcher.pipeline.reread import Reread, reread_version
from watcher.pipeline.results import MIN_TEXT_CHARS, CheckResult
from watcher.pipeline.workers import POOL_THRESHOLD, analysis_pool

__all__ = [
    "MIN_TEXT_CHARS",
    "POOL_THRESHOLD",
    "CheckResult",
    "Pipeline",
    "Reread",
    "analysis_pool",
    "changes_from_store",
    "reread_version",
]
