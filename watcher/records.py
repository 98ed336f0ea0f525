"""The plain records that pass between pipeline stages, and enums valued as CLI/JSON strings.

Every stage speaks in these frozen dataclasses so that a stage can be tested, replaced or run in
another process without knowing who produced its input. Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from enum import StrEnum


class DocumentKind(StrEnum):
    """What sort of vendor page a source is; used for grouping and titles."""

    PRIVACY_POLICY = "privacy_policy"
    TERMS = "terms"
    AI_POLICY = "ai_policy"
    AI_MARKETING = "ai_marketing"
    SUBPROCESSORS = "subprocessors"
    OTHER = "other"


class Verdict(StrEnum):
    """What a change does to the user's protection, most important first (`VERDICT_ORDER`)."""

    WEAKENED = "weakened"
    STRENGTHENED = "strengthened"
    CLARIFIED = "clarified"
    NEUTRAL = "neutral"
    COSMETIC = "cosmetic"
    UNCHANGED = "unchanged"


VERDICT_ORDER: tuple[Verdict, ...] = tuple(Verdict)
ALERT_VERDICTS = frozenset({Verdict.WEAKENED, Verdict.STRENGTHENED, Verdict.CLARIFIED})
"""Verdicts that tell the user a commitment moved; neutral and cosmetic ones stay quiet."""
"""Importance order: a change's verdict is the first of its findings' verdicts in this order."""


class Topic(StrEnum):
    AI_TRAINING = "ai_training"
    CONSENT_OPTOUT = "consent_optout"
    THIRD_PARTY_SHARING = "third_party_sharing"
    RETENTION_DELETION = "retention_deletion"
    HUMAN_ACCESS = "human_access"
    CROSS_TENANT = "cross_tenant"
    OTHER = "other"


class FetchOutcome(StrEnum):
    """How one fetch ended. Only OK and NOT_MODIFIED are successful checks."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    HTTP_ERROR = "http_error"
    TIMEOUT = "timeout"
    NETWORK_ERROR = "network_error"
    TOO_LARGE = "too_large"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    BLOCKED = "blocked"
    NOT_HTML = "not_html"

    @property
    def is_success(self) -> bool:
        return self in (FetchOutcome.OK, FetchOutcome.NOT_MODIFIED)


class CheckOutcome(StrEnum):
    """How one check of a source ended, as logged in the index."""

    FIRST_VERSION = "first_version"
    NEW_VERSION = "new_version"
    UNCHANGED = "unchanged"
    FAILED = "failed"


class HunkOp(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"
    REPLACE = "replace"
    MOVE = "move"


Headers = tuple[tuple[str, str], ...]
"""HTTP headers in received order, names lower-cased; a tuple so records stay hashable."""


@dataclass(frozen=True, slots=True)
class Source:
    """One watched page, as declared in sources.yaml (after defaults are applied)."""

    id: str
    vendor: str
    title: str
    url: str
    kind: DocumentKind = DocumentKind.OTHER
    interval_s: float = 6 * 3600.0
    select: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    headers: Headers = ()

    @property
    def name(self) -> str:
        """Like "Slack Privacy principles"; just the title when it already names the vendor."""
        if self.title.lower().startswith(self.vendor.lower()):
            return self.title
        return f"{self.vendor} {self.title}"


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits and manners for the HTTP client; shared by every source of a run."""

    user_agent: str = "PolicyWatcher/0.1 (+https://github.com/policy-watcher/policy-watcher)"
    timeout_s: float = 30.0
    max_body_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 10
    concurrency: int = 16
    per_host_concurrency: int = 2
    retries: int = 2
    backoff_s: float = 1.0
    max_retry_after_s: float = 120.0


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything in sources.yaml besides the sources themselves."""

    snapshots: str = "snapshots"
    fetch: FetchSettings = field(default_factory=FetchSettings)
    broken_after: int = 3
    """Consecutive failed checks after which a source is reported as broken."""
    min_text_ratio: float = 0.5
    """A text shorter than this share of the previous version is a lost extraction, not a change."""


@dataclass(frozen=True, slots=True)
class Validators:
    """What the last successful fetch said about caching, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Fetched:
    """The result of fetching one source: either a body to extract or a fault to log."""

    source_id: str
    url: str
    final_url: str
    status: int | None
    headers: Headers
    body: bytes
    media_type: str
    fetched_at: datetime
    elapsed_s: float
    outcome: FetchOutcome
    detail: str = ""
    """Human-readable reason for a failed outcome ("HTTP 503", "bot challenge: cf-chl")."""
    attempts: int = 1

    @property
    def is_success(self) -> bool:
        return self.outcome.is_success

    @property
    def is_transient(self) -> bool:
        """Worth retrying soon: timeouts, network faults, 429 and 5xx answers."""
        if self.outcome in (FetchOutcome.TIMEOUT, FetchOutcome.NETWORK_ERROR):
            return True
        return self.outcome is FetchOutcome.HTTP_ERROR and (
            self.status == 429 or (self.status or 0) >= 500
        )

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((value for key, value in self.headers if key == lowered), None)


