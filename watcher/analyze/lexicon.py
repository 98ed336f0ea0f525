"""The words the analysis listens for, as data: topics, modality, hedges, exceptions, consent.

Each entry is a regular-expression fragment matched case-insensitively on word boundaries
against one clause. The lists name *kinds* of language (a hedge, an exception, an opt-out
mechanism) as vendors write them in general, not sentences from any one policy; a rule in
`commitments` or `rules` decides what a match means in its context (negation scope, which
side of "unless" it sits on).
"""

from __future__ import annotations

import re

from watcher.records import Topic

__all__ = [
    "CONSENT_REQUIRED",
    "DATA_NOUNS",
    "DEFAULT_OFF",
    "DEFAULT_ON",
    "EASY_CONTROL",
    "EXAMPLES",
    "EXCEPTIONS",
    "HARD_CONTROL",
    "HEDGES",
    "NARROW_QUANTIFIERS",
    "NEGATION",
    "NOTICE",
    "OPEN_ENDED",
    "OPT_IN",
    "OPT_OUT",
    "PERMISSION_MODALS",
    "PROTECTIVE_ACTIONS",
    "PROTECTIVE_WORDS",
    "RESTRICTIVE_QUALIFIERS",
    "RISKY_ACTIONS",
    "SPECIFIC_AI",
    "TOPIC_PATTERNS",
    "TRANSPARENCY",
    "VAGUE_PURPOSE",
    "VAGUE_SCOPE",
    "WIDE_QUANTIFIERS",
    "words",
]


def words(*alternatives: str) -> re.Pattern[str]:
    """One pattern matching any alternative as whole words, in lower-case text.

    Callers lower-case the text once and match many patterns against it: a case-sensitive
    pattern runs about twice as fast as the same pattern with `re.IGNORECASE`.
    """
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?![\w-])")


# Verbs by which a user leaves something they are in by default.
OPT_OUT_VERBS = (
    r"opts? out|turns? off|switch(?:es)? off|disables?|objects?|declines?|leaves?|withdraws?|"
    r"stops?|exits?|unsubscribes?|unenrol+s?|removes?|ask us not|tell us not"
)

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
        r"(?:keep|keeps|keeping|kept)(?! you\b)",
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

# A list or a transparency statement: where something is named and published.
TRANSPARENCY = words(
    r"(?:is|are) (?:published|listed|available|posted) (?:at|on|in)",
    r"can be found (?:at|on|in)",
    r"a (?:current |complete |full )?list of",
    r"(?:audit )?log(?:ged)? (?:that|which) (?:you|customer|your)",
)

# Modal verbs and phrases that grant a permission rather than state a practice or a duty.
PERMISSION_MODALS = words(
    r"may",
    r"might",
    r"can",
    r"could",
    r"should",
    r"reserves? the right to",
    r"(?:is|are) (?:permitted|allowed|free) to",
    r"at our discretion",
)

NEGATION = words(
    r"not",
    r"unable to",
    r"(?:stop|stops|stopped|cease|ceases|ceased)",
    r"(?:prohibited|barred|prevented|forbidden) from",
    r"\w+n't",
    r"cannot",
    r"never",
    r"no",
    r"none",
    r"neither",
    r"nor",
    r"nothing",
    r"no one",
    r"nobody",
)

# Words that turn an absolute statement into a usual practice.
HEDGES = words(
    r"generally",
    r"typically",
    r"usually",
    r"normally",
    r"ordinarily",
    r"in (?:most|many|general|principle|the ordinary course)(?: cases)?",
    r"most of the time",
    r"currently",
    r"at (?:this|the moment|present|the present time|this time)",
    r"for now",
    r"as of (?:now|today|the date)",
    r"where (?:possible|practicable|feasible)",
    r"(?:when|if|as far as) (?:possible|practicable|feasible)",
    r"(?:tries|try|trying|strive|strives|aim|aims|seek|seeks|endeavou?rs?) to",
    r"(?:commercially )?reasonable efforts",
    r"(?:take|takes|taking) (?:commercially )?(?:reasonable|appropriate) "
    r"(?:steps|measures|precautions)",
    r"best efforts",
    r"to the extent (?:possible|practicable|feasible)",
    r"largely",
    r"mostly",
    r"primarily",
    r"intend to",
    r"do not intend",
    r"not (?:currently|presently)",
)

