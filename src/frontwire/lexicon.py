"""Event-type definitions (data/event_types.toml), compiled once."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# ACLED's taxonomy: event type -> its sub-event types (checked against the data file at load).
TAXONOMY = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}


@dataclass(frozen=True)
class SubEvent:
    """One trigger definition: which ACLED type its phrases signal and what else must hold."""

    event_type: str
    sub_event_type: str
    strength: str  # "strong" or "weak"
    needs: tuple[str, ...]
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Lexicon:
    """All trigger definitions in priority order, with the abstention and context word lists."""

    sub_events: tuple[SubEvent, ...]
    cumulative: re.Pattern[str]
    irrealis: re.Pattern[str]
    armed: re.Pattern[str]
    protest: re.Pattern[str]
    civilian: re.Pattern[str]
    nonconflict: re.Pattern[str]
    case_labels: dict[str, str]  # ACLED sub-event type -> its CASE 2021 label
    non_acled: tuple[tuple[str, re.Pattern[str]], ...]  # CASE 2021's non-ACLED labels and their cues, in order


def _words(patterns: list[str]) -> re.Pattern[str]:
    """Case-insensitive alternation of patterns on word boundaries."""
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.I)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load data/event_types.toml and validate it against ACLED's taxonomy."""
    text = resources.files("frontwire.data").joinpath("event_types.toml").read_text("utf-8")
    data = tomllib.loads(text)
    subs = []
    for item in data["sub_event"]:
        if item["sub_event_type"] not in TAXONOMY.get(item["event_type"], ()):
            raise ValueError(f"event_types.toml: {item['event_type']} / {item['sub_event_type']} is not ACLED's")
        subs.append(SubEvent(item["event_type"], item["sub_event_type"], item["strength"],
                             tuple(item.get("needs", ())), _words(item["triggers"])))
    abstain, context = data["abstain"], data["context"]
    return Lexicon(
        tuple(subs), _words(abstain["cumulative"]), _words(abstain["irrealis"]), _words(context["armed"]),
        _words(context["protest"]), _words(context["civilian"]), _words(context["nonconflict"]),
        dict(data["case2021"]), tuple((label, _words(cues)) for label, cues in data["case2021_other"].items()),
    )
