"""The shape of sources.yaml as pydantic models: which keys exist, their types and checks.

Models only describe; turning a validated file into `records` (defaults merged, paths resolved)
happens in the package `__init__`, and turning validation errors into `file:line` messages in
`problems`. Settings keys are optional here so the defaults live in one place, `records`.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from watcher.config import values
from watcher.records import DocumentKind

__all__ = ["DefaultsModel", "FetchModel", "FileModel", "SourceModel", "keys_at", "validate"]

Loc = tuple[str | int, ...]

Text = Annotated[str, AfterValidator(values.check_text)]
Slug = Annotated[str, AfterValidator(values.check_slug)]
Url = Annotated[str, AfterValidator(values.check_url)]
Kind = Annotated[DocumentKind, BeforeValidator(values.kind)]
Duration = Annotated[float, BeforeValidator(values.duration), Field(gt=0)]
Size = Annotated[int, BeforeValidator(values.size), Field(gt=0)]
Count = Annotated[int, Field(strict=True, ge=0)]
PositiveCount = Annotated[int, Field(strict=True, ge=1)]
Ratio = Annotated[float, Field(gt=0, le=1)]
Selector = Annotated[str, AfterValidator(values.check_selector)]
Pattern = Annotated[str, AfterValidator(values.check_pattern)]
Selectors = Annotated[list[Selector], BeforeValidator(values.as_list)]
Patterns = Annotated[list[Pattern], BeforeValidator(values.as_list)]
Tags = Annotated[list[Text], BeforeValidator(values.as_list)]
HeaderName = Annotated[str, AfterValidator(values.check_header_name)]
HeaderValue = Annotated[str, AfterValidator(values.check_header_value)]
UserAgent = Annotated[Text, AfterValidator(values.check_header_value)]  # sent as a header
Headers = dict[HeaderName, HeaderValue]


def _empty_mapping(value: object) -> object:
    """A key written with nothing after it (`fetch:`) means "all defaults", not an error."""
    return {} if value is None else value


def _empty_list(value: object) -> object:
    return [] if value is None else value


class _Model(BaseModel):
    # Numbers are accepted where text is expected (`DNT: 1`, `title: 2024`): YAML decides the type,
    # and the writer of the file rarely means a number there.
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class FetchModel(_Model):
    timeout: Duration | None = None
    max_body: Size | None = None
    max_redirects: Count | None = None
    concurrency: PositiveCount | None = None
    per_host_concurrency: PositiveCount | None = None
    retries: Count | None = None
    backoff: Duration | None = None
    max_retry_after: Duration | None = None
    user_agent: UserAgent | None = None


class DefaultsModel(_Model):
    interval: Duration | None = None
    select: Selectors | None = None
    remove: Selectors | None = None
    ignore: Patterns | None = None
    tags: Tags | None = None
    headers: Headers | None = None


class SourceModel(DefaultsModel):
    id: Slug
    vendor: Text
    title: Text
    url: Url
    kind: Kind = DocumentKind.OTHER


class FileModel(_Model):
    snapshots: Text | None = None
    fetch: Annotated[FetchModel, BeforeValidator(_empty_mapping)] = FetchModel()
    broken_after: PositiveCount | None = None
    min_text_ratio: Ratio | None = None
    defaults: Annotated[DefaultsModel, BeforeValidator(_empty_mapping)] = DefaultsModel()
    sources: Annotated[list[SourceModel], BeforeValidator(_empty_list)]


def keys_at(parent: Loc) -> tuple[str, ...]:
    """The keys allowed in the mapping at `parent`, for "did you mean" hints."""
    model: type[BaseModel] | None = None
    if not parent:
        model = FileModel
    elif parent == ("fetch",):
        model = FetchModel
    elif parent == ("defaults",):
        model = DefaultsModel
    elif len(parent) == 2 and parent[0] == "sources" and isinstance(parent[1], int):
        model = SourceModel
    return tuple(model.model_fields) if model else ()


def validate(data: Any) -> FileModel:
    """Validate the whole file at once, so that every problem is reported, not just the first."""
    return FileModel.model_validate(data)