@dataclass(frozen=True, slots=True)
class Document:
    """The normalised, readable text of one fetched page."""

    source_id: str
    text: str
    """Markdown-like text: `# ` headings, paragraphs and `- ` items, separated by blank lines."""
    title: str
    text_sha256: str
    raw_sha256: str
    extractor_version: str
    reader: str = ""
    """Fingerprint of how the text was read: extractor version and the source's select/remove/
    ignore settings. When it changes, stored bodies are re-read before anything is compared."""


@dataclass(frozen=True, slots=True)
class Version:
    """One distinct text of a source, kept for good with its evidence."""

    source_id: str
    number: int
    captured_at: datetime
    text_sha256: str
    raw_sha256: str
    url: str
    final_url: str
    status: int | None
    title: str
    technical: bool = False
    """Made by re-extracting stored raw bodies (a reader change), not by the vendor: no alert."""
    summary: str = ""
    """One line on what changed against the version before (empty for the first)."""
    reader: str = ""
    """The `Document.reader` its text was made with."""
    verdict: Verdict | None = None
    """What the change against the version before does to the user (None: not analysed, as for
    a first or technical version); its findings are in the version's `StoredAnalysis`."""
    topics: frozenset[Topic] = frozenset()
    """The topics of its findings, kept with the version so a history lists them quickly."""


@dataclass(frozen=True, slots=True)
class Check:
    """One attempt to check a source, successful or not; every one is logged."""

    source_id: str
    checked_at: datetime
    outcome: CheckOutcome
    fetch_outcome: FetchOutcome
    status: int | None = None
    detail: str = ""
    elapsed_s: float = 0.0
    version: int | None = None
    raw_sha256: str | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the store remembers about a source between checks."""

    source_id: str
    last_raw_sha256: str | None = None
    last_text_sha256: str | None = None
    last_version: int | None = None
    validators: Validators = field(default_factory=Validators)
    consecutive_failures: int = 0
    last_checked_at: datetime | None = None
    last_outcome: CheckOutcome | None = None
    last_detail: str = ""
    reader: str = ""
    """The reading settings (`Document.reader`) the latest version reads the same with."""

    def is_broken(self, broken_after: int) -> bool:
        return self.consecutive_failures >= broken_after


@dataclass(frozen=True, slots=True)
class Hunk:
    """One aligned piece of a diff; spans are [start, end) block indices in old and new text."""

    op: HunkOp
    old_text: str
    new_text: str
    old_span: tuple[int, int]
    new_span: tuple[int, int]
    similarity: float = 1.0
    """For replace and move: how alike the two sides are (0..1)."""


@dataclass(frozen=True, slots=True)
class TextDiff:
    hunks: tuple[Hunk, ...]
    similarity: float
    """Whole-text similarity, 0..1."""

    @property
    def changes(self) -> tuple[Hunk, ...]:
        return tuple(h for h in self.hunks if h.op is not HunkOp.EQUAL)

    @property
    def is_unchanged(self) -> bool:
        return not self.changes


@dataclass(frozen=True, slots=True)
class Finding:
    """The meaning of one changed clause (filled in by the analysis stage)."""

    hunk_index: int
    verdict: Verdict
    topics: frozenset[Topic]
    explanation: str
    old_text: str
    new_text: str


def topics_of_findings(findings: Sequence[Finding]) -> frozenset[Topic]:
    """What a change is about: the topics of its findings that raise an alert, or of all its
    findings when none does."""
    alerting = [f for f in findings if f.verdict in ALERT_VERDICTS] or findings
    return frozenset(topic for finding in alerting for topic in finding.topics)


@dataclass(frozen=True, slots=True)
class StoredAnalysis:
    """The analysis of one version against the one before, as it is stored with the version.

    A plain record, so the store keeps it without knowing the analysis stage; `analyzer` is the
    analysis stage's version, so verdicts made by older rules can be found and made again.
    """

    verdict: Verdict
    findings: tuple[Finding, ...] = ()
    analyzer: str = ""

    @property
    def topics(self) -> frozenset[Topic]:
        return topics_of_findings(self.findings)


@dataclass(frozen=True, slots=True)
class Change:
    """A vendor's change as it is published: a new version, judged against the one before."""

    source: Source
    version: Version
    analysis: StoredAnalysis
    previous: int | None = None
    """The number of the version it was compared with."""

    @property
    def key(self) -> str:
        """Stable and unique: feed entry ids and outbox rows are built on it."""
        return f"{self.source.id}/v{self.version.number}"

    @property
    def verdict(self) -> Verdict:
        return self.analysis.verdict

    @property
    def topics(self) -> frozenset[Topic]:
        return self.analysis.topics