# Openers of an exception or condition attached to a commitment.
EXCEPTIONS = words(
    r"except",
    r"excepting",
    r"unless",
    r"save (?:where|when|as)",
    r"other than",
    r"apart from",
    r"subject to",
    r"where (?:permitted|required|allowed|necessary|needed|appropriate|applicable)",
    r"(?<!long )as (?:permitted|required|allowed|necessary|needed)",
    r"when (?:permitted|required|allowed|necessary|needed|appropriate)",
    r"if (?:required|necessary|needed|permitted|we believe)",
    r"without (?:your |prior |explicit |express )*(?:consent|permission|notice|asking)",
    r"in (?:certain|some|limited|exceptional) (?:cases|circumstances)",
    r"(?:permitted|required|allowed) by (?:applicable )?law",
    r"for legal reasons",
    r"(?:requires?|required) it",
    r"when needed",
    r"to the extent",
)

# Conditions that make a practice wait for the user's yes.
CONSENT_REQUIRED = words(
    r"only (?:if|when|with|after) (?:you|your|an?|the|we)",
    r"with (?:your|their|the user's|the customer's) (?:\w+ )?(?:consent|permission|agreement)",
    r"(?:your|explicit|express|prior|written) (?:\w+ )?(?:consent|permission)",
    r"(?:only (?:if|when|after|once)|unless|until) "
    r"(?:you|your (?:\w+ )?(?:admin\w*|owner|organi[sz]ation)) "
    r"(?!(?:\w+ to )?(?:" + OPT_OUT_VERBS + r"))\w+",
    r"if you (?:opt in|agree|allow|give|choose|turn on|enable|consent|tell|enrol|join)",
    r"ask(?:s|ed|ing)? (?:you|for your|first)",
    r"will ask",
    r"(?:only )?(?:as|when) (?:instructed|directed|authori[sz]ed) by (?:you|your)",
    r"(?:on|following|in accordance with) your (?:\w+ )?(?:instructions?|directions?)",
    r"at your (?:\w+ )?(?:request|direction|instruction)",
    r"opts? in",
    r"opt-in",
)

# Who makes a choice: "you", "an owner", "a Workspace Owner", "your organisation's admin".
_CHOOSER = r"(?:you|(?:an?|the|your) (?:[\w'-]+ ){0,2}?[\w'-]+)"

OPT_IN = words(
    r"opts? in",
    r"opt(?:ed|ing) in",
    r"opt-in",
    r"(?:if|when|once|after|unless|until) " + _CHOOSER + r" (?:turns?|switch(?:es)?) "
    r"(?:(?:it|them|this|that) )?on",
    r"(?:if|when|once|after|unless|until) " + _CHOOSER + r" (?:enables?|allows?|agrees?)",
    r"only after you (?:click|accept|agree|allow|choose|select|tick|confirm)",
    r"(?:is|are|stays?|remains?) (?:off|disabled|turned off)[\w ]{0,40}? "
    r"(?:by default|unless|until)",
    r"(?:disabled|off) by default",
    r"excluded[\w ]{0,30}unless",
)

OPT_OUT = words(
    r"opts? out",
    r"opt(?:ed|ing) out",
    r"opt-out",
    r"unless " + _CHOOSER + r" (?:\w+ to )?(?:" + OPT_OUT_VERBS + r")",
    r"(?:you|an? \w+|the \w+|\w+ (?:owners|admins|administrators)) can (?:\w+ )?"
    r"(?:turn off|disable|reject|decline|object|stop|withdraw|opt out|unsubscribe|exclude)",
    r"(?:is|are) (?:on|enabled|turned on) (?:by default|unless)",
    r"(?:on|enabled) by default",
    r"(?:you|they) may disable",
    r"when you (?:first )?visit",
    r"included[\w ]{0,30}unless",
)

