"""The `notifications` section: channels, routes and secrets by name, and a file:line error for
every kind of mistake (without ever repeating a value that may be a secret)."""

from __future__ import annotations

import importlib
import pkgutil
import re
import textwrap
from datetime import time
from pathlib import Path

import pytest

from watcher.config import CHANNEL_KINDS, load_config
from watcher.config.schema import CHANNEL_MODELS, NotificationsModel, RouteModel, keys_at
from watcher.errors import ConfigError
from watcher.records import Channel, Notifications, Route, Topic, Verdict

README = Path(__file__).resolve().parents[2] / "README.md"

SOURCES = """\
sources:
  - id: slack-privacy-principles
    vendor: Slack
    title: Privacy principles
    url: https://slack.com/trust/data-management/privacy-principles
    tags: [chat, contracts]
"""

EXAMPLE = """\
notifications:
  base_url: https://watch.example.org/
  digest_time: "08:00"
  channels:
    privacy-team:
      kind: slack
      webhook_url_env: SLACK_WEBHOOK_URL
    legal-inbox:
      kind: email
      host: smtp.example.org
      port: 587
      security: starttls
      username: alerts@example.org
      password_env: SMTP_PASSWORD
      from: "Policy Watcher <alerts@example.org>"
      to: [legal@example.org, privacy@example.org]
  routes:
    - channel: privacy-team
      verdicts: [weakened, strengthened]
      topics: [ai_training, consent_optout]
    - channel: legal-inbox
      digest: daily
      sources: [slack-privacy-principles]
      tags: [contracts]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, notifications: str) -> Notifications:
    text = SOURCES + routed(textwrap.dedent(notifications))
    return load_config(write(tmp_path, text)).notifications


def routed(notifications: str) -> str:
    """The text with a route to each channel of CHANNEL and MAIL after it, when it has no
    routes (a channel without one is a problem of its own, not the one a case is about)."""
    if "routes:" in notifications or "channels:" not in notifications:
        return notifications
    names = re.findall(r"^    ([a-z0-9][a-z0-9._-]*):", notifications, re.M)
    return notifications + "  routes:\n" + "".join(f"    - channel: {n}\n" for n in names)


def error_for(tmp_path: Path, notifications: str) -> str:
    path = write(tmp_path, SOURCES + routed(textwrap.dedent(notifications)))
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    return str(raised.value).replace(str(path), "sources.yaml")


def test_the_example_becomes_channels_and_routes(tmp_path: Path) -> None:
    assert load(tmp_path, EXAMPLE) == Notifications(
        base_url="https://watch.example.org",
        digest_time=time(8, 0),
        channels=(
            Channel("privacy-team", "slack", (), (("url", "SLACK_WEBHOOK_URL"),)),
            Channel(
                "legal-inbox",
                "email",
                (
                    ("host", "smtp.example.org"),
                    ("port", "587"),
                    ("security", "starttls"),
                    ("username", "alerts@example.org"),
                    ("from", "Policy Watcher <alerts@example.org>"),
                    ("to", "legal@example.org, privacy@example.org"),
                ),
                (("password", "SMTP_PASSWORD"),),
            ),
        ),
        routes=(
            Route(
                "privacy-team",
                verdicts=frozenset({Verdict.WEAKENED, Verdict.STRENGTHENED}),
                topics=frozenset({Topic.AI_TRAINING, Topic.CONSENT_OPTOUT}),
            ),
            Route(
                "legal-inbox",
                sources=frozenset({"slack-privacy-principles"}),
                tags=frozenset({"contracts"}),
                digest=True,
            ),
        ),
    )


@pytest.mark.parametrize("section", ["", "notifications:\n", "notifications: {}\n"])
def test_no_notifications_means_the_defaults(tmp_path: Path, section: str) -> None:
    assert load(tmp_path, section) == Notifications()
    assert Notifications().base_url == "http://127.0.0.1:8080"


def test_every_kind_of_channel_loads(tmp_path: Path) -> None:
    channels = "".join(
        f"    {kind}-channel: {{kind: {kind}, url_env: URL_{number}}}\n"
        for number, kind in enumerate(CHANNEL_KINDS)
        if kind not in ("slack", "email")
    )
    notifications = load(tmp_path, "notifications:\n  channels:\n" + channels)
    assert [c.kind for c in notifications.channels] == list(CHANNEL_KINDS[2:])
    assert notifications.channel("teams-channel") == Channel(
        "teams-channel", "teams", (), (("url", "URL_3"),)
    )


def test_a_webhook_can_have_a_signing_secret(tmp_path: Path) -> None:
    notifications = load(
        tmp_path,
        """\
        notifications:
          channels:
            hook: {kind: webhook, url_env: HOOK_URL, secret_env: HOOK_SECRET}
        """,
    )
    assert notifications.channels[0].secrets == (("url", "HOOK_URL"), ("secret", "HOOK_SECRET"))


def test_email_options_a_user_may_write_more_simply(tmp_path: Path) -> None:
    notifications = load(
        tmp_path,
        """\
        notifications:
          channels:
            relay:
              kind: email
              host: 127.0.0.1
              security: none
              from: alerts@example.org
              to: "Zoë Martin <zoe@example.org>"
              timeout: 1m
          routes:
            - channel: relay
              verdicts: neutral
        """,
    )
    (relay,) = notifications.channels
    assert relay.option("to") == "=?utf-8?q?Zo=C3=AB_Martin?= <zoe@example.org>"
    assert (relay.option("security"), relay.option("timeout"), relay.option("port")) == (
        "none",
        "60.0",
        "",
    )
    assert notifications.routes[0].verdicts == frozenset({Verdict.NEUTRAL})


def test_config_knows_every_registered_notifier_kind() -> None:
    """Config may not import publish (sibling layers), so it keeps its own list of kinds."""
    from watcher.publish import notifiers

    for module in pkgutil.iter_modules(notifiers.__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{notifiers.__name__}.{module.name}")
    assert set(notifiers.NOTIFIERS) <= set(CHANNEL_KINDS)
    assert tuple(CHANNEL_MODELS) == CHANNEL_KINDS


CHANNEL = "notifications:\n  channels:\n    team:\n"
MAIL = (
    "notifications:\n  channels:\n    mail:\n      kind: email\n      host: smtp.example.org\n"
    "      from: alerts@example.org\n"
)
ROUTES = (
    "notifications:\n  channels:\n    team: {kind: slack, webhook_url_env: SLACK_URL}\n  routes:\n"
)

CASES = [
    (
        "unknown kind",
        CHANNEL + "      kind: slak\n      webhook_url_env: X\n",
        "sources.yaml:10: channel 'team': kind 'slak' is not one of slack, email, webhook, teams,"
        " discord, matrix, mattermost, zulip, rocketchat, apprise (did you mean 'slack'?)",
    ),
    (
        "missing kind",
        CHANNEL + "      webhook_url_env: X\n",
        "sources.yaml:9: channel 'team': missing required key 'kind'",
    ),
    (
        "channel that is not a mapping",
        CHANNEL.removesuffix("\n") + " slack\n",
        "sources.yaml:9: channel 'team': should be a mapping, not 'slack'",
    ),
    (
        "channel name that is not a slug",
        "notifications:\n  channels:\n    Privacy Team: {kind: slack, webhook_url_env: X}\n",
        "sources.yaml:9: channel 'Privacy Team': name 'Privacy Team' is not a slug (lowercase"
        " letters, digits, '.', '_' and '-', starting with a letter or digit)",
    ),
    (
        "option of another kind",
        CHANNEL + "      kind: slack\n      webhook_url_env: X\n      host: smtp.example.org\n",
        "sources.yaml:12: channel 'team': unknown key 'host'",
    ),
    (
        "misspelt option",
        CHANNEL + "      kind: slack\n      webhook_url_evn: X\n",
        "sources.yaml:11: channel 'team': unknown key 'webhook_url_evn'"
        " (did you mean 'webhook_url_env'?)",
    ),
    (
        "a secret written in the file",
        CHANNEL
        + "      kind: slack\n      webhook_url: https://hooks.slack.com/services/T0/B0/XyZ\n",
        "sources.yaml:11: channel 'team': webhook_url is a secret and must not be written in"
        " sources.yaml: put it in an environment variable and name that with webhook_url_env"
        " (as in `webhook_url_env: SLACK_WEBHOOK_URL`)",
    ),
    (
        "a secret put where its variable's name belongs",
        CHANNEL
        + "      kind: slack\n      webhook_url_env: https://hooks.slack.com/services/T0/B0/XyZ\n",
        "sources.yaml:11: channel 'team': webhook_url_env looks like the secret itself: put it in"
        " an environment variable and write the variable's name here, such as SLACK_WEBHOOK_URL"
        " (the value is not shown)",
    ),
    (
        "an invalid variable name",
        CHANNEL + "      kind: teams\n      url_env: 1-teams\n",
        "sources.yaml:11: channel 'team': url_env should be the name of an environment variable:"
        " letters, digits and '_', not starting with a digit (the value is not shown, in case it"
        " is a secret)",
    ),
    (
        "a password written in the file",
        MAIL + "      to: legal@example.org\n      username: me\n      password: hunter2\n",
        "sources.yaml:15: channel 'mail': password is a secret and must not be written in"
        " sources.yaml: put it in an environment variable and name that with password_env"
        " (as in `password_env: SMTP_PASSWORD`)",
    ),
    (
        "a login without its password",
        MAIL + "      to: legal@example.org\n      username: me\n",
        "sources.yaml:9: channel 'mail': username and password_env go together: give both to log"
        " in, or neither",
    ),
    (
        "a host with a scheme",
        MAIL.replace("smtp.example.org", "smtps://smtp.example.org:465") + "      to: a@b.org\n",
        "sources.yaml:11: channel 'mail': host 'smtps://smtp.example.org:465' is not a host name"
        " (write only the name, such as smtp.example.org; port and security are keys of their"
        " own)",
    ),
    (
        "port out of range, unknown security, empty list of recipients",
        MAIL + "      port: 70000\n      security: ssl\n      to: []\n",
        "sources.yaml:13: channel 'mail': port should be less than or equal to 65535\n"
        "sources.yaml:14: channel 'mail': security 'ssl' is not one of starttls, tls, none"
        " (did you mean 'tls'?)\n"
        "sources.yaml:15: channel 'mail': to should name at least one email address",
    ),
    (
        "addresses",
        MAIL.replace("from: alerts@example.org", "from: alerts")
        + "      to: ['a@b.org, c@d.org']\n",
        "sources.yaml:12: channel 'mail': from 'alerts' is not an email address\n"
        "sources.yaml:13: channel 'mail': to 'a@b.org, c@d.org' is not one email address"
        " (give a list for several)",
    ),
    (
        "an address carrying a header",
        MAIL + '      to: "legal@example.org\\r\\nBcc: evil@x.example"\n',
        "sources.yaml:13: channel 'mail': to 'legal@example.org\\r\\nBcc: evil@x.example'"
        " contains a line break or a control character",
    ),
    (
        "missing recipients",
        MAIL,
        "sources.yaml:9: channel 'mail': missing required key 'to'",
    ),
    (
        "digest time written without quotes",
        "notifications:\n  digest_time: 7:30\n",
        "sources.yaml:8: notifications: digest_time 450 is a number: YAML reads 7:30 without"
        ' quotes as one; write it in quotes, as "07:30"',
    ),
    (
        "digest time out of range",
        "notifications:\n  digest_time: '24:00'\n",
        "sources.yaml:8: notifications: digest_time '24:00' is not a time of day (HH:MM in UTC,"
        ' such as "08:00")',
    ),
    (
        "base_url is not a URL",
        "notifications:\n  base_url: watch.example.org\n",
        "sources.yaml:8: notifications: base_url 'watch.example.org' is not an http(s) URL",
    ),
    (
        "unknown notifications key",
        "notifications:\n  channel: {}\n",
        "sources.yaml:8: notifications: unknown key 'channel' (did you mean 'channels'?)",
    ),
    (
        "route to a channel that does not exist",
        ROUTES + "    - channel: taem\n",
        "sources.yaml:11: route #1: channel 'taem' is not defined in notifications.channels"
        " (did you mean 'team'?)",
    ),
    (
        "route without channels at all",
        "notifications:\n  routes:\n    - channel: team\n",
        "sources.yaml:9: route #1: channel 'team' is not defined in notifications.channels",
    ),
    (
        "route without a channel",
        ROUTES + "    - verdicts: [weakened]\n",
        "sources.yaml:11: route #1: missing required key 'channel'",
    ),
    (
        "route names and lists",
        ROUTES
        + "    - channel: team\n      verdicts: [weakend, cosmetic]\n      topics: ai-training\n"
        "      sources: [slack-privacy, slack-privacy-principles]\n      digest: weekly\n",
        "sources.yaml:12: route #1: verdicts 'weakend' is not one of weakened, strengthened,"
        " clarified, neutral (did you mean 'weakened'?)\n"
        "sources.yaml:12: route #1: verdicts 'cosmetic' never makes an alert; routes take"
        " weakened, strengthened, clarified, neutral\n"
        "sources.yaml:13: route #1: topics 'ai-training' is not one of ai_training,"
        " consent_optout, third_party_sharing, retention_deletion, human_access, cross_tenant,"
        " other (did you mean 'ai_training'?)\n"
        "sources.yaml:14: route #1: sources 'slack-privacy' is not the id of a source in this"
        " file (did you mean 'slack-privacy-principles'?)\n"
        "sources.yaml:15: route #1: digest 'weekly' is not 'daily', the one digest there is"
        " (leave digest out to send each change as soon as it is found)",
    ),
    (
        "an empty list of verdicts",
        ROUTES + "    - channel: team\n      verdicts: []\n",
        "sources.yaml:12: route #1: verdicts should name at least one verdict (leave it out for"
        " weakened, strengthened, clarified)",
    ),
    (
        "a misspelt route key, second route",
        ROUTES + "    - channel: team\n    - channel: team\n      topic: [ai_training]\n",
        "sources.yaml:13: route #2: unknown key 'topic' (did you mean 'topics'?)",
    ),
    (
        "duplicate channel name",
        ROUTES.replace("  routes:\n", "    team: {kind: teams, url_env: TEAMS_URL}\n"),
        "sources.yaml:10: channel 'team': duplicate key 'team' (first at line 9)",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_each_mistake_names_its_line(tmp_path: Path, text: str, expected: str) -> None:
    assert error_for(tmp_path, text) == expected


@pytest.mark.parametrize(
    "line",
    [
        "webhook_url: https://hooks.slack.com/services/T0/B0/TOKEN-1234",
        "webhook_url_env: https://hooks.slack.com/services/T0/B0/TOKEN-1234",
        "webhook_url_env: TOKEN-1234",
        "webhook_url: {token: TOKEN-1234}",
        "url: TOKEN-1234",
        "password: TOKEN-1234",
    ],
)
def test_no_message_repeats_a_secret(tmp_path: Path, line: str) -> None:
    message = error_for(tmp_path, CHANNEL + f"      kind: slack\n      {line}\n")
    assert "TOKEN" not in message


def test_the_readme_alert_example_loads_and_names_every_key(tmp_path: Path) -> None:
    text = README.read_text()
    section = text[text.index("## Alerts: Slack, email") :]
    section = section[: section.index("\n## ", 1)]
    example = next(b for b in re.findall(r"```yaml\n(.*?)```", section, re.S))
    notifications = load_config(write(tmp_path, example)).notifications
    assert [c.kind for c in notifications.channels] == ["slack", "email"]
    assert len(notifications.routes) == 2
    keys = {"notifications", *NotificationsModel.model_fields, *keys_at(("notifications",))}
    keys |= {field.alias or name for name, field in RouteModel.model_fields.items()}
    for kind in CHANNEL_KINDS:
        keys |= set(keys_at(("notifications", "channels", "x", kind)))
        assert f"`{kind}`" in section, kind
    for key in keys:
        assert f"{key}:" in example or f"`{key}`" in section, key


def test_a_channel_without_a_route_is_a_problem_at_its_line(tmp_path: Path) -> None:
    text = (
        "notifications:\n  channels:\n    team: {kind: slack, webhook_url_env: SLACK_URL}\n"
        "    hook: {kind: webhook, url_env: HOOK_URL}\n  routes:\n    - channel: team\n"
    )
    assert error_for(tmp_path, text) == (
        "sources.yaml:10: channel 'hook' has no route: add `- channel: hook` under"
        " notifications.routes"
    )
