"""The shape of sources.yaml as pydantic models: which keys exist, their types and checks.

Models only describe; turning a validated file into `records` (defaults merged, paths resolved)
happens in the package `__init__`, and turning validation errors into `file:line` messages in
`problems`. Settings keys are optional here so the defaults live in one place, `records`.
"""

from __future__ import annotations

from datetime import time
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from watcher.config import alert_values, values
from watcher.records import DocumentKind, Topic, Verdict

__all__ = [
    "CHANNEL_MODELS",
    "ChannelModel",
    "ChatChannelModel",
    "DefaultsModel",
    "EmailChannelModel",
    "FetchModel",
    "FileModel",
    "NotificationsModel",
    "RouteModel",
    "SlackChannelModel",
    "SourceModel",
    "WebhookChannelModel",
    "keys_at",
    "validate",
]

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
EnvName = Annotated[str, AfterValidator(alert_values.check_env_name)]
Host = Annotated[str, AfterValidator(alert_values.check_host)]
Port = Annotated[int, Field(strict=True, ge=1, le=65535)]
Security = Annotated[
    str,
    BeforeValidator(alert_values.one_of(alert_values.SECURITIES, alert_values.MEANT_SECURITY)),
]
Address = Annotated[str, AfterValidator(alert_values.address)]
Addresses = Annotated[
    list[Address], BeforeValidator(values.as_list), AfterValidator(alert_values.addresses)
]
TimeOfDay = Annotated[time, BeforeValidator(alert_values.time_of_day)]
RouteVerdicts = Annotated[
    list[Annotated[Verdict, BeforeValidator(alert_values.verdict)]],
    BeforeValidator(values.as_list),
    AfterValidator(alert_values.some_verdicts),
]
Topics = Annotated[
    list[Annotated[Topic, BeforeValidator(alert_values.topic)]], BeforeValidator(values.as_list)
]
Slugs = Annotated[list[Slug], BeforeValidator(values.as_list)]
Digest = Annotated[str, BeforeValidator(alert_values.digest)]


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


def _refused(env_key: str, example: str) -> AfterValidator:
    """For a key that would put a secret in the file (`password` beside `password_env`): refused
    whatever its value, which is never shown, naming the `_env` key to use instead."""
    return AfterValidator(alert_values.refuse_secret(env_key, example))


class SlackChannelModel(_Model):
    # The notifiers call every webhook or service URL the secret `url`; here it keeps the name
    # Slack gives it.
    renamed: ClassVar[dict[str, str]] = {"webhook_url": "url"}

    kind: Literal["slack"]
    webhook_url_env: EnvName
    webhook_url: Annotated[object, _refused("webhook_url_env", "SLACK_WEBHOOK_URL")] = None


class WebhookChannelModel(_Model):
    """A generic JSON webhook: its URL and, to sign each body (HMAC-SHA256), a shared secret."""

    kind: Literal["webhook"]
    url_env: EnvName
    url: Annotated[object, _refused("url_env", "WEBHOOK_URL")] = None
    secret_env: EnvName | None = None
    secret: Annotated[object, _refused("secret_env", "WEBHOOK_SECRET")] = None


class ChatChannelModel(_Model):
    """A chat tool through Apprise: one secret, the Apprise URL (or the service's webhook URL)."""

    kind: Literal["teams", "discord", "matrix", "mattermost", "zulip", "rocketchat", "apprise"]
    url_env: EnvName
    url: Annotated[object, _refused("url_env", "CHAT_URL")] = None


class EmailChannelModel(_Model):
    kind: Literal["email"]
    host: Host
    port: Port | None = None
    security: Security = "starttls"
    username: Text | None = None
    password_env: EnvName | None = None
    password: Annotated[object, _refused("password_env", "SMTP_PASSWORD")] = None
    from_: Address = Field(alias="from")
    to: Addresses
    timeout: Duration | None = None

    @model_validator(mode="after")
    def _login_is_complete(self) -> EmailChannelModel:
        if (self.username is None) != (self.password_env is None):
            raise ValueError(
                "username and password_env go together: give both to log in, or neither"
            )
        return self


ChannelModel = Annotated[
    SlackChannelModel | EmailChannelModel | WebhookChannelModel | ChatChannelModel,
    Field(discriminator="kind"),
]
CHANNEL_MODELS: dict[str, type[BaseModel]] = {
    "slack": SlackChannelModel,
    "email": EmailChannelModel,
    "webhook": WebhookChannelModel,
    **{kind: ChatChannelModel for kind in alert_values.CHAT_KINDS},
}
"""The model of each channel kind, in the order of `alert_values.CHANNEL_KINDS`."""


class RouteModel(_Model):
    channel: Slug
    verdicts: RouteVerdicts | None = None
    topics: Topics | None = None
    sources: Slugs | None = None
    tags: Tags | None = None
    digest: Digest | None = None


class NotificationsModel(_Model):
    base_url: Url | None = None
    digest_time: TimeOfDay | None = None
    channels: Annotated[dict[Slug, ChannelModel], BeforeValidator(_empty_mapping)] = {}
    routes: Annotated[list[RouteModel], BeforeValidator(_empty_list)] = []


class FileModel(_Model):
    snapshots: Text | None = None
    fetch: Annotated[FetchModel, BeforeValidator(_empty_mapping)] = FetchModel()
    broken_after: PositiveCount | None = None
    min_text_ratio: Ratio | None = None
    defaults: Annotated[DefaultsModel, BeforeValidator(_empty_mapping)] = DefaultsModel()
    sources: Annotated[list[SourceModel], BeforeValidator(_empty_list)]
    notifications: Annotated[NotificationsModel, BeforeValidator(_empty_mapping)] = (
        NotificationsModel()
    )


def keys_at(parent: Loc) -> tuple[str, ...]:
    """The keys allowed in the mapping at `parent`, for "did you mean" hints. A channel's
    `parent` ends with its kind; a key refused because it would hold a secret (one with an
    `_env` twin, like `password`) is never suggested."""
    model: type[BaseModel] | None = None
    if not parent:
        model = FileModel
    elif parent == ("fetch",):
        model = FetchModel
    elif parent == ("defaults",):
        model = DefaultsModel
    elif parent == ("notifications",):
        model = NotificationsModel
    elif len(parent) == 2 and parent[0] == "sources" and isinstance(parent[1], int):
        model = SourceModel
    elif len(parent) == 3 and parent[:2] == ("notifications", "routes"):
        model = RouteModel
    elif len(parent) == 4 and parent[:2] == ("notifications", "channels"):
        model = CHANNEL_MODELS.get(str(parent[3]))
    if model is None:
        return ()
    keys = [field.alias or name for name, field in model.model_fields.items()]
    return tuple(key for key in keys if f"{key}_env" not in keys)


def validate(data: Any) -> FileModel:
    """Validate the whole file at once, so that every problem is reported, not just the first."""
    return FileModel.model_validate(data)
