"""Notes in ACLED style: one sentence saying when, who, what, where, to whom, and how many died."""

from __future__ import annotations

import unicodedata

from .models import Place


def describe(event_date: str | None, actor1: str | None, actor2: str | None, sub_event_type: str,
             place: Place | None, fatalities: int, geo_precision: int | None = None) -> str:
    """One sentence in ACLED's style: when, who, what, where, to whom, with how many dead; an event at a town with
    geo_precision 2 (near it, or in a part of it) is "in or near" it."""
    when = _long_date(event_date) if event_date else "On an unknown date"
    who = actor1 or "Unidentified actors"
    what = _PHRASES.get(sub_event_type, sub_event_type.lower())
    target = f" {_LINKS.get(sub_event_type, 'targeting ')}{actor2}" if actor2 else ""
    where = ""
    if place is not None:
        region = ", ".join(plain_name(p) for p in (place.admin1, place.country) if p and p != place.name)
        at = "in or near" if geo_precision == 2 and not (place.feature_code or "").startswith("ADM") else "in"
        where = f" {at} {plain_name(place.name)}" + (f" ({region})" if region else "")
    dead = f" {fatalities} reported fatalities." if fatalities else " No fatalities reported."
    return f"{when}, {who} {what}{target}{where}.{dead}"


def plain_name(name: str) -> str:
    """A place name as ACLED writes it: Latin letters without diacritics ("Barţalah" -> "Bartalah")."""
    decomposed = unicodedata.normalize("NFKD", name.replace("\u2019", "'").replace("\u02bf", "").replace("\u02be", ""))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _long_date(iso: str) -> str:
    """'2017-06-26' -> 'On 26 June 2017'."""
    import datetime as dt

    day = dt.date.fromisoformat(iso)
    return f"On {day.day} {day:%B %Y}"


_PHRASES = {
    "Armed clash": "clashed", "Government regains territory": "regained territory",
    "Non-state actor overtakes territory": "took control of territory", "Chemical weapon": "used a chemical weapon",
    "Air/drone strike": "carried out an air/drone strike", "Suicide bomb": "carried out a suicide bombing",
    "Shelling/artillery/missile attack": "carried out shelling/artillery/missile attacks",
    "Remote explosive/landmine/IED": "detonated an explosive device", "Grenade": "threw a grenade",
    "Sexual violence": "committed sexual violence", "Attack": "attacked",
    "Abduction/forced disappearance": "abducted people", "Peaceful protest": "protested peacefully",
    "Protest with intervention": "protested and were met with intervention",
    "Excessive force against protesters": "were met with lethal force", "Violent demonstration": "rioted",
    "Mob violence": "engaged in mob violence", "Agreement": "reached an agreement", "Arrests": "made arrests",
    "Disrupted weapons use": "disrupted weapons use", "Looting/property destruction": "looted or destroyed property",
    "Headquarters or base established": "established a base",
    "Non-violent transfer of territory": "took over territory without fighting",
}
# How actor 2 joins the phrase where it is not the target: the other side of a clash, the one who left.
_LINKS = {
    "Armed clash": "with ", "Agreement": "with ", "Government regains territory": "from ",
    "Non-state actor overtakes territory": "from ", "Non-violent transfer of territory": "from ",
    "Protest with intervention": "by ", "Excessive force against protesters": "by ", "Attack": "",
    "Disrupted weapons use": "of ",
}
