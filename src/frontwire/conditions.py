"""The extra conditions of sub-event definitions (`needs` in data/event_types.toml), checked on one sentence."""

from __future__ import annotations

import re

from . import actors as act
from . import roles as rl
from .fatalities import Deaths
from .lexicon import lexicon

# The conditions that ask who acted or who was hit (read from the parse, the costliest check).
ROLE_NEEDS = frozenset({"state_actor1", "nonstate_actor1", "civilian_victims"})
_ARREST = re.compile(r"\b(?:arrest(?:ed|s)?|detain(?:ed|s)?|suspects?)\b", re.I)
# A capture that was only tried, failed or held for a moment is a battle, not a change of territory (ACLED).
_ATTEMPT = re.compile(r"\b(?:(?:attempt(?:s|ed|ing)?|tried|trying|failed|sought) to "
                      r"(?:capture|seize|take|storm|overrun|retake|recapture|regain)|briefly (?:seized|captured|took|"
                      r"overran|held|controlled)|(?:attack|attempt|bid|offensive|advance)s? (?:\w+ ){0,8}(?:was|were) "
                      r"(?:repelled|repulsed|fended off|foiled|thwarted|beaten back))\b", re.I)


def holds(need: str, text: str, found: list[act.ActorMention], deaths: list[Deaths],
          roles: dict[act.ActorMention, str | None] | None) -> bool:
    """Check one extra condition of a sub-event definition (`roles` given for those in ROLE_NEEDS)."""
    lex = lexicon()
    if need == "civilian_victims" and lex.sides.search(text):
        return False  # "fighting between rival armed groups killed 32": the dead fell in a battle
    if need in ROLE_NEEDS:
        return _role_need(need, found, deaths, roles or {})
    if need == "protest":
        return bool(lex.protest.search(text))
    if need == "deaths":
        return any(d.low > 0 for d in deaths)
    if need == "no_deaths":
        return not any(d.low > 0 for d in deaths)
    if need == "not_arrest":
        return not _ARREST.search(text)
    if need == "taken":
        return not _ATTEMPT.search(text)
    if need == "armed_context":
        return any(act.is_armed(a) for a in found) or bool(lex.armed.search(text))
    raise ValueError(f"event_types.toml: unknown condition {need!r}")


def _role_need(need: str, found: list[act.ActorMention], deaths: list[Deaths],
               roles: dict[act.ActorMention, str | None]) -> bool:
    """Check a condition on who acted or who was hit."""
    agents = [a for a in found if roles.get(a) in (rl.AGENT, rl.TRIGGER_AGENT)]
    agents = agents or [a for a in found if roles.get(a) not in rl.NOT_ACTOR1][:1]
    if need == "state_actor1":
        # Passive reports ("were arrested", "was recaptured") name no agent; the state is implied.
        return any(act.is_state(a) for a in agents) or not armed_nonstate(agents)
    if need == "nonstate_actor1":
        return armed_nonstate(agents)
    victims = [a for a in found if roles.get(a) == rl.PATIENT]  # "civilian_victims"
    if any(a.kind != act.CIVILIANS for a in victims):
        return False
    # "Fighting between troops and M23 rebels killed 12": armed sides fought; the civilians who died in it died
    # in a battle, which is one-sided violence no more
    if any(roles.get(a) in (rl.PARTY, rl.OPPONENT) and act.is_armed(a) for a in found):
        return False
    return any(a.kind == act.CIVILIANS for a in victims) or any(lexicon().civilian.search(d.victim) for d in deaths)


def armed_nonstate(mentions: list[act.ActorMention]) -> bool:
    """Some mention is an armed actor other than state forces."""
    return any(not act.is_state(a) and act.is_armed(a) for a in mentions)
