"""Phenomenon tables for the clause analyser: one readable table per linguistic rule.

Each row is an old and a new passage, the verdict the labelling rules in
`../shared/eval/README.md` give the change, and (where the rules make them clear) topics that the
analysis must at least include. The sentences are written in the style of real vendors' privacy
and AI terms (defined terms, parentheticals, lists, "subject to applicable law") and deliberately
differ from the dev set's, so a failure here means a rule does not generalise, not that a dev
sentence was forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from watcher.analyze import Analysis, analyze_texts
from watcher.records import Topic, Verdict

W, S, C, N, K = "weakened", "strengthened", "clarified", "neutral", "cosmetic"
AI, CONSENT, SHARING = "ai_training", "consent_optout", "third_party_sharing"
RETENTION, HUMAN, TENANT, OTHER = "retention_deletion", "human_access", "cross_tenant", "other"


@dataclass(frozen=True, slots=True)
class Row:
    """One labelled change: what the user could rely on before and after."""

    id: str
    old: str
    new: str
    verdict: str
    topics: frozenset[str]


def row(row_id: str, old: str, new: str, verdict: str, *topics: str) -> Row:
    return Row(row_id, old, new, verdict, frozenset(topics))


def _row_id(value: Row) -> str:
    return value.id


def _describe(analysis: Analysis) -> str:
    """The findings, so a failing row shows which rule fired and why."""
    lines = [f"overall {analysis.verdict.value}"]
    lines += [
        f"  {f.verdict.value} {sorted(t.value for t in f.topics)}: {f.explanation}"
        for f in analysis.findings
    ]
    return "\n".join(lines)


def check(case: Row) -> None:
    analysis = analyze_texts(case.old, case.new)
    assert analysis.verdict == Verdict(case.verdict), _describe(analysis)
    assert case.topics <= {t.value for t in analysis.topics}, _describe(analysis)


NEGATION_SCOPE = (
    row(
        "item-leaves-negated-list",
        "Vireo does not sell, rent, share or use Customer Content to train artificial "
        "intelligence models, whether its own or those of its service providers.",
        "Vireo does not sell, rent or share Customer Content, and may use it to train artificial "
        "intelligence models, whether its own or those of its service providers.",
        W,
        AI,
    ),
    row(
        "item-enters-negated-list",
        "We do not sell Usage Data, but we may disclose it to our advertising partners for "
        "measurement purposes.",
        "We do not sell Usage Data or disclose it to our advertising partners for measurement "
        "purposes.",
        S,
        SHARING,
    ),
    row(
        "neither-nor-split",
        "Our support personnel neither view nor download the attachments in your Tickets.",
        "Our support personnel do not download the attachments in your Tickets, but may view "
        "them when resolving a support request.",
        W,
        HUMAN,
    ),
    row(
        "neither-nor-joined",
        "We do not sell your Recordings. We may use your Recordings to improve our "
        "transcription models.",
        "We neither sell your Recordings nor use them to improve our transcription models.",
        S,
        AI,
    ),
    row(
        "not-or-purpose-dropped",
        "Customer Data will not be used for advertising, profiling or the training of machine "
        "learning models.",
        "Customer Data will not be used for advertising or profiling.",
        W,
        AI,
    ),
    row(
        "not-or-purpose-added-on-silent-base",
        "Customer Data will not be used for advertising.",
        "Customer Data will not be used for advertising or for the training of machine learning "
        "models.",
        C,
        AI,
    ),
    row(
        "negated-list-reordered",
        "We will not sell, license or rent your Personal Information to any third party.",
        "We will not rent, license or sell your Personal Information to any third party.",
        K,
        SHARING,
    ),
    row(
        "one-negation-split-in-two",
        "We do not sell or rent your Content to data brokers.",
        "We do not sell your Content to data brokers, and we do not rent it to them.",
        N,
        SHARING,
    ),
)


MODALITY = (
    row(
        "will-not-to-may",
        "Zephyr will not use Workspace Content, including documents, comments and attachments, "
        "to train or fine-tune the foundation models that power Zephyr AI.",
        "Zephyr may use Workspace Content, including documents, comments and attachments, to "
        "train or fine-tune the foundation models that power Zephyr AI.",
        W,
        AI,
    ),
    row(
        "shall-not-to-may",
        "Provider shall not disclose Customer Personal Data to any Sub-processor that has not "
        "been approved by Customer in writing.",
        "Provider may disclose Customer Personal Data to Sub-processors that have not been "
        "approved by Customer in writing.",
        W,
        SHARING,
    ),
    row(
        "must-to-should",
        "Reviewers must access recordings only from managed devices located in our secure "
        "review facilities.",
        "Reviewers should access recordings only from managed devices located in our secure "
        "review facilities.",
        W,
        HUMAN,
    ),
    row(
        "cannot-to-can",
        "Because Messages are end-to-end encrypted, our employees cannot read them.",
        "Messages are encrypted in transit, and our employees can read them when investigating "
        "a report of abuse.",
        W,
        HUMAN,
    ),
    row(
        "will-delete-to-may-delete",
        "We will delete your voice recordings within twenty-four (24) hours of transcription.",
        "We may delete your voice recordings within twenty-four (24) hours of transcription.",
        W,
        RETENTION,
    ),
    row(
        "does-not-to-reserves-the-right",
        "We do not retain Prompts after the session ends.",
        "We reserve the right to retain Prompts after the session ends for safety and quality "
        "purposes.",
        W,
        RETENTION,
    ),
    row(
        "may-to-will-not",
        "Zephyr may share aggregated usage statistics with its Affiliates for marketing purposes.",
        "Zephyr will not share usage statistics with its Affiliates for marketing purposes.",
        S,
        SHARING,
    ),
    row(
        "should-to-must",
        "Contractors with access to Customer Content should complete privacy training and "
        "should sign confidentiality agreements.",
        "Contractors with access to Customer Content must complete privacy training and must "
        "sign confidentiality agreements.",
        S,
        HUMAN,
    ),
    row(
        "can-to-cannot",
        "Support agents can view the contents of your Vault to help resolve account issues.",
        "Support agents cannot view the contents of your Vault, even when helping to resolve "
        "account issues.",
        S,
        HUMAN,
    ),
    row(
        "shall-not-to-will-not",
        "Provider shall not disclose Customer Data to advertisers.",
        "Provider will not disclose Customer Data to advertisers.",
        N,
        SHARING,
    ),
)


HEDGES = (
    row(
        "generally",
        "Zephyr Voice does not use the audio or transcripts of your calls to train its speech "
        "recognition models.",
        "Zephyr Voice generally does not use the audio or transcripts of your calls to train its "
        "speech recognition models.",
        W,
        AI,
    ),
    row(
        "typically",
        "Support engineers do not have access to the encryption keys that protect your Vault.",
        "Support engineers typically do not have access to the encryption keys that protect "
        "your Vault.",
        W,
        HUMAN,
    ),
    row(
        "in-most-cases",
        "Personal Data is deleted within thirty (30) days after you close your account.",
        "In most cases, Personal Data is deleted within thirty (30) days after you close your "
        "account.",
        W,
        RETENTION,
    ),
    row(
        "currently",
        "Provider does not sell Customer Data to third parties.",
        "Provider does not currently sell Customer Data to third parties.",
        W,
        SHARING,
    ),
    row(
        "at-this-time",
        "Files uploaded to Spaces are not used to improve our AI models.",
        "At this time, files uploaded to Spaces are not used to improve our AI models.",
        W,
        AI,
    ),
    row(
        "where-possible",
        "We honour Global Privacy Control signals as a valid request to opt out of the sale of "
        "your personal information.",
        "Where possible, we honour Global Privacy Control signals as a valid request to opt out "
        "of the sale of your personal information.",
        W,
        CONSENT,
    ),
    row(
        "commercially-reasonable-efforts",
        "We will remove your Content from our backups within ninety (90) days.",
        "We will use commercially reasonable efforts to remove your Content from our backups "
        "within ninety (90) days.",
        W,
        RETENTION,
    ),
    row(
        "we-strive-to",
        "Your prompts are excluded from every dataset used to train models shared across "
        "customers.",
        "We strive to exclude your prompts from the datasets used to train models shared across "
        "customers.",
        W,
        AI,
    ),
    row(
        "typically-removed",
        "We typically delete inactive accounts after twenty-four (24) months.",
        "We delete inactive accounts after twenty-four (24) months.",
        S,
        RETENTION,
    ),
    row(
        "where-possible-removed",
        "Where possible, we de-identify transcripts before they are reviewed by our quality team.",
        "We de-identify transcripts before they are reviewed by our quality team.",
        S,
        HUMAN,
    ),
)


QUANTIFIERS_AND_SCOPE = (
    row(
        "none-to-some",
        "None of the documents stored in your Drive are used to train our models.",
        "Some of the documents stored in your Drive may be used to train our models.",
        W,
        AI,
    ),
    row(
        "all-copies-dropped",
        "We delete all copies of your Content, including backups, when you close your account.",
        "We delete copies of your Content when you close your account.",
        W,
        RETENTION,
    ),
    row(
        "de-identified-aggregates-widened",
        "We may share de-identified, aggregated usage statistics with our research partners.",
        "We may share usage statistics, including device identifiers and approximate location, "
        "with our research partners.",
        W,
        SHARING,
    ),
    row(
        "plans-dropped-from-ban",
        "For Business, Enterprise and Education customers, Customer Content is excluded from "
        "model training.",
        "For Enterprise customers, Customer Content is excluded from model training.",
        W,
        AI,
    ),
    row(
        "regions-dropped-from-ban",
        "Users in the European Economic Area, the United Kingdom and Switzerland are not "
        "enrolled in the AI training programme.",
        "Users in the European Economic Area are not enrolled in the AI training programme.",
        W,
        AI,
    ),
    row(
        "data-types-widened",
        "We may use your ratings of AI responses to improve our models.",
        "We may use your ratings of AI responses, together with the conversations they relate "
        "to, to improve our models.",
        W,
        AI,
    ),
    row(
        "models-widened",
        "Customer Content is used to train the spam-detection classifier.",
        "Customer Content is used to train the spam-detection classifier and other machine "
        "learning models.",
        W,
        AI,
    ),
    row(
        "date-inside-ban-moved",
        "Conversations from before 1 October 2025 are excluded from our training datasets.",
        "Conversations from before 1 October 2024 are excluded from our training datasets.",
        W,
        AI,
    ),
    row(
        "any-narrowed-to-feedback",
        "We may use any information you provide to improve our AI features.",
        "We may use only the feedback you submit with the thumbs-up or thumbs-down buttons to "
        "improve our AI features.",
        S,
        AI,
    ),
    row(
        "protected-set-widened",
        "Messages in private channels are never used to train Zephyr's search-ranking models.",
        "Messages in private channels, public channels and direct conversations are never used "
        "to train Zephyr's search-ranking models.",
        S,
        AI,
    ),
    row(
        "recipients-narrowed",
        "We share Customer Data with our Affiliates and business partners.",
        "We share Customer Data only with our Affiliates.",
        S,
        SHARING,
    ),
)


EXCEPTIONS_AND_CONDITIONS = (
    row(
        "except-added",
        "We do not disclose the content of your messages to third parties.",
        "We do not disclose the content of your messages to third parties, except to our "
        "service providers and as otherwise described in this Policy.",
        W,
        SHARING,
    ),
    row(
        "unless-added",
        "Transcripts are never reviewed by humans.",
        "Transcripts are never reviewed by humans unless they are flagged by our automated "
        "safety systems.",
        W,
        HUMAN,
    ),
    row(
        "subject-to-applicable-law-added",
        "We will delete your Personal Data upon your request.",
        "Subject to applicable law, we will delete your Personal Data upon your request.",
        W,
        RETENTION,
    ),
    row(
        "save-where-added",
        "Provider will not access Customer Content.",
        "Provider will not access Customer Content, save where reasonably necessary to provide "
        "the Services.",
        W,
        HUMAN,
    ),
    row(
        "without-your-consent-added",
        "We will not share your health information with your employer.",
        "We will not share your health information with your employer without your consent.",
        W,
        SHARING,
    ),
    row(
        "other-than-added",
        "No one at the Company can view your journal entries.",
        "No one at the Company other than authorised safety reviewers can view your journal "
        "entries.",
        W,
        HUMAN,
    ),
    row(
        "when-necessary-added",
        "We do not retain audio clips after they have been transcribed.",
        "We do not retain audio clips after they have been transcribed, except when necessary "
        "to improve transcription accuracy.",
        W,
        RETENTION,
    ),
    row(
        "consent-condition-removed",
        "We use your voice recordings to improve Assistant only with your permission.",
        "We use your voice recordings to improve Assistant.",
        W,
        CONSENT,
    ),
    row(
        "and-to-or",
        "Human reviewers see a conversation only if it has been flagged by our classifiers and "
        "you have reported it.",
        "Human reviewers see a conversation only if it has been flagged by our classifiers or "
        "you have reported it.",
        W,
        HUMAN,
    ),
    row(
        "where-permitted-by-law-removed",
        "We do not share your precise location with advertisers, except where permitted by law.",
        "We do not share your precise location with advertisers.",
        S,
        SHARING,
    ),
    row(
        "or-to-and",
        "We may keep your data longer if a legal hold applies or we consider it necessary.",
        "We may keep your data longer only if a legal hold applies and we have told you about it.",
        S,
        RETENTION,
    ),
    row(
        "opt-in-condition-added-to-permission",
        "We share your listening history with our partners to personalise offers.",
        "We share your listening history with our partners to personalise offers only if you "
        "turn on 'Partner offers'.",
        S,
        SHARING,
        CONSENT,
    ),
)


CONSENT_AND_DEFAULTS = (
    row(
        "opt-in-to-opt-out",
        "Your documents are used to improve Scribe's writing models only if you choose to join "
        "the Improvement Programme.",
        "Your documents are used to improve Scribe's writing models unless you choose to leave "
        "the Improvement Programme.",
        W,
        AI,
        CONSENT,
    ),
    row(
        "opt-out-to-opt-in",
        "Workspace Content is shared with our AI research team unless an Owner turns off "
        "Research Sharing.",
        "Workspace Content is shared with our AI research team only if an Owner turns on "
        "Research Sharing.",
        S,
        CONSENT,
    ),
    row(
        "default-turns-on",
        "Activity-based personalisation is off until you enable it under Settings > Privacy.",
        "Activity-based personalisation is on unless you disable it under Settings > Privacy.",
        W,
        CONSENT,
    ),
    row(
        "default-turns-off",
        "Location History is enabled by default on new devices.",
        "Location History is disabled by default on new devices.",
        S,
        CONSENT,
    ),
    row(
        "explicit-to-implied-consent",
        "We will train on your images only after you give explicit consent in the app.",
        "By continuing to use the app, you consent to us training on your images.",
        W,
        AI,
        CONSENT,
    ),
    row(
        "opting-out-harder",
        "You can turn off model training for your account in Settings > Data controls.",
        "To turn off model training for your account, send a signed request by post to our "
        "Data Protection Officer.",
        W,
        AI,
        CONSENT,
    ),
    row(
        "opting-out-easier",
        "To stop your data being used for product research, contact your account manager.",
        "You can stop your data being used for product research with the 'Product research' "
        "toggle in Settings.",
        S,
        CONSENT,
    ),
    row(
        "opt-out-stops-covering-past-data",
        "Turning off 'Improve the model' also removes your earlier conversations from future "
        "training runs.",
        "Turning off 'Improve the model' applies only to conversations you have after the change.",
        W,
        AI,
        CONSENT,
    ),
    row(
        "choice-moves-to-admins",
        "Each user can decide whether their content is used to train AI features.",
        "Only workspace administrators can decide whether content is used to train AI features.",
        W,
        CONSENT,
    ),
    row(
        "cookie-default-flipped",
        "Non-essential cookies are placed only after you consent in the cookie banner.",
        "Non-essential cookies are placed when the page loads; you can withdraw consent in the "
        "cookie banner.",
        W,
        CONSENT,
    ),
)


RETENTION_AND_DELETION = (
    row(
        "retention-lengthened",
        "Chat logs are retained for thirty (30) days.",
        "Chat logs are retained for one hundred and eighty (180) days.",
        W,
        RETENTION,
    ),
    row(
        "retention-open-ended",
        "Backups are kept for thirty-five (35) days.",
        "Backups are kept for as long as necessary for business continuity purposes.",
        W,
        RETENTION,
    ),
    row(
        "retention-shortened",
        "Prompts are stored for up to two (2) years.",
        "Prompts are stored for up to thirty (30) days.",
        S,
        RETENTION,
    ),
    row(
        "deletion-to-anonymisation",
        "When you delete your account, we delete your profile and activity history.",
        "When you delete your account, we anonymise your profile and activity history and keep "
        "the anonymised data for analytics.",
        W,
        RETENTION,
    ),
    row(
        "deletion-to-archiving",
        "Closed tickets are permanently deleted after one (1) year.",
        "Closed tickets are archived after one (1) year.",
        W,
        RETENTION,
    ),
    row(
        "de-identification-to-deletion",
        "Upon termination of the Agreement, we de-identify Customer Data.",
        "Upon termination of the Agreement, we permanently delete Customer Data.",
        S,
        RETENTION,
    ),
    row(
        "deletion-deadline-moved-later",
        "Recordings made before 1 January 2025 will be deleted by 31 March 2026.",
        "Recordings made before 1 January 2025 will be deleted by 31 March 2027.",
        W,
        RETENTION,
    ),
    row(
        "short-time-made-precise",
        "Deleted files are kept for a short time before being permanently erased.",
        "Deleted files are kept in Trash for fourteen (14) days and are then permanently erased.",
        C,
        RETENTION,
    ),
    row(
        "number-format-only",
        "Logs are deleted after 90 days.",
        "Logs are deleted after ninety (90) days.",
        K,
        RETENTION,
    ),
)


CROSS_TENANT = (
    row(
        "per-customer-to-global",
        "Each customer's ticket-routing model is trained only on that customer's tickets.",
        "Ticket-routing models are trained on tickets from all customers and shared across "
        "accounts.",
        W,
        TENANT,
    ),
    row(
        "global-to-per-customer",
        "Our fraud model is trained on transactions from all merchants and is used for every "
        "merchant.",
        "Our fraud model is trained separately for each merchant, using only that merchant's "
        "transactions.",
        S,
        TENANT,
    ),
    row(
        "never-for-others-to-may",
        "Your Content is never used to generate suggestions for other organisations.",
        "Your Content may be used to generate suggestions for other organisations.",
        W,
        TENANT,
    ),
    row(
        "outputs-leave-negation",
        "Neither your prompts nor your outputs are used to improve models offered to other "
        "customers.",
        "Your prompts are not used to improve models offered to other customers.",
        W,
        TENANT,
    ),
    row(
        "hedged-isolation",
        "Embeddings created from your documents are never shared with other tenants.",
        "Embeddings created from your documents are typically not shared with other tenants.",
        W,
        TENANT,
    ),
    row(
        "isolation-made-explicit",
        "We keep each customer's data logically separated.",
        "We keep each customer's data logically separated, and no customer's data is used to "
        "train a model that serves another customer.",
        C,
        TENANT,
    ),
    row(
        "reworded-isolation",
        "Models fine-tuned on your data are available only to your organisation.",
        "Only your organisation can use models fine-tuned on your data.",
        N,
        TENANT,
    ),
    row(
        "casing-only",
        "Custom Models remain within your Tenant and are not shared with other Customers.",
        "Custom models remain within your tenant and are not shared with other customers.",
        K,
        TENANT,
    ),
)


REMOVED_AND_ADDED_CLAUSES = (
    row(
        "protective-sentence-removed",
        "We process your data to provide the service. We never sell your data. We use cookies "
        "to keep you signed in.",
        "We process your data to provide the service. We use cookies to keep you signed in.",
        W,
        SHARING,
    ),
    row(
        "protective-passage-removed-whole",
        "Zephyr does not use Customer Content to train generative AI models.",
        "",
        W,
        AI,
    ),
    row(
        "only-removed",
        "Our AI assistant uses your messages only to answer your question.",
        "Our AI assistant uses your messages to answer your question.",
        W,
        AI,
    ),
    row(
        "training-permission-added",
        "We use your photos to create albums for you.",
        "We use your photos to create albums for you. We may also use your photos to train our "
        "image-recognition models.",
        W,
        AI,
    ),
    row(
        "licence-to-train-added",
        "You own the content you create with Scribe.",
        "You own the content you create with Scribe. You grant us a perpetual, irrevocable "
        "licence to use that content to develop and train our AI models.",
        W,
        AI,
    ),
    row(
        "improve-services-including-ai",
        "We use Usage Data and Customer Content to maintain, secure and improve the Zephyr "
        "platform.",
        "We use Usage Data and Customer Content to maintain, secure and improve the Zephyr "
        "platform, including by training the artificial intelligence models that power Zephyr AI.",
        W,
        AI,
    ),
    row(
        "sharing-permission-removed",
        "Zephyr does not sell Personal Information. Zephyr may share device identifiers and "
        "browsing activity with advertising partners to measure campaign performance.",
        "Zephyr does not sell Personal Information.",
        S,
        SHARING,
    ),
    row(
        "review-permission-removed-whole",
        "Human reviewers may listen to a sample of voice interactions to improve accuracy.",
        "",
        S,
        HUMAN,
    ),
    row(
        "protection-added-whole",
        "",
        "Zephyr does not use Customer Content to train, retrain or fine-tune artificial "
        "intelligence models.",
        C,
        AI,
    ),
    row(
        "unrelated-sentence-added",
        "Zephyr does not sell or rent Personal Information to third parties.",
        "Zephyr does not sell or rent Personal Information to third parties. Zephyr Labs, Inc. "
        "is headquartered in Lisbon, Portugal.",
        N,
        OTHER,
    ),
)


MOVES_AND_REORDERING = (
    row(
        "sentences-swapped",
        "We do not sell your data. We delete your data thirty (30) days after you close your "
        "account.",
        "We delete your data thirty (30) days after you close your account. We do not sell your "
        "data.",
        K,
        SHARING,
        RETENTION,
    ),
    row(
        "list-items-reordered",
        "We never share your recordings with advertisers, data brokers or insurers.",
        "We never share your recordings with insurers, advertisers or data brokers.",
        K,
        SHARING,
    ),
    row(
        "bullets-reordered",
        "- Staff cannot read your notes.\n- Notes are never used to train AI models.",
        "- Notes are never used to train AI models.\n- Staff cannot read your notes.",
        K,
        HUMAN,
        AI,
    ),
    row(
        "paragraphs-reordered",
        "You may opt out of model training at any time in Settings.\n\n"
        "Backups are overwritten within thirty-five (35) days.",
        "Backups are overwritten within thirty-five (35) days.\n\n"
        "You may opt out of model training at any time in Settings.",
        K,
        CONSENT,
        RETENTION,
    ),
    row(
        "sentence-with-its-qualifier-moved",
        "When you close your account, we delete your data within thirty (30) days, unless the "
        "law requires us to keep it. We never sell your data.",
        "We never sell your data. When you close your account, we delete your data within "
        "thirty (30) days, unless the law requires us to keep it.",
        K,
        RETENTION,
        SHARING,
    ),
    row(
        "legal-exception-moves-onto-reading",
        "Our staff never read your messages. Except where we are legally required to do so, we "
        "never share message metadata with authorities.",
        "Except where we are legally required to do so, our staff never read your messages. We "
        "never share message metadata with authorities.",
        W,
        HUMAN,
    ),
    row(
        "regional-exception-moves-onto-training",
        "Except in the EU, we may use your posts to train our models. We do not sell your posts.",
        "We may use your posts to train our models. Except in the EU, we do not sell your posts.",
        W,
        AI,
    ),
    row(
        "legal-exception-moves-onto-retention-limit",
        "We retain chat logs for thirty (30) days. We do not share chat logs with third parties "
        "unless required by law.",
        "We retain chat logs for thirty (30) days unless required by law. We do not share chat "
        "logs with third parties.",
        W,
        RETENTION,
    ),
)


COSMETIC = (
    row(
        "last-updated",
        "Last updated: 3 March 2025\nZephyr never uses Customer Content to train artificial "
        "intelligence models.",
        "Last updated: 12 August 2025\nZephyr never uses Customer Content to train artificial "
        "intelligence models.",
        K,
        AI,
    ),
    row(
        "version-stamp",
        "Version 3.0. We delete Customer Data within thirty (30) days of termination.",
        "Version 3.1. We delete Customer Data within thirty (30) days of termination.",
        K,
        RETENTION,
    ),
    row(
        "cross-reference-renumbered",
        "As described in Section 4.1, we do not share Customer Data with advertisers.",
        "As described in Section 5.1, we do not share Customer Data with advertisers.",
        K,
        SHARING,
    ),
    row(
        "title-case",
        "We Do Not Sell Your Personal Information To Third Parties.",
        "We do not sell your personal information to third parties.",
        K,
        SHARING,
    ),
    row(
        "non-breaking-space-and-line-break",
        "Employees\u00a0cannot view\nthe files in your Vault.",
        "Employees cannot view the files in your Vault.",
        K,
        HUMAN,
    ),
    row(
        "quote-style",
        "Turn off 'Improve AI' in Settings to stop us training on your data.",
        "Turn off \u201cImprove AI\u201d in Settings to stop us training on your data.",
        K,
        CONSENT,
    ),
    row(
        "spelling-variants",
        "We will not utilise your recordings to train our speech models, and we minimise human "
        "review.",
        "We will not utilize your recordings to train our speech models, and we minimize human "
        "review.",
        K,
        AI,
    ),
    row(
        "typo-fixes",
        "Zephyr will not disclose Customer Files to any third pary, exept as required by law.",
        "Zephyr will not disclose Customer Files to any third party, except as required by law.",
        K,
        SHARING,
    ),
    row(
        "number-spelled-out",
        "Backups are overwritten within 35 days.",
        "Backups are overwritten within thirty-five (35) days.",
        K,
        RETENTION,
    ),
    row(
        "navigation-and-footer",
        "Pricing | Docs | Blog\nWe never sell your data.\n\u00a9 2024 Zephyr Labs, Inc.",
        "Pricing | Docs | Blog | Careers\nWe never sell your data.\n\u00a9 2025 Zephyr Labs, Inc.",
        K,
        SHARING,
    ),
    row(
        "duplicate-sentence-removed",
        "We do not train on your code. We do not train on your code. Staff cannot view your "
        "private repositories.",
        "We do not train on your code. Staff cannot view your private repositories.",
        K,
        AI,
        HUMAN,
    ),
    row(
        "link-target",
        "[Manage your data](https://zephyr.example/settings/data) to opt out of model training.",
        "[Manage your data](https://zephyr.example/account/privacy) to opt out of model training.",
        K,
        CONSENT,
    ),
    row(
        "bold-removed",
        "We **never** sell your data or share it with data brokers.",
        "We never sell your data or share it with data brokers.",
        K,
        SHARING,
    ),
    row(
        "zero-width-space",
        "We do not sell\u200b your data to advertisers.",
        "We do not sell your data to advertisers.",
        K,
        SHARING,
    ),
)


NEUTRAL_REWORDING = (
    row(
        "active-to-passive",
        "Our staff do not listen to your voicemails.",
        "Your voicemails are not listened to by our staff.",
        N,
        HUMAN,
    ),
    row(
        "synonyms",
        "Your search history is kept for eighteen (18) months and then removed.",
        "Your search history is retained for eighteen (18) months and then erased.",
        N,
        RETENTION,
    ),
    row(
        "wont-unless-to-only-if",
        "We won't share your contacts with partners unless you allow it.",
        "We share your contacts with partners only if you allow it.",
        N,
        SHARING,
        CONSENT,
    ),
    row(
        "never-without-asking-to-ask-before",
        "Zephyr will not include your Designs in any training corpus without first asking for "
        "your permission.",
        "Before including any of your Designs in a training corpus, Zephyr will ask for your "
        "permission.",
        N,
        AI,
        CONSENT,
    ),
    row(
        "defined-term-renamed",
        '"Customer Data" means data you submit to the Services. We do not sell Customer Data.',
        '"Your Data" means data you submit to the Services. We do not sell Your Data.',
        N,
        SHARING,
    ),
    row(
        "product-renamed",
        "Scribe Assist never stores your drafts after responding.",
        "Scribe AI (formerly Scribe Assist) never stores your drafts after responding.",
        N,
        RETENTION,
    ),
    row(
        "billing",
        "Subscriptions renew automatically each month.",
        "Subscriptions renew automatically each month or each year, depending on your plan.",
        N,
        OTHER,
    ),
    row(
        "support-hours",
        "Support is available Monday to Friday, 9:00 to 17:00 CET.",
        "Support is available Monday to Saturday, 8:00 to 20:00 CET.",
        N,
        OTHER,
    ),
    row(
        "contact-details",
        "Write to us at legal@zephyr.example.",
        "Write to us at privacy@zephyr.example or use the form on our Contact page.",
        N,
        OTHER,
    ),
    row(
        "cookie-purpose",
        "Functional cookies remember your display settings, such as language and time zone.",
        "Functional cookies remember your display settings, such as language and time zone, and "
        "help balance traffic across our servers.",
        N,
        OTHER,
    ),
    row(
        "unrelated-sentence-removed",
        "We never sell your data. Our app is available in twelve languages.",
        "We never sell your data.",
        N,
        OTHER,
    ),
    row(
        "policy-update-notice",
        "We will post any changes to this policy on this page.",
        "We will post any changes to this policy on this page and notify you by email if they "
        "are significant.",
        N,
        OTHER,
    ),
    row(
        "product-description",
        "Scribe helps you write emails faster.",
        "Scribe helps you write emails and reports faster.",
        N,
        OTHER,
    ),
)


CLARIFIED = (
    row(
        "exclusion-added-to-general-ai-statement",
        "Our assistant uses AI to suggest replies.",
        "Our assistant uses AI to suggest replies. Your emails are not used to train the models "
        "behind it.",
        C,
        AI,
    ),
    row(
        "limited-period-made-precise",
        "Server logs containing IP addresses are retained for a limited period.",
        "Server logs containing IP addresses are retained for fourteen (14) days and are then "
        "deleted.",
        C,
        RETENTION,
    ),
    row(
        "restricted-access-spelled-out",
        "Personnel access to Customer Content is subject to appropriate controls.",
        "Personnel access to Customer Content is limited to two on-call engineers during a "
        "declared incident, and each access is logged and reported to the workspace owner.",
        C,
        HUMAN,
    ),
    row(
        "recipients-named-and-bounded",
        "We work with partners to provide the service.",
        "We work with partners to provide the service: our hosting provider and our email "
        "delivery provider, who may use your data only to provide those services to us.",
        C,
        SHARING,
    ),
    row(
        "control-named-and-located",
        "Account holders have controls over whether their Content is used to improve our models.",
        "Account holders have controls over whether their Content is used to improve our models: "
        "the 'Model improvement' switch under Settings > Privacy turns this use on or off.",
        C,
        CONSENT,
    ),
    row(
        "purpose-named-and-bounded",
        "We use customer data to develop AI features.",
        "We use customer data to develop AI features such as spam filtering and smart sorting; "
        "we do not use it to develop generative AI models.",
        C,
        AI,
    ),
    row(
        "exclusion-added-to-no-sale",
        "We never sell your data.",
        "We never sell your data or share it with data brokers.",
        C,
        SHARING,
    ),
    row(
        "vague-privacy-claim-made-concrete",
        "Our AI features respect your privacy.",
        "Our AI features respect your privacy: they do not keep your documents after answering "
        "a request and do not use them for training.",
        C,
        AI,
    ),
    row(
        "called-a-clarification-but-weakened",
        "Zephyr does not use Customer Files to train machine learning models.",
        "To clarify our practices: Zephyr does not use Customer Files to train machine learning "
        "models, except for files that you have shared publicly through a Zephyr link.",
        W,
        AI,
    ),
    row(
        "vague-permission-spelled-out-as-training-is-weakened",
        "We may use information about how you use the product to improve it.",
        "We may use information about how you use the product, including your prompts, to "
        "improve it and to train our AI models.",
        W,
        AI,
    ),
)


TABLES = {
    "negation scope": NEGATION_SCOPE,
    "modality": MODALITY,
    "hedges": HEDGES,
    "quantifiers and scope": QUANTIFIERS_AND_SCOPE,
    "exceptions and conditions": EXCEPTIONS_AND_CONDITIONS,
    "consent and defaults": CONSENT_AND_DEFAULTS,
    "retention and deletion": RETENTION_AND_DELETION,
    "cross-tenant": CROSS_TENANT,
    "removed and added clauses": REMOVED_AND_ADDED_CLAUSES,
    "moves and reordering": MOVES_AND_REORDERING,
    "cosmetic": COSMETIC,
    "neutral rewording": NEUTRAL_REWORDING,
    "clarified": CLARIFIED,
}


def test_tables_are_well_formed() -> None:
    """Guards the tables themselves: known verdicts and topics, unique ids, real changes."""
    rows = [r for table in TABLES.values() for r in table]
    assert len({r.id for r in rows}) == len(rows)
    assert len({(r.old, r.new) for r in rows}) == len(rows)
    for r in rows:
        assert r.old != r.new, r.id
        assert Verdict(r.verdict) is not Verdict.UNCHANGED, r.id
        assert r.topics, r.id
        assert all(Topic(t) for t in r.topics), r.id


@pytest.mark.parametrize("case", NEGATION_SCOPE, ids=_row_id)
def test_negation_scope(case: Row) -> None:
    check(case)


@pytest.mark.parametrize("case", MODALITY, ids=_row_id)
def test_modality(case: Row) -> None:
    check(case)


@pytest.mark.parametrize("case", HEDGES, ids=_row_id)
def test_hedges(case: Row) -> None:
    check(case)


@pytest.mark.parametrize("case", QUANTIFIERS_AND_SCOPE, ids=_row_id)
def test_quantifiers_and_scope(case: Row) -> None:
    check(case)


@pytest.mark.parametrize("case", EXCEPTIONS_AND_CONDITIONS, ids=_row_id)
def test_exceptions_and_conditions(case: Row) -> None:
    check(case)


@pytest.mark.parametrize("case", CONSENT_AND_DEFAULTS, ids=_row_id)
def test_consent_and_defaults(case: Row) -> None:
    check(case)


@pytest.mark.parametrize("case", RETENTION_AND_DELETION, ids=_row_id)
def test_retention_and_deletion(case: Row) -> None:
    check(case)


@pytest.mark.parametrize("case", CROSS_TENANT, ids=_row_id)
def test_cross_tenant(case: Row) -> None:
    check(case)


@pytest.mark.parametrize("case", REMOVED_AND_ADDED_CLAUSES, ids=_row_id)
def test_removed_and_added_clauses(case: Row) -> None:
    check(case)


@pytest.mark.parametrize("case", MOVES_AND_REORDERING, ids=_row_id)
def test_moves_and_reordering(case: Row) -> None:
    check(case)


@pytest.mark.parametrize("case", COSMETIC, ids=_row_id)
def test_cosmetic(case: Row) -> None:
    check(case)


@pytest.mark.parametrize("case", NEUTRAL_REWORDING, ids=_row_id)
def test_neutral_rewording(case: Row) -> None:
    check(case)


@pytest.mark.parametrize("case", CLARIFIED, ids=_row_id)
def test_clarified(case: Row) -> None:
    check(case)


# Pages not in English are stored and diffed, but their meaning is not guessed at: each of these
# turns a prohibition into a permission, and the analyser must say it did not analyse it.
NON_ENGLISH = (
    pytest.param(
        "Wir verwenden Ihre Inhalte nicht, um Modelle der künstlichen Intelligenz zu trainieren.",
        "Wir können Ihre Inhalte verwenden, um Modelle der künstlichen Intelligenz zu trainieren.",
        id="de-training",
    ),
    pytest.param(
        "Der Anbieter gibt personenbezogene Daten des Kunden unter keinen Umständen an Dritte "
        "weiter.",
        "Der Anbieter darf personenbezogene Daten des Kunden an Dritte weitergeben, soweit dies "
        "nach geltendem Recht zulässig ist.",
        id="de-sharing",
    ),
    pytest.param(
        "Nous n'utilisons pas vos conversations pour entraîner nos modèles d'intelligence "
        "artificielle.",
        "Nous pouvons utiliser vos conversations pour entraîner nos modèles d'intelligence "
        "artificielle.",
        id="fr-training",
    ),
    pytest.param(
        "Vos données ne sont jamais partagées avec des tiers, y compris nos partenaires "
        "publicitaires.",
        "Vos données peuvent être partagées avec des tiers, y compris nos partenaires "
        "publicitaires.",
        id="fr-sharing",
    ),
    pytest.param(
        "No utilizamos sus archivos para entrenar modelos de inteligencia artificial.",
        "Podemos utilizar sus archivos para entrenar modelos de inteligencia artificial.",
        id="es-training",
    ),
    pytest.param(
        "Nuestros empleados no pueden acceder al contenido de sus mensajes.",
        "Nuestros empleados pueden acceder al contenido de sus mensajes cuando sea necesario "
        "para prestar el servicio.",
        id="es-human-access",
    ),
)

ALERTS = {Verdict.WEAKENED, Verdict.STRENGTHENED, Verdict.CLARIFIED}


@pytest.mark.parametrize(("old", "new"), NON_ENGLISH)
def test_non_english_is_not_analysed(old: str, new: str) -> None:
    analysis = analyze_texts(old, new)
    assert analysis.language != "en"
    assert analysis.findings, "a changed page must still produce a finding"
    for finding in analysis.findings:
        assert "not analysed" in finding.explanation.lower(), finding.explanation
    assert analysis.verdict not in ALERTS, _describe(analysis)
