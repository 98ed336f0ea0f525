"""The words that set a clause's stance, as data: modality, negation, hedges, exceptions, consent.

Each entry is a regular-expression fragment matched on word boundaries against one lower-cased
clause. The lists name *kinds* of language (a hedge, an exception, an opt-out mechanism) as
vendors write them in general, not sentences from any one policy; a reader (`modality`,
`conditions`) or a rule decides what a match means in its context (negation scope, which side
of "unless" it sits on). What a clause is about lives in `topics`, and the words for how much it
covers and for how long in `scope_lexicon`: each list sits with the question it answers.
"""

from __future__ import annotations

import re

__all__ = [
    "CONSENT_REQUIRED",
    "DEFAULT_OFF",
    "DEFAULT_ON",
    "DELETION_VERBS",
    "EASY_CONTROL",
    "EXCEPTIONS",
    "HARD_CONTROL",
    "HEDGES",
    "NEGATION",
    "NOTICE",
    "OPT_IN",
    "OPT_OUT",
    "PERMISSION_MODALS",
    "PROTECTIVE_ACTIONS",
    "RISKY_ACTIONS",
    "TRANSPARENCY",
    "matched_phrases",
    "words",
]


def words(*alternatives: str) -> re.Pattern[str]:
    """One pattern matching any alternative as whole words, in lower-case text.

    Callers lower-case the text once and match many patterns against it: a case-sensitive
    pattern runs about twice as fast as the same pattern with `re.IGNORECASE`.
    """
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?![\w-])")


def matched_phrases(pattern: re.Pattern[str], text: str) -> frozenset[str]:
    """Every phrase of `pattern` in `text`, lower-cased: the hedges or qualifiers a clause uses,
    compared as sets between the old and the new clause."""
    return frozenset(m.group().lower() for m in pattern.finditer(text))


# Verbs by which a user leaves something they are in by default.
OPT_OUT_VERBS = (
    r"opts? out|turns? off|switch(?:es)? off|disables?|objects?|declines?|leaves?|withdraws?|"
    r"stops?|exits?|unsubscribes?|unenrol+s?|removes?|ask us not|tell us not"
)

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
    r"(?:barred|forbidden) from",
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
    r"or (?:we|[\w-]+) (?:determines?|decides?|believes?|deems?|considers?) (?:that|it)",
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
    r"(?:your|explicit|express|prior|written|[\w-]+'s) (?:\w+ )?(?:consent|permission)",
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
# The verbs of a promise to delete: a clause that loses them no longer deletes.
DELETION_VERBS = words(r"delet\w+", r"eras\w+", r"purg\w+", r"remov\w+", r"overwr\w+")
