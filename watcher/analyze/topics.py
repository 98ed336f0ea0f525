"""The topic lexicon, as data: which words make a clause about AI training, sharing, retention…

A clause's topics decide which rules look at it and what a finding is filed under, so the lists
lean towards recall: "model", "partners", "delete" are enough. They are kept apart from the
stance lexicon (`lexicon`) because they answer a different question: *what* a clause is about,
not *how* it commits.
"""

from __future__ import annotations

import re

from watcher.analyze.lexicon import words
from watcher.records import Topic

__all__ = ["TOPIC_PATTERNS"]

# Nouns for one customer's space, singular and plural: "another workspace", "other tenants".
_TENANT = (
    r"(?:customer|account|merchant|user|tenant|organi[sz]ation|workspace|client|business|"
    r"company|team)"
)
_TENANTS = r"(?:customers|accounts|merchants|users|tenants|organi[sz]ations|workspaces|clients|"
_TENANTS += r"businesses|companies|teams)"

TOPIC_PATTERNS: dict[Topic, re.Pattern[str]] = {
    Topic.AI_TRAINING: words(
        r"train\w*",
        r"re-?train\w*",
        r"fine-?tun\w*",
        r"machine[- ]learning",
        r"ml",
        r"ai(?:/ml)?",
        r"a\.i\.",
        r"artificial intelligence",
        r"(?:\w+[- ])?models?",
        r"llms?",
        r"generative",
        r"algorithms?",
        r"neural",
        r"copilot",
        r"assistants?",
        r"(?:speech|voice|face|image) recognition",
        r"benchmark\w*",
        r"suggestions?",
    ),
    Topic.CONSENT_OPTOUT: words(
        r"opt(?:s|ed|ing)?[- ]?(?:in|out)",
        r"opt-?(?:in|out)s?",
        r"consent\w*",
        r"permission",
        r"by default",
        r"default",
        r"enabl\w+",
        r"disabl\w+",
        r"turn(?:s|ed|ing)? (?:[\w'-]+ ){0,3}?(?:on|off)",
        r"switch(?:es)?",
        r"toggle\w*",
        r"(?:privacy|account|admin|workspace|organi[sz]ation|data|cookie|consent|sharing|ai) "
        r"settings?",
        r"(?:in|under|via|from|using|through) (?:the |your )?(?:\w+ )?settings?",
        r"controls? (?:over )?(?:how|whether|what)",
        r"choose|choice",
        r"agree(?:s|d|ing)?",
        r"ask(?:s|ed|ing)? (?:you|for your|first)",
        r"ask you",
        r"accept",
        r"reject",
        r"allow(?:s|ed)? us",
        r"(?:unless|only if|only when|only after|until) you (?:\w+ )?(?:allow|agree|give|let|tell|"
        r"consent|opt|choose|enable|turn|ask|grant|enrol|join)\w*",
        r"(?:leave|withdraw|unsubscribe)\w*",
    ),
    Topic.THIRD_PARTY_SHARING: words(
        r"shar(?:e|es|ed|ing)",
        r"sell\w*",
        r"sold",
        r"sale",
        r"rent\w*",
        r"disclos\w+",
        r"third[- ]part(?:y|ies)",
        r"partners?",
        r"affiliates?",
        r"advertis\w+",
        r"sub-?processors?",
        r"(?:service|model|cloud|ai) providers?",
        r"providers",
        r"vendors?",
        r"brokers?",
        r"researchers?",
        r"insurers?",
        r"authorit(?:y|ies)",
        r"law enforcement",
        r"transfer\w*",
    ),
    Topic.RETENTION_DELETION: words(
        r"retain\w*",
        r"retention",
        r"(?:keep|keeps|keeping|kept)(?! you\b| (?:the |our |your )?(?:[\w-]+ )?(?:secure|safe|"
        r"running|up to date|in touch|informed))",
        r"delet\w+",
        r"eras\w+",
        r"purg\w+",
        r"removed? (?:from|within|after|\d+|\w+ \(\d+\))",
        r"remov(?:e|es|ed|al of) (?:[\w-]+ ){0,4}(?:from|within|after)",
        r"de-?identif\w+",
        r"anonymi[sz]\w+",
        r"archiv\w+",
        r"overwritten",
        r"as long as",
        r"stor(?:e|es|ed) [\w ]{0,40}?(?:after|until|beyond|longer|for (?:up to|at least|as long|"
        r"an?|\d+|one|two|three|six|seven|twelve|thirty|ninety))",
        r"close (?:your|an|the) account",
        r"recently deleted",
        r"(?:is|are) (?:never|not) (?:\w+ )?(?:stored|retained|kept|logged|saved)",
    ),
    Topic.HUMAN_ACCESS: words(
        r"employees?",
        r"staff",
        r"personnel",
        r"engineers?",
        r"reviewers?",
        r"humans?",
        r"contractors?",
        r"support (?:team|staff|agents?|engineers?)",
        r"security team",
        r"members of our",
        r"(?:view|listen to|read|open|look at|review)(?:s|ed|ing)?",
        r"access(?:es|ed|ing)? (?:to )?(?:the content|your|customer|content)",
        r"(?:can|cannot|can't|may) access",
        r"(?:made )?accessible to",
    ),
    Topic.CROSS_TENANT: words(
        r"other customers?'?",
        r"other " + _TENANTS,
        r"another customer'?s?",
        r"any one customer'?s",
        r"across (?:accounts|customers|tenants|workspaces|organi[sz]ations)",
        r"between customers",
        r"(?:all|many|every) (?:\w+ )?" + _TENANTS,
        r"(?:each|every|that|one) " + _TENANT + r"(?:'s)?",
        r"another " + _TENANT + r"'?s?",
        r"per-?(?:customer|account|tenant)",
        r"global(?:ly)?(?: trained)? models?",
        r"(?:shared|pooled) models?",
        r"everyone",
        r"your own (?:workspace|account|organi[sz]ation)",
        r"separate from other",
        r"only (?:to|for|within|by) your (?:own )?(?:organi[sz]ation|workspace|account|company|"
        r"tenant|team)",
        r"only your (?:own )?(?:organi[sz]ation|workspace|account|company|tenant|team)",
    ),
}
