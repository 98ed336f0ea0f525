"""Deterministic policy-like HTML pages for the benchmark: page i at generation g, ~20 KB each.

A page is a list of blocks (headings, paragraphs, lists) built from a seeded `random.Random`, so
every process renders the same bytes for the same (i, g). Each later generation applies a few
edits to the one before (a clause reworded, a paragraph added, removed or moved), which gives the
diff stage the same kind of work a real vendor rewrite does, while the page chrome (head, nav,
cookie banner, footer) stays put as it does on a real site.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["Block", "Page", "build_page", "render_page"]

_VENDOR_STEMS = ("Acme", "Northwind", "Bluebird", "Kestrel", "Lumen", "Orchard", "Quill", "Tandem")
_VENDOR_ENDINGS = ("", " Labs", " Cloud", " Systems", " Software", " Works", "ly", " AI")
_SUBJECTS = (
    "We",
    "Our service providers",
    "Our affiliates",
    "Authorized personnel",
    "Workspace owners",
    "Our support team",
    "Our automated systems",
    "Trusted partners acting on our behalf",
)
_MODALS = ("may", "will", "do not", "might", "can", "will only", "may occasionally")
_VERBS = (
    "collect",
    "process",
    "retain",
    "share",
    "analyse",
    "use",
    "store",
    "disclose",
    "review",
    "aggregate",
    "de-identify",
    "transfer",
)
_OBJECTS = (
    "account information",
    "usage data",
    "content you submit to the service",
    "device identifiers",
    "billing details",
    "messages, files and attachments",
    "diagnostic logs",
    "cookie identifiers",
    "aggregated usage statistics",
    "support correspondence",
    "workspace metadata",
    "information about your contacts",
)
_PURPOSES = (
    "to provide and maintain the service",
    "to improve our products and features",
    "to detect fraud, spam and abuse",
    "to comply with our legal obligations",
    "to develop and train machine learning models",
    "to personalise your experience",
    "to communicate with you about your account",
    "to measure the performance of our marketing",
    "to secure our infrastructure",
    "to answer your support requests",
    "to generate suggestions inside the product",
    "to enforce our terms of service",
)
_CONDITIONS = (
    "unless you opt out in your workspace settings",
    "where permitted by applicable law",
    "for as long as your account remains active",
    "only with your explicit consent",
    "subject to appropriate contractual safeguards",
    "for no longer than ninety days",
    "in a form that no longer identifies you",
    "after removing direct identifiers",
    "as described in our data processing addendum",
    "when a workspace owner has enabled the feature",
)
_RIGHTS = (
    "request a copy of your personal data",
    "ask us to correct inaccurate information",
    "ask us to delete your personal information",
    "withdraw your consent at any time",
    "object to processing based on our legitimate interests",
    "opt out of the use of your content for model training",
    "restrict how we process your data",
)
_METHODS = (
    "visiting your account settings",
    "submitting a request through our privacy portal",
    "emailing our data protection officer",
    "asking your workspace owner to contact support",
    "using the controls in the admin console",
)
_HEADINGS = (
    "Information We Collect",
    "How We Use Information",
    "Sharing and Disclosure",
    "Data Retention",
    "Your Rights and Choices",
    "International Transfers",
    "Security",
    "Children's Privacy",
    "Artificial Intelligence and Machine Learning",
    "Cookies and Similar Technologies",
    "Customer Data",
    "Subprocessors",
    "Legal Bases for Processing",
    "Additional Information for California Residents",
    "Additional Information for the European Economic Area",
    "Changes to This Policy",
    "Contact Us",
)
_SUBHEADINGS = (
    "Information you provide",
    "Information we receive automatically",
    "Information from third parties",
    "Service providers",
    "Legal requests",
    "Business transfers",
    "Opting out",
    "Model training",
    "Retention periods",
    "Access by our staff",
)
_NAV = ("Product", "Pricing", "Customers", "Security", "Trust Center", "Blog", "Careers", "Support")
_FIRST_DATE = date(2024, 1, 15)
_STYLE = "".join(
    f".{name}{{margin:0 auto;padding:{pad}px;color:#{color};font-size:{size}px}}"
    for name, pad, color, size in (
        ("site-nav", 12, "1d1c1d", 15),
        ("site-header", 24, "1d1c1d", 18),
        ("cookie-banner", 16, "ffffff", 14),
        ("policy", 32, "333333", 16),
        ("policy h2", 8, "111111", 24),
        ("policy h3", 6, "222222", 19),
        ("policy li", 4, "333333", 16),
        ("site-footer", 24, "616061", 13),
        ("btn-primary", 10, "ffffff", 15),
        ("btn-secondary", 10, "4a154b", 15),
    )
)
_SCRIPT = (
    "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
    "gtag('js',new Date());gtag('config','G-BENCH0000');"
    "document.addEventListener('DOMContentLoaded',function(){var b=document.getElementById("
    "'cookie-banner');if(!b){return;}b.querySelector('.btn-primary').addEventListener('click',"
    "function(){document.cookie='consent=1;path=/;max-age=31536000';b.remove();});});"
)


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of the policy body: a heading ("h2"/"h3"), a paragraph ("p") or a list ("ul")."""

    kind: str
    parts: tuple[str, ...]
    """The heading text, the paragraph's sentences, or the list's items."""


@dataclass(frozen=True, slots=True)
class Page:
    index: int
    generation: int
    vendor: str
    blocks: tuple[Block, ...]


