"""Event typing: the rule triggers (lexicon) and the learned classifier (typemodel) decide together.

Rules find the evidence: a sentence is an event only where some trigger matches and its conditions hold. The
classifier, trained on the project's own examples, decides among the matching definitions when they disagree,
and vetoes a weak trigger when it reads the text as non-conflict news (a factory blast, a drug raid, talks).
"""

from __future__ import annotations

from typing import Sequence

from .lexicon import SubEvent, lexicon
from .typemodel import NON_ACLED, NONE

# The labels that are not an ACLED event: why a snippet was skipped.
NOT_EVENTS = (*NON_ACLED, NONE)
# A matching definition keeps the event unless the classifier is this sure it reads non-conflict news.
VETO = 0.5
# The rules' first choice stands unless the classifier is this many times surer of another label.
MARGIN = 2.0
STRATEGIC = "Strategic developments"


def probabilities(text: str) -> dict[str, float] | None:
    """The classifier's probability of each label for a text; None when no model could be built.

    With the optional `embed` extra installed, the MiniLM view's probabilities are averaged in.
    """
    from . import typeembed, typemodel

    views = [model.scores(text) for model in (typemodel.default(), typeembed.default()) if model is not None]
    if not views:
        return None
    labels = set().union(*views)
    return {label: sum(view.get(label, 0.0) for view in views) / len(views) for label in labels}


def pick(text: str, subs: Sequence[SubEvent], armed_group: bool = False) -> int | None:
    """Which of the definitions whose triggers and conditions hold in the text types it; None for no event.

    `armed_group`: the sentence names a non-state armed group of the actor dictionary (Boko Haram, not
    "gunmen"); the classifier then may not read it as non-conflict news.
    """
    if not subs:
        return None
    eligible = _eligible(subs)
    if len(eligible) == 1 and any(sub.strength == "strong" for sub in subs):
        return eligible[0]  # nothing to decide: no veto over a strong trigger, no other candidate
    probs = probabilities(text)
    if probs is None:
        return eligible[0]  # rules alone: the first eligible definition in file order
    not_event = sum(probs.get(label, 0.0) for label in NOT_EVENTS)
    if not_event >= VETO and all(sub.strength == "weak" for sub in subs) and not armed_group:
        return None
    best = max(eligible, key=lambda i: (probs.get(subs[i].sub_event_type, 0.0), -i))
    first = eligible[0]
    return best if probs.get(subs[best].sub_event_type, 0.0) > MARGIN * probs.get(subs[first].sub_event_type, 0.0) \
        else first


def _eligible(subs: Sequence[SubEvent]) -> list[int]:
    """Candidates the classifier may choose from: ACLED codes a strategic development only where no political
    violence or demonstration happened, so one listed after a violent definition that fired is out; and a type
    that the lexicon's precedence gives way to another candidate is out."""
    violent = next((i for i, sub in enumerate(subs) if sub.event_type != STRATEGIC), len(subs))
    allowed = [i for i, sub in enumerate(subs) if sub.event_type != STRATEGIC or i < violent]
    # only a candidate still allowed may rule another out (a withdrawal told after a battle is no transfer)
    ruled = _replaced({subs[i].sub_event_type for i in allowed})
    return [i for i in allowed if subs[i].sub_event_type not in ruled] or [0]


def _replaced(kept: set[str]) -> set[str]:
    """Sub-event types the classifier may not choose where the rules read any of `kept`; two types that each
    stand over the other and both hold (a state and a rebel group both took ground) are left to the classifier."""
    pairs = lexicon().precedence
    return {replaced for winner, replaced in pairs
            if winner in kept and not (replaced in kept and (replaced, winner) in pairs)}


def case_label(text: str, rule_type: str | None, probs: dict[str, float] | None,
               exclude: frozenset[str] = frozenset()) -> str:
    """CASE 2021 label of a snippet: the typed event, else the classifier's best label, else a non-ACLED cue.

    `exclude`: non-ACLED labels the label set in use lacks (CASE's 25- and 28-label settings), never answered.
    """
    lex = lexicon()
    if probs is not None:
        skip = {NONE, *exclude, *(_replaced({rule_type}) if rule_type is not None else ())}
        best = max((label for label in probs if label not in skip), key=probs.__getitem__)
        if rule_type is None or probs[best] > MARGIN * probs.get(rule_type, 0.0):
            return lex.case_labels.get(best, best)
    if rule_type is not None:
        return lex.case_labels[rule_type]
    return next((label for label, pattern in lex.non_acled if label not in exclude and pattern.search(text)), "OTHER")