@dataclass(frozen=True, slots=True)
class Channel:
    """A named place alerts go (`notifications.channels` in sources.yaml).

    `kind` picks the notifier (slack, email, webhook, teams, …); `options` are its settings;
    `secrets` maps an option name to the environment variable that holds its value, so webhook
    URLs and passwords never sit in the config, the index, a log or an error message.
    """

    name: str
    kind: str
    options: tuple[tuple[str, str], ...] = ()
    secrets: tuple[tuple[str, str], ...] = ()

    def option(self, name: str, default: str = "") -> str:
        return dict(self.options).get(name, default)


@dataclass(frozen=True, slots=True)
class Route:
    """Which changes go to a channel (`notifications.routes`), and whether as a daily digest.

    Empty sets match everything; `verdicts` defaults to the three that move a commitment.
    """

    channel: str
    verdicts: frozenset[Verdict] = frozenset(
        {Verdict.WEAKENED, Verdict.STRENGTHENED, Verdict.CLARIFIED}
    )
    topics: frozenset[Topic] = frozenset()
    sources: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    digest: bool = False


@dataclass(frozen=True, slots=True)
class Notifications:
    """Where alerts go (`notifications` in sources.yaml): the channels and the routes to them.

    A channel's list options (an email channel's `to`) are kept as one text, items joined by
    ", ". `digest_time` is a time of day in UTC, when daily digests go out.
    """

    base_url: str = "http://127.0.0.1:8080"
    """Where links in alerts and feeds point: the web UI (`watcher serve`)."""
    digest_time: time = time(8, 0)
    channels: tuple[Channel, ...] = ()
    routes: tuple[Route, ...] = ()

    def channel(self, name: str) -> Channel | None:
        return next((channel for channel in self.channels if channel.name == name), None)


class DeliveryState(StrEnum):
    """Where one (change, channel) delivery stands in the outbox."""

    PENDING = "pending"
    SENDING = "sending"
    """Claimed by a sender; found so after a crash, it is sent again (at most once more)."""
    SENT = "sent"
    FAILED = "failed"
    """Gave up after the last retry, or the receiver refused for good; `watcher alerts retry`."""


@dataclass(frozen=True, slots=True)
class Delivery:
    """One change to one channel: a row in the durable outbox."""

    change_key: str
    channel: str
    state: DeliveryState = DeliveryState.PENDING
    digest: bool = False
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str = ""
    sent_at: datetime | None = None

    @property
    def key(self) -> str:
        return f"{self.change_key}@{self.channel}"