def build_page(index: int, generation: int = 1) -> Page:
    """Page `index` as it reads at `generation` (1 is the first); the same on every run."""
    if index < 0 or generation < 1:
        raise ValueError(f"no page {index} at generation {generation}")
    rng = random.Random(f"policy-page:{index}:1")
    vendor = rng.choice(_VENDOR_STEMS) + rng.choice(_VENDOR_ENDINGS)
    blocks = _initial_blocks(rng)
    for later in range(2, generation + 1):
        blocks = _edit(blocks, random.Random(f"policy-page:{index}:{later}"))
    return Page(index=index, generation=generation, vendor=vendor, blocks=tuple(blocks))


def _sentence(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.2:
        return f"You can {rng.choice(_RIGHTS)} by {rng.choice(_METHODS)}."
    text = (
        f"{rng.choice(_SUBJECTS)} {rng.choice(_MODALS)} {rng.choice(_VERBS)} "
        f"{rng.choice(_OBJECTS)} {rng.choice(_PURPOSES)}"
    )
    if roll < 0.75:
        text += f", {rng.choice(_CONDITIONS)}"
    return text + "."


def _paragraph(rng: random.Random) -> Block:
    return Block("p", tuple(_sentence(rng) for _ in range(rng.randint(2, 5))))


def _list(rng: random.Random) -> Block:
    return Block("ul", tuple(_sentence(rng) for _ in range(rng.randint(3, 5))))


def _initial_blocks(rng: random.Random) -> list[Block]:
    target = rng.randint(40, 60)
    headings = rng.sample(_HEADINGS, len(_HEADINGS))
    blocks: list[Block] = []
    while len(blocks) < target:
        section = len([block for block in blocks if block.kind == "h2"]) + 1
        blocks.append(Block("h2", (f"{section}. {headings[(section - 1) % len(headings)]}",)))
        for sub in range(1, rng.randint(3, 6)):
            roll = rng.random()
            if roll < 0.12:
                blocks.append(Block("h3", (f"{section}.{sub} {rng.choice(_SUBHEADINGS)}",)))
            blocks.append(_list(rng) if roll > 0.7 else _paragraph(rng))
    return blocks[:target]


def _edit(blocks: list[Block], rng: random.Random) -> list[Block]:
    """Apply one generation's 3-5 edits: reword a clause, add, remove or move a paragraph."""
    blocks = list(blocks)
    for _ in range(rng.randint(3, 5)):
        bodies = [n for n, block in enumerate(blocks) if block.kind in ("p", "ul")]
        if len(blocks) > 60:
            action = "remove"
        elif len(blocks) < 40:
            action = "add"
        else:
            action = rng.choice(("reword", "reword", "add", "remove", "move"))
        at = rng.choice(bodies)
        if action == "reword":
            parts = list(blocks[at].parts)
            parts[rng.randrange(len(parts))] = _sentence(rng)
            blocks[at] = Block(blocks[at].kind, tuple(parts))
        elif action == "add":
            blocks.insert(at, _paragraph(rng))
        elif action == "remove":
            del blocks[at]
        else:
            moved = blocks.pop(at)
            blocks.insert(rng.choice(bodies[:-1]), moved)
    return blocks


def _slug(text: str) -> str:
    return text.lower().replace(" ", "-")


def _render_block(block: Block) -> str:
    if block.kind == "p":
        return "<p>" + " ".join(html.escape(part, quote=False) for part in block.parts) + "</p>"
    if block.kind == "ul":
        items = "".join(f"\n  <li>{html.escape(part, quote=False)}</li>" for part in block.parts)
        return f"<ul>{items}\n</ul>"
    return f"<{block.kind}>{html.escape(block.parts[0], quote=False)}</{block.kind}>"


def render_page(page: Page) -> str:
    """The whole HTML document, chrome included, as a vendor's site would serve it."""
    vendor = html.escape(page.vendor)
    updated = _FIRST_DATE + timedelta(days=30 * (page.generation - 1))
    nav = "".join(f'<li><a href="/{_slug(item)}">{item}</a></li>' for item in _NAV)
    body = "\n".join(_render_block(block) for block in page.blocks)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Privacy Policy | {vendor}</title>
<meta name="description" content="How {vendor} collects, uses and protects your information.">
<link rel="canonical" href="https://www.example.com/legal/privacy/{page.index}">
<style>{_STYLE}</style>
<script>{_SCRIPT}</script>
</head>
<body>
<nav class="site-nav"><a class="logo" href="/">{vendor}</a><ul>{nav}</ul></nav>
<div id="cookie-banner" class="cookie-banner" role="dialog">
<p>We use cookies to improve your experience. See our Cookie Policy for details.</p>
<button class="btn-primary">Accept all</button><button class="btn-secondary">Settings</button>
</div>
<header class="site-header">
<h1>{vendor} Privacy Policy</h1>
<p class="updated">Last updated: {updated:%B %-d, %Y}</p>
</header>
<main class="policy">
<article>
{body}
</article>
</main>
<footer class="site-footer">
<p>&copy; {updated.year} {vendor}, Inc. All rights reserved.</p>
<ul><li><a href="/legal/terms">Terms of Service</a></li>
<li><a href="/legal/privacy">Privacy</a></li><li><a href="/legal/cookies">Cookie Policy</a></li>
<li><a href="/status">Status</a></li></ul>
</footer>
</body>
</html>
"""