DEFAULT_ON = words(
    r"(?:on|enabled|active|turned on|opted in) by default",
    r"by default,? (?:on|enabled)",
    r"(?:included|enrolled|opted in|used|shared|collected|analy[sz]ed)[\w ]{0,40}? by default",
)
DEFAULT_OFF = words(
    r"(?:off|disabled|inactive|turned off) by default", r"by default,? (?:off|disabled)"
)

# A promise to tell the user first, so that they can object or leave.
NOTICE = words(
    r"(?:give|giving|provide|providing) (?:you |customers |users )?(?:\d+ days'? )?"
    r"(?:prior |advance )?notice",
    r"notify (?:you|customers|users) (?:in advance |before)",
    r"right to object",
    r"(?:prior|advance) notice",
)

# How hard it is to use a control: a switch in settings vs writing to support as the owner.
EASY_CONTROL = words(
    r"one click",
    r"settings?",
    r"switch",
    r"toggle",
    r"at any time",
    r"self-?serve",
    r"dashboard",
    r"preferences",
    r"checkbox",
    r"in the (?:app|banner|cookie banner)",
)
HARD_CONTROL = words(
    r"e-?mail\w*",
    r"contact(?:ing)? (?:our )?(?:support|us|privacy)",
    r"write to",
    r"submit a (?:request|ticket|form)",
    r"(?:primary |account |workspace )?owners?(?:'s)? (?:must|address)",
    r"subject line",
    r"account manager",
    r"(?:an |the )?amendment",
    r"contact your",
    r"(?:sign|execute|negotiate) an?",
    r"written (?:notice|request)",
    r"must (?:email|contact|write|request)",
    r"by post",
)

# Actions whose happening exposes the user, and actions whose happening protects them.
RISKY_ACTIONS = words(
    r"us(?:e|es|ed|ing)",
    r"train\w*",
    r"fine-?tun\w+",
    r"tun(?:e|es|ed|ing)",
    r"develop\w*",
    r"improv\w+",
    r"build\w*",
    r"analy[sz]\w+",
    r"process(?:es|ed|ing)?",
    r"shar(?:e|es|ed|ing)",
    r"sell\w*",
    r"sold",
    r"rent\w*",
    r"disclos\w+",
    r"transfer\w*",
    r"licen[cs]\w*",
    r"retain\w*",
    r"keep\w*",
    r"kept",
    r"stor(?:e|es|ed|ing)",
    r"access\w*",
    r"view\w*",
    r"listen\w*",
    r"read\w*",
    r"review\w*",
    r"open\w*",
    r"see|sees|seen",
    r"collect\w*",
    r"includ(?:e|es|ed)",
    r"contribut\w+",
    r"generat\w+",
    r"learn\w*",
    r"memori[sz]\w+",
    r"reproduc\w+",
    r"sets?",
    r"plac(?:e|es|ed|ing)",
    r"leak(?:s|ed|ing)?",
    r"engag\w+",
    r"claim\w*",
    r"receiv\w+",
)
PROTECTIVE_ACTIONS = words(
    r"delet(?:e|es|ed|ing)",
    r"eras(?:e|es|ed|ing)",
    r"purg(?:e|es|ed|ing)",
    r"remov(?:e|es|ed|ing)",
    r"overwr(?:ite|ites|itten|iting)",
    r"exclud(?:e|es|ed|ing)",
    r"separately",
    r"kept separate",
    r"(?:restrict|limit)(?:s|ed)? to",
    r"prohibit(?:s|ed)?",
    r"forbid(?:s|den)?",
    r"(?:left|kept|leaves?|keeps?) out of",
    r"prevent(?:s|ed)?",
    r"protect(?:s|ed)?",
    r"encrypt(?:s|ed)?",
    r"logged",
    r"recorded in an? (?:audit )?log",
    r"notif(?:y|ies|ied)",
    r"ask(?:s|ed)? (?:you|for (?:your )?(?:consent|permission))",
    r"stays? (?:within|in)",
    r"disabled",
)

