"""Email over SMTP (`kind: email`): one message per change, or a daily digest of several.

Options: `host`, `port` (default by `security`: 587 starttls, 465 tls, 25 none), `security`
(`starttls`, `tls` or `none`), `username` with the secret `password`, `from`, `to` (addresses
joined by ", ") and `timeout` (seconds). Each message is multipart/alternative, plain text and
HTML. Vendor text is hostile: the HTML escapes every piece of it (`render.change_html`), and
headers are built by the `email` package from text with every control character removed, so a
page title carrying "\\r\\nBcc: …" stays one harmless line of the Subject. The Message-ID is
derived from the change and the channel, so a message re-sent after a crash is recognisable as
the same one. smtplib is synchronous: it runs in a worker thread.

Errors never carry the password: they are worded here, with at most the server's reply (from
which the password and the login's base64 forms are removed). A refused login, refused
recipients and 5xx replies are permanent; a server that cannot be reached, drops the line or
answers 4xx is tried again later.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import smtplib
import ssl
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, getaddresses
from html import escape

from watcher.publish.notifiers import DeliveryError, MessageContext, register
from watcher.publish.render import change_html, change_title, finding_line, shown_findings
from watcher.records import Change, Channel, Verdict

__all__ = ["EmailNotifier", "build_message", "subject_line"]

DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
DEFAULT_TIMEOUT_S = 30.0
MAX_SUBJECT = 200
_STRIPPED = frozenset({"Cc", "Cf", "Zl", "Zp"})
"""Control, format (bidi overrides, zero-width), line and paragraph separator characters."""


def subject_line(text: str) -> str:
    """`text` as one safe header line: control characters made spaces, runs of space one."""
    flat = _flat(text)
    return flat if len(flat) <= MAX_SUBJECT else flat[: MAX_SUBJECT - 1].rstrip() + "…"


def build_message(
    changes: Sequence[Change],
    *,
    channel: Channel,
    context: MessageContext,
    digest: bool,
    now: datetime,
) -> EmailMessage:
    """The message for one change (`digest` false) or for a digest of `changes`."""
    links = [context.link(change) for change in changes]
    if digest:
        subject = _digest_subject(changes)
        text = "\n\n".join(
            [subject, *(_change_text(c, link) for c, link in zip(changes, links, strict=True))]
        )
        html = "<hr>\n".join(change_html(c, link) for c, link in zip(changes, links, strict=True))
    else:
        (change,), (link,) = changes, links
        subject, text, html = (
            change_title(change),
            _change_text(change, link),
            change_html(change, link),
        )
    message = EmailMessage(policy=SMTP)
    message["Subject"] = subject_line(subject)
    message["From"] = channel.option("from")
    message["To"] = channel.option("to")
    message["Date"] = format_datetime(now.astimezone(UTC))
    message["Message-ID"] = _message_id(changes, channel)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
    message.set_content(text + "\n")
    message.add_alternative(_page(subject_line(subject), html), subtype="html")
    return message


class EmailNotifier:
    """Sends changes to the channel's `to` addresses through its SMTP server."""

    def __init__(
        self,
        channel: Channel,
        context: MessageContext,
        *,
        tls_context: ssl.SSLContext | None = None,
        local_hostname: str | None = None,
    ) -> None:
        self.channel = channel
        self.context = context
        self.tls_context = tls_context
        self.local_hostname = local_hostname
        self.security = channel.option("security", "starttls")
        self.host = channel.option("host")
        self.port = int(channel.option("port") or DEFAULT_PORTS.get(self.security, 587))
        self.timeout = float(channel.option("timeout") or DEFAULT_TIMEOUT_S)

    async def send(self, changes: Sequence[Change], *, digest: bool = False) -> None:
        """One message for a digest, else one per change, over one connection. (The outbox
        sends one change a call when not in a digest, so a failure never leaves some sent.)"""
        if not changes:
            return
        for option in ("host", "from", "to"):
            if not self.channel.option(option):
                raise DeliveryError(
                    f"email channel {self.channel.name!r} has no {option}", permanent=True
                )
        username = self.channel.option("username")
        password = self.context.secret(self.channel, "password") if username else ""
        now = datetime.now(UTC)
        groups = [list(changes)] if digest else [[change] for change in changes]
        messages = [
            build_message(g, channel=self.channel, context=self.context, digest=digest, now=now)
            for g in groups
        ]
        await asyncio.to_thread(self._deliver, messages, username, password)

    def _deliver(self, messages: list[EmailMessage], username: str, password: str) -> None:
        recipients = [address for _, address in getaddresses([self.channel.option("to")])]
        sender = getaddresses([self.channel.option("from")])[0][1]
        try:
            smtp = self._connect()
            try:
                if username:
                    smtp.login(username, password)
                for message in messages:
                    # Addresses refused while others took the message are not retried: a retry
                    # would send it twice to everyone who has it.
                    smtp.send_message(message, from_addr=sender, to_addrs=recipients)
            finally:
                _hang_up(smtp)
        except (smtplib.SMTPException, OSError) as error:
            raise self._failure(error, password) from None

    def _connect(self) -> smtplib.SMTP:
        if self.security == "tls":
            return smtplib.SMTP_SSL(
                self.host,
                self.port,
                timeout=self.timeout,
                context=self.tls_context or ssl.create_default_context(),
                local_hostname=self.local_hostname,
            )
        smtp = smtplib.SMTP(
            self.host, self.port, timeout=self.timeout, local_hostname=self.local_hostname
        )
        if self.security == "starttls":
            try:
                smtp.starttls(context=self.tls_context or ssl.create_default_context())
            except BaseException:
                smtp.close()
                raise
        return smtp

    def _failure(self, error: BaseException, password: str) -> DeliveryError:
        where = f"email channel {self.channel.name!r} ({self.host}:{self.port})"
        message, permanent = _describe(error)
        if isinstance(error, smtplib.SMTPNotSupportedError) and self.security == "none":
            message += " (does the server need security: starttls or tls?)"
        return DeliveryError(f"{where}: {_scrub(message, password)}", permanent=permanent)


