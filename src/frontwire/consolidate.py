"""One coding per event within a report: the sentences that tell of one event share its actors and toll."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from .models import Mention

VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
# Sub-events that ACLED folds into the violent event they happen in (houses burned in a raid).
_PART_OF_VIOLENCE = {"Looting/property destruction", "Non-violent transfer of territory"}
_TRANSFER = "Non-violent transfer of territory"
_TAKINGS = {"Government regains territory", "Non-state actor overtakes territory"}


@dataclass(frozen=True)
class Coded:
    """A mention with what its toll is: an update of an earlier one, a whole toll (not a part or a guess)."""

    mention: Mention
    update: bool
    whole: bool
    dated: bool = True  # False when the sentence dates a claim or statement about the event, not the event
    placed: bool = True  # False when the sentence names no place of its own
    weak: bool = False  # typed by a weak definition: a word that needs context ("withdrew from")


def combine(mention: Mention, figures: list[tuple[int, int, bool, bool]], whole: bool = True) -> Mention:
    """Fatalities of one event told by several sentences of one report: (low, high, update, whole) each.

    A figure that updates the toll ("rose to 40") replaces it. Other differing whole figures are rival
    accounts, and ACLED codes the lowest of them while the range keeps the highest; parts of the toll
    ("two of the dead") and guesses ("dozens") count only when no whole figure is given.
    """
    known = [(mention.fatalities_low, mention.fatalities_high, False, whole)] if mention.fatalities_known else []
    known += figures
    if not known:
        return mention
    updates = [f for f in known if f[2]]
    pool = [f for f in known if f[3]] or known
    low = max(f[0] for f in updates) if updates else min(f[0] for f in pool)
    high = max(max(f[1] for f in pool), low)
    return replace(mention, fatalities_low=low, fatalities_high=high, fatalities_known=True)


def groups(coded: list[Coded]) -> list[list[Coded]]:
    """The article's mentions grouped by the event they tell of; a sentence joins the latest that fits."""
    found: list[list[Coded]] = []
    for item in coded:
        home = next((g for g in reversed(found) if _same_event(g[0], item)), None)
        if home is None:
            found.append([item])
        else:
            home.append(item)
    return found


def consolidate(coded: list[Coded]) -> list[Mention]:
    """One coding per event within a report: later sentences about it share its actors, toll, day and place."""
    grouped = _without_parts(_peaceful_takings(groups(coded)))
    out = []
    for group in grouped:
        lede = group[0].mention
        figures = [(c.mention.fatalities_low, c.mention.fatalities_high, c.update, c.whole)
                   for c in group if c.mention.fatalities_known]
        shared = combine(replace(lede, fatalities_known=False), figures)
        common = {"fatalities_low": shared.fatalities_low, "fatalities_high": shared.fatalities_high,
                  "fatalities_known": shared.fatalities_known, **_group_actors([c.mention for c in group])}
        if lede.sub_event_type == "Armed clash" and common["actor1"] and not common["actor2"]:
            common.update(_unknown_side(lede))
        day = next((c.mention for c in group if c.dated and c.mention.event_date), None)
        spot = next((c.mention for c in group if c.placed and c.mention.place), None)
        for c in group:
            own = dict(common)
            if c.weak and c is not group[0] and c.mention.event_type != lede.event_type:
                # a word that needs context ("were missing") told of the event the lede types
                own.update(event_type=lede.event_type, sub_event_type=lede.sub_event_type,
                           civilian_targeting=lede.civilian_targeting)
            if not c.dated and day is not None:
                own.update(event_date=day.event_date, time_precision=day.time_precision)
            if not c.placed and spot is not None:
                own.update(place=spot.place, geo_precision=spot.geo_precision)
            out.append(replace(c.mention, **own))
    return _munitions_again(sorted(out, key=lambda m: m.source.start))


def _munitions_again(mentions: list[Mention]) -> list[Mention]:
    """"The coalition said it had intercepted another drone": a munition like one an earlier sentence told of is
    that sentence's doer's, who is then the intercepted side (actor 2), or the one who fired it (actor 1)."""
    from .lexicon import lexicon

    again = lexicon().again
    out = list(mentions)
    for i, mention in enumerate(out):
        match = again.search(mention.source.sentence)
        side = "2" if mention.sub_event_type == "Disrupted weapons use" else "1"
        if match is None or getattr(mention, f"actor{side}") is not None:
            continue
        munition = re.compile(rf"\b{re.escape(match.group(0).split()[-1].lower().rstrip('s'))}s?\b", re.I)
        owner = next((m for m in reversed(out[:i]) if m.actor1 and m.actor1 != mention.actor1
                      and munition.search(m.source.sentence)), None)
        if owner is not None:
            out[i] = replace(mention, **{f"actor{side}": owner.actor1, f"inter{side}": owner.inter1,
                                         f"assoc_actor_{side}": owner.assoc_actor_1})
    return out


