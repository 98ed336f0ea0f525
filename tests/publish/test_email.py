"""Email alerts against a real SMTP server (aiosmtpd on 127.0.0.1): content, digests, security,
login, escaping of vendor text, header injection and how failures are classified.

STARTTLS and implicit TLS run with a throw-away self-signed certificate made by the `openssl`
command at test time (skipped where there is none); login is also tested over a plain local
connection (`auth_require_tls=False`), which needs nothing.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from alert_inputs import DOCS, PERMISSION, PROMISE, T0, change, finding, judged_change

from watcher.publish.notifiers import NOTIFIERS, DeliveryError, MessageContext
from watcher.publish.notifiers.email import EmailNotifier, build_message, subject_line
from watcher.records import Change, Channel, Source, Topic, Verdict

PASSWORD = "s3cret-Pa55word"
CONTEXT = MessageContext(base_url="https://watch.example.org", env={"SMTP_PASSWORD": PASSWORD})


@dataclass
class Mailbox:
    """What the SMTP server accepted, and how each session went."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    """Recipient -> the reply refusing it, such as "550 5.1.1 no such user"."""
    data_reply: str = "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if not self.data_reply.startswith("250"):
            return self.data_reply
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword) and data.password.decode() == PASSWORD:
            self.logins.append(data.login.decode())
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)


class LocalController(Controller):
    """aiosmtpd's threaded server on a free port the OS picks (the stock one needs a number)."""

    def _create_server(self) -> Any:
        async def create() -> asyncio.AbstractServer:
            server = await self.loop.create_server(
                self._factory_invoker, host=self.hostname, port=0, ssl=self.ssl_context
            )
            self.port = server.sockets[0].getsockname()[1]
            return server

        return create()


@pytest.fixture
def serve() -> Iterator[Any]:
    """Start SMTP servers for one test: `serve(mailbox, **aiosmtpd options) -> port`."""
    started: list[Controller] = []

    def start(mailbox: Mailbox, **options: Any) -> int:
        controller = LocalController(
            mailbox, hostname="127.0.0.1", server_hostname="localhost", **options
        )
        controller.start()
        started.append(controller)
        return int(controller.port)

    yield start
    for controller in started:
        controller.stop()