def _hang_up(smtp: smtplib.SMTP) -> None:
    """QUIT, ignoring how it goes: what was sent was acknowledged before, and reporting a
    failure now would send it again."""
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def _describe(error: BaseException) -> tuple[str, bool]:
    """What went wrong, in words, and whether trying again later cannot help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in error.recipients.values()})
        every_code = ", ".join(map(str, codes))
        return f"the server refused every recipient ({every_code})", any(c >= 500 for c in codes)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"the server refused the login: {_reply(error)}", True
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return f"the server does not support {_extension(error)}", True
    if isinstance(error, smtplib.SMTPResponseException):
        return f"the server answered {_reply(error)}", error.smtp_code >= 500
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return "the server closed the connection", False
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"its TLS certificate was not accepted ({error.verify_message})", True
    if isinstance(error, ssl.SSLError):
        return f"TLS failed ({error.reason or type(error).__name__})", False
    if isinstance(error, TimeoutError):
        return "timed out", False
    if isinstance(error, OSError):
        return f"cannot connect ({error.strerror or type(error).__name__})", False
    return f"failed ({type(error).__name__})", False


def _reply(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error
    reply = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{error.smtp_code} {subject_line(reply)[:160]}".strip()


def _extension(error: smtplib.SMTPNotSupportedError) -> str:
    text = str(error)
    return next((name for name in ("STARTTLS", "AUTH") if name in text), "what was asked")


def _scrub(text: str, password: str) -> str:
    """The text without the password, plain or in the base64 of a PLAIN or LOGIN exchange."""
    if not password:
        return text
    for form in (password, base64.b64encode(password.encode()).decode("ascii")):
        text = text.replace(form, "***")
    return text


def _message_id(changes: Sequence[Change], channel: Channel) -> str:
    """Stable for these changes to this channel: the same message has the same id when re-sent."""
    keys = "\n".join(sorted(change.key for change in changes))
    digest = hashlib.sha256(f"{channel.name}\n{keys}".encode()).hexdigest()[:40]
    domain = getaddresses([channel.option("from")])[0][1].rpartition("@")[2]
    safe = "".join(c for c in domain if c.isascii() and (c.isalnum() or c in ".-")) or "localhost"
    return f"<{digest}.policy-watcher@{safe}>"


def _digest_subject(changes: Sequence[Change]) -> str:
    counts = {v: sum(1 for c in changes if c.verdict is v) for v in Verdict}
    parts = ", ".join(f"{count} {verdict.value}" for verdict, count in counts.items() if count)
    plural = "" if len(changes) == 1 else "s"
    return f"Policy Watcher digest: {len(changes)} change{plural} ({parts})"


def _change_text(change: Change, link: str) -> str:
    version = change.version
    captured = version.captured_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    compared = f" against version {change.previous}" if change.previous is not None else ""
    lines = [subject_line(change_title(change)), ""]
    for finding in shown_findings(change.analysis):
        lines.append(f"- {_flat(finding_line(finding))}")
        if finding.old_text.strip():
            lines.append(f"  Was: {_flat(finding.old_text)}")
        if finding.new_text.strip():
            lines.append(f"  Now: {_flat(finding.new_text)}")
    lines += [
        "",
        f"Version {version.number}{compared}, captured {captured}.",
        f"See the change: {link}",
        f"The page: {change.source.url}",
    ]
    return "\n".join(lines)


def _flat(text: str) -> str:
    """Vendor text on one line: control and format characters made spaces, runs of space one."""
    clean = "".join(" " if unicodedata.category(char) in _STRIPPED else char for char in text)
    return " ".join(clean.split())


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>\n<body>\n{body}\n</body></html>"
    )


register("email")(EmailNotifier)