def _peaceful_takings(grouped: list[list[Coded]]) -> list[list[Coded]]:
    """A taking that another sentence of the report tells as a transfer (taken after the holder withdrew) is that
    non-violent transfer, where no sentence of it tells of fighting or deaths: one event, coded as ACLED does.
    A withdrawal told alone ("its troops had withdrawn") may be the loser's account of a battle: it changes nothing."""
    transfers = [g for g in grouped if g[0].mention.sub_event_type == _TRANSFER and not g[0].weak]
    folded: list[list[Coded]] = []
    out = []
    for group in grouped:
        told = next((t for t in transfers if not any(t is f for f in folded)
                     and _same_occasion(t[0].mention, group[0].mention)), None)
        if told is None or not all(c.mention.sub_event_type in _TAKINGS and not c.mention.fatalities_low
                                   for c in group):
            out.append(group)
            continue
        folded.append(told)
        kind = {"event_type": told[0].mention.event_type, "sub_event_type": _TRANSFER}
        out.append(sorted([replace(c, mention=replace(c.mention, **kind)) for c in group] + told,
                          key=lambda c: c.mention.source.start))
    return [g for g in out if not any(g is f for f in folded)]


def _without_parts(grouped: list[list[Coded]]) -> list[list[Coded]]:
    """A report's sentences that tell a part of its violent event (houses burned in the raid, ground taken in the
    battle) or a weak-worded reaction after it ("the army sent troops to the area") are no event of their own."""
    violent = [g[0].mention for g in grouped if g[0].mention.event_type in VIOLENT]
    return [g for g in grouped if not any(_part_of(g[0], lede) for lede in violent)]


def _part_of(part: Coded, lede: Mention) -> bool:
    """A part of the violent event, or a weak-worded strategic development told after it, at its place and
    within a day of it (a raid that began late on Wednesday is the overnight raid reported on Thursday)."""
    mention = part.mention
    if mention.sub_event_type not in _PART_OF_VIOLENCE and not (
            part.weak and mention.event_type == "Strategic developments" and lede.source.start < mention.source.start):
        return False
    if mention.event_date and lede.event_date and _days_apart(mention.event_date, lede.event_date) <= 1:
        mention = replace(mention, event_date=None)
    return _same_occasion(mention, lede)


def _days_apart(a: str, b: str) -> int:
    """Days between two ISO dates."""
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)


def _unknown_side(lede: Mention) -> dict:
    """A clash has two sides: one no sentence names is an unidentified armed group, as ACLED codes it."""
    from .actors import acled_country

    country = acled_country(lede.place.iso2, lede.place.country) if lede.place else None
    name = f"Unidentified Armed Group ({country})" if country else "Unidentified Armed Group"
    return {"actor2": name, "inter2": 2, "assoc_actor_2": None}


def _group_actors(mentions: list[Mention]) -> dict:
    """The actors of the first sentence that names them; later sentences do not override the lead."""
    first = next((m for m in mentions if m.actor1), mentions[0])
    fields = {"actor1": first.actor1, "inter1": first.inter1, "assoc_actor_1": first.assoc_actor_1}
    second = next((m for m in mentions if m.actor2 and m.actor2 != first.actor1), None)
    # a battle's other side may be told only as the doer of a later sentence ("government forces fought ...")
    other = next((m for m in mentions if m.actor1 and m.actor1 != first.actor1), None) \
        if second is None and first.event_type == "Battles" else None
    if second is not None:
        fields.update(actor2=second.actor2, inter2=second.inter2, assoc_actor_2=second.assoc_actor_2)
    elif other is not None:
        fields.update(actor2=other.actor1, inter2=other.inter1, assoc_actor_2=other.assoc_actor_1)
    else:
        fields.update(actor2=None, inter2=None, assoc_actor_2=None)
    return fields


_FAMILY = {"Battles": "violence", "Explosions/Remote violence": "violence", "Violence against civilians": "violence",
           "Protests": "demonstration", "Riots": "demonstration"}


def _same_event(a: Coded, b: Coded) -> bool:
    """Two sentences of one report tell of the same event: same kind, same day, same place.

    A sentence that dates only a claim about the event, or names no place, does not contradict.
    """
    ma, mb = a.mention, b.mention
    if _FAMILY.get(ma.event_type, ma.sub_event_type) != _FAMILY.get(mb.event_type, mb.sub_event_type):
        return False
    if a.dated and b.dated and ma.event_date and mb.event_date and ma.event_date != mb.event_date:
        return False
    return not (a.placed and b.placed) or _same_occasion(replace(ma, event_date=None), mb)


def _same_occasion(a: Mention, b: Mention) -> bool:
    """Same day (or one undated) and the same place (or one unplaced, or one inside the other)."""
    if a.event_date and b.event_date and a.event_date != b.event_date:
        return False
    pa, pb = a.place, b.place
    if pa is None or pb is None or (pa.geonameid is not None and pa.geonameid == pb.geonameid):
        return True
    return pa.iso2 == pb.iso2 and (_inside(pa, pb) or _inside(pb, pa))


def _inside(region, place) -> bool:
    """A country or an admin region that holds the place."""
    code = region.feature_code or ""
    if code.startswith("PCL"):
        return True
    return code in ("ADM1", "ADM2") and bool(place.admin1) and place.admin1 in (region.admin1, region.name)