# Words whose presence narrows a practice; removing one widens it.
PROTECTIVE_WORDS = words(
    r"only(?! (?:if|when|where|with|after|once|as)\b)",
    r"solely",
    r"exclusively",
    r"explicit(?:ly)?",
    r"express(?:ly)?",
    r"written",
    r"prior",
    r"never",
    r"at your request",
    r"temporar\w+",
)
RESTRICTIVE_QUALIFIERS = words(
    r"de-?identified",
    r"aggregated?",
    r"anonymi[sz]ed",
    r"pseudonymi[sz]ed",
    r"a (?:small )?(?:portion|subset|sample|fraction) of",
    r"summary",
    r"statistic\w*",
    r"metadata",
)
WIDE_QUANTIFIERS = words(r"any", r"all", r"every", r"everything", r"entire")
NARROW_QUANTIFIERS = words(
    r"some",
    r"limited",
    r"certain",
    r"a (?:small )?(?:portion|subset|sample|fraction|part) of",
    r"a few",
    r"selected",
)

# Phrases that state a practice loosely; a precise rewrite of one is a clarification.
VAGUE_SCOPE = words(
    r"limited",
    r"restricted",
    r"a limited (?:time|period)",
    r"some",
    r"certain",
    r"takes? (?:steps|measures|precautions)",
    r"(?:strictly )?controlled",
    r"respects? (?:your )?privacy",
    r"designed to (?:protect|safeguard|secure)",
    r"(?:care|cares) about (?:your )?privacy",
    r"committed to (?:protecting )?(?:your )?privacy",
    r"privacy[- ]first",
    r"designed with privacy",
    r"appropriate (?:controls|safeguards|measures)",
    r"(?:have|has) (?:choices|options|control)",
    r"choices about",
    r"can control",
    r"a (?:short|reasonable|limited) (?:time|period)",
    r"promptly",
    r"soon",
    r"in a timely manner",
    r"appropriate",
    r"in a way that",
    r"as needed",
    r"reasonable",
)
# Purposes and descriptions too general to have allowed any one practice explicitly.
VAGUE_PURPOSE = words(
    r"improve (?:our|the) (?:services?|products?)",
    r"(?:help|helps) (?:you|run|us)",
    r"can control",
    r"belongs? to you",
    r"powered by",
    r"generated by",
    r"use (?:ai|third-party)",
    r"service providers",
    r"(?:more )?helpful",
)

# Nouns for the data a commitment covers; a quantifier in front of one sets its scope.
DATA_NOUNS = words(
    r"(?:\w+ ){0,3}?(?:data|content|information|messages?|files?|documents?|recordings?|notes?|"
    r"prompts?|outputs?|code|records?|photos?|transcripts?|chats?|emails?|conversations?|"
    r"uploads?|inputs?|submissions?|responses?|clips?|audio|video|images?|text|metadata|"
    r"materials?|works?)",
)
# Phrases that introduce examples of something already named, not new members of a list.
EXAMPLES = re.compile(
    r"\b(?:such as|including(?: but not limited to)?|e\.g\.,?|for example,?|for instance,?|"
    r"namely|like)\b.*?(?=,\s+(?:and\s+)?(?:to|for|in order to|which|that|so)\b|[;.)]|$)",
    re.IGNORECASE,
)

# Model kinds more specific than "AI/ML models": a ban on one of them under a general
# permission bounds that permission (a clarification), it does not reverse it.
SPECIFIC_AI = words(
    r"generative",
    r"large language",
    r"language models?",
    r"llms?",
    r"third-party (?:ai |llms?|models?)",
    r"(?:for|of) other customers",
    r"foundation",
)

OPEN_ENDED = words(
    r"as long as (?:\w+ )?(?:necessary|needed|required|we need|appropriate|useful)",
    r"(?:in accordance with|according to|under) (?:our|its|the) (?:standard )?retention "
    r"(?:schedule|policy|policies)",
    r"indefinitely",
    r"until (?:we|it is) no longer",
    r"for an? (?:unspecified|extended) period",
)