@dataclass(frozen=True)
class Certificate:
    server: ssl.SSLContext
    client: ssl.SSLContext


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    """A self-signed certificate for 127.0.0.1; contexts for the server and a trusting client."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("no openssl command to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    return Certificate(server=server, client=ssl.create_default_context(cafile=str(cert)))


def email_channel(port: int, **options: str) -> Channel:
    settings = {
        "host": "127.0.0.1",
        "port": str(port),
        "security": "none",
        "from": "Policy Watcher <alerts@example.org>",
        "to": "legal@example.org, Privacy Team <privacy@example.org>",
        "timeout": "5",
        **options,
    }
    secrets = (("password", "SMTP_PASSWORD"),) if "username" in settings else ()
    return Channel("legal-inbox", "email", tuple(settings.items()), secrets)


def send(channel: Channel, changes: list[Change], *, digest: bool = False, **kwargs: Any) -> None:
    notifier = EmailNotifier(channel, CONTEXT, local_hostname="localhost", **kwargs)
    asyncio.run(notifier.send(changes, digest=digest))


def parts(message: EmailMessage) -> tuple[str, str]:
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and html is not None
    return plain.get_content(), html.get_content()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- what arrives ---


def test_one_change_is_one_multipart_message_with_text_and_html(serve: Any) -> None:
    mailbox = Mailbox()
    send(email_channel(serve(mailbox)), [change()])

    (message,) = mailbox.messages
    assert message["Subject"] == "Acme Chat Privacy principles: AI-training commitment weakened"
    assert message["From"] == "Policy Watcher <alerts@example.org>"
    assert message["To"] == "legal@example.org, Privacy Team <privacy@example.org>"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    assert mailbox.envelopes == [
        ("alerts@example.org", ["legal@example.org", "privacy@example.org"])
    ]
    text, html = parts(message)
    link = "https://watch.example.org/changes/acme-chat-privacy/2"
    assert "weakened (AI training): prohibition → permission" in text
    assert f"Was: {PROMISE}" in text and f"Now: {PERMISSION}" in text
    assert f"See the change: {link}" in text
    assert "Version 2 against version 1, captured 2024-03-01 12:00 UTC." in text
    assert f'<a href="{link}">' in html and PERMISSION in html


def test_the_message_id_is_the_same_when_the_message_is_made_again() -> None:
    channel = email_channel(25)
    weakened = change()
    first, again = (
        build_message([weakened], channel=channel, context=CONTEXT, digest=False, now=now)
        for now in (T0, datetime(2024, 5, 18, tzinfo=UTC))
    )
    assert first["Message-ID"] == again["Message-ID"]
    assert first["Message-ID"].endswith("@example.org>")
    other_channel = Channel("privacy-inbox", "email", channel.options)
    other = build_message([weakened], channel=other_channel, context=CONTEXT, digest=False, now=T0)
    next_change = build_message([change(3)], channel=channel, context=CONTEXT, digest=False, now=T0)
    assert len({first["Message-ID"], other["Message-ID"], next_change["Message-ID"]}) == 3


def test_a_digest_is_one_message_for_all_its_changes(serve: Any) -> None:
    mailbox = Mailbox()
    clarified = finding(
        Verdict.CLARIFIED,
        Topic.RETENTION_DELETION,
        explanation="vague → 30 days",
        old="",
        new="We keep logs for 30 days.",
    )
    changes = [change(), judged_change(clarified, source=DOCS, number=5)]
    send(email_channel(serve(mailbox)), changes, digest=True)

    (message,) = mailbox.messages
    assert message["Subject"] == "Policy Watcher digest: 2 changes (1 weakened, 1 clarified)"
    text, html = parts(message)
    assert "Acme Chat Privacy principles: AI-training commitment weakened" in text
    assert "Acme Docs AI terms: data-retention commitment clarified" in text
    assert "https://watch.example.org/changes/acme-docs-ai/5" in html
    assert html.count("<hr>") == 1


def test_changes_not_in_a_digest_go_one_message_each(serve: Any) -> None:
    mailbox = Mailbox()
    send(email_channel(serve(mailbox)), [change(), change(3)])
    assert len(mailbox.messages) == 2
    assert len({message["Message-ID"] for message in mailbox.messages}) == 2


def test_the_email_kind_is_registered() -> None:
    assert NOTIFIERS["email"] is EmailNotifier


# --- security and login ---


def test_login_over_a_local_plain_connection(serve: Any) -> None:
    mailbox = Mailbox()
    port = serve(mailbox, authenticator=mailbox.authenticate, auth_require_tls=False)
    send(email_channel(port, username="alerts@example.org"), [change()])
    assert mailbox.logins == ["alerts@example.org"]
    assert len(mailbox.messages) == 1


def test_starttls_with_login(serve: Any, certificate: Certificate) -> None:
    mailbox = Mailbox()
    port = serve(
        mailbox,
        tls_context=certificate.server,
        require_starttls=True,
        authenticator=mailbox.authenticate,
        auth_required=True,
    )
    channel = email_channel(port, security="starttls", username="alerts@example.org")
    send(channel, [change()], tls_context=certificate.client)
    assert mailbox.logins == ["alerts@example.org"]
    assert len(mailbox.messages) == 1


def test_implicit_tls(serve: Any, certificate: Certificate) -> None:
    mailbox = Mailbox()
    port = serve(mailbox, ssl_context=certificate.server)
    send(email_channel(port, security="tls"), [change()], tls_context=certificate.client)
    assert len(mailbox.messages) == 1


def test_a_certificate_the_client_does_not_trust_is_a_permanent_failure(
    serve: Any, certificate: Certificate
) -> None:
    port = serve(Mailbox(), tls_context=certificate.server, require_starttls=True)
    with pytest.raises(DeliveryError) as raised:
        send(
            email_channel(port, security="starttls"),
            [change()],
            tls_context=ssl.create_default_context(),
        )
    assert raised.value.permanent
    assert "TLS certificate was not accepted" in str(raised.value)


# --- vendor text is hostile ---


def test_vendor_markup_is_escaped_in_the_html_part(serve: Any) -> None:
    mailbox = Mailbox()
    hostile = finding(
        Verdict.WEAKENED,
        Topic.AI_TRAINING,
        explanation="<img src=x onerror=alert(1)> became ]]>",
        old="<script>alert('old')</script> We will not train.",
        new="We may train. ]]><script>alert('new')</script>",
    )
    source = Source(
        id="evil",
        vendor="Evil <b>Corp</b>",
        title="Terms & <i>Stuff</i>",
        url='https://evil.example/?a=1&b="2"',
    )
    send(email_channel(serve(mailbox)), [judged_change(hostile, source=source)])

    text, html = parts(mailbox.messages[0])
    for raw in ("<script", "<img", "<b>", "<i>", "]]>"):
        assert raw not in html
    assert "&lt;script&gt;alert(" in html and "&lt;/script&gt; We will not train." in html
    assert "]]&gt;&lt;script&gt;" in html
    assert "Evil &lt;b&gt;Corp&lt;/b&gt;" in html
    assert 'href="https://evil.example/?a=1&amp;b=&quot;2&quot;"' in html
    assert "<script>alert('old')</script>" in text  # plain text is shown as text, not run


@pytest.mark.parametrize("breaker", ["\r\n", "\n", "\r", "\u2028", "\x85", "\x00"])
def test_page_text_cannot_add_headers(serve: Any, breaker: str) -> None:
    mailbox = Mailbox()
    source = Source(
        id="acme-chat-privacy",
        vendor="Acme Chat",
        title=f"Privacy{breaker}Bcc: evil@x.example{breaker}{breaker}<b>body</b>",
        url="https://acme-chat.example/privacy",
    )
    send(email_channel(serve(mailbox)), [change(source=source)])

    (message,) = mailbox.messages
    assert message["Bcc"] is None
    assert message["Subject"] == (
        "Acme Chat Privacy Bcc: evil@x.example <b>body</b>: AI-training commitment weakened"
    )
    assert mailbox.envelopes[0][1] == ["legal@example.org", "privacy@example.org"]
    assert "evil@x.example" not in str(message["To"])


def test_subject_line_strips_control_and_format_characters() -> None:
    assert subject_line("a\r\nb\tc\u202ed\u200be") == "a b c d e"
    assert len(subject_line("x" * 500)) == 200


# --- failures ---


def failure(channel: Channel, **kwargs: Any) -> DeliveryError:
    with pytest.raises(DeliveryError) as raised:
        send(channel, [change()], **kwargs)
    assert PASSWORD not in str(raised.value)
    return raised.value


def test_a_server_that_is_down_is_tried_again_later() -> None:
    error = failure(email_channel(free_port()))
    assert not error.permanent
    assert "cannot connect" in str(error)


def test_a_server_that_is_down_then_up_takes_the_message(serve: Any) -> None:
    mailbox = Mailbox()
    port = serve(mailbox)
    assert not failure(email_channel(free_port())).permanent
    send(email_channel(port), [change()])
    assert len(mailbox.messages) == 1


def test_a_refused_login_is_permanent_and_never_shows_the_password(serve: Any) -> None:
    mailbox = Mailbox()
    port = serve(mailbox, authenticator=mailbox.authenticate, auth_require_tls=False)
    context = MessageContext(env={"SMTP_PASSWORD": "wrong-" + PASSWORD})
    notifier = EmailNotifier(
        email_channel(port, username="alerts@example.org"), context, local_hostname="localhost"
    )
    with pytest.raises(DeliveryError) as raised:
        asyncio.run(notifier.send([change()]))
    assert raised.value.permanent
    assert "refused the login: 535" in str(raised.value)
    assert "wrong-" not in str(raised.value)


def test_a_password_echoed_by_the_server_is_not_repeated(serve: Any) -> None:
    mailbox = Mailbox(data_reply=f"554 5.7.1 rejected for {PASSWORD}")
    port = serve(mailbox, authenticator=mailbox.authenticate, auth_require_tls=False)
    error = failure(email_channel(port, username="alerts@example.org"))
    assert error.permanent
    assert "554 5.7.1 rejected for ***" in str(error)


def test_refused_recipients_are_permanent(serve: Any) -> None:
    refused = {a: "550 5.1.1 no such user" for a in ("legal@example.org", "privacy@example.org")}
    error = failure(email_channel(serve(Mailbox(refuse=refused))))
    assert error.permanent
    assert "refused every recipient (550)" in str(error)


def test_a_temporary_refusal_is_tried_again_later(serve: Any) -> None:
    error = failure(email_channel(serve(Mailbox(data_reply="451 4.3.0 try again later"))))
    assert not error.permanent
    assert "answered 451 4.3.0 try again later" in str(error)


def test_a_login_the_server_does_not_offer_is_permanent_with_a_hint(serve: Any) -> None:
    mailbox = Mailbox()
    port = serve(mailbox, authenticator=mailbox.authenticate)  # AUTH only after TLS: not offered
    error = failure(email_channel(port, username="alerts@example.org"))
    assert error.permanent
    assert "does not support AUTH (does the server need security: starttls or tls?)" in str(error)


def test_starttls_the_server_does_not_offer_is_permanent(serve: Any) -> None:
    error = failure(email_channel(serve(Mailbox()), security="starttls"))
    assert error.permanent
    assert "does not support STARTTLS" in str(error)


def test_a_missing_password_variable_is_permanent_and_named() -> None:
    notifier = EmailNotifier(email_channel(25, username="me"), MessageContext(env={}))
    with pytest.raises(DeliveryError) as raised:
        asyncio.run(notifier.send([change()]))
    assert raised.value.permanent
    assert "SMTP_PASSWORD is not set" in str(raised.value)


def test_nothing_to_send_sends_nothing() -> None:
    asyncio.run(EmailNotifier(email_channel(free_port()), CONTEXT).send([]))
