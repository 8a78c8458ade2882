"""Event mentions from a parsed article: type, actors, fatalities, date, place and evidence."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from . import actors as act
from . import eventtype
from .fatalities import Deaths, find_deaths
from .lexicon import SubEvent, lexicon
from .models import Article, Mention, Place, Source, Timex, Toponym

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# A trigger after one of these words refers back to an event already reported ("the strike").
_ANAPHORA = re.compile(r"(?:\bthe|\bthis|\bthat|\bthose|\bthese|'s)\s+(?:[\w-]+\s+){0,2}$", re.I)
_BACK_REFERENCE = re.compile(
    r"\b(?:the|this|that|in the|of the)\s+(?:same\s+|latest\s+|deadly\s+|suspected\s+)?"
    r"(?:attacks?|strikes?|air ?strikes?|raids?|bombings?|blasts?|explosions?|assaults?|shelling|ambush|massacre|killings?)\b",
    re.I)
_ARREST = re.compile(r"\b(?:arrest(?:ed|s)?|detain(?:ed|s)?|suspects?)\b", re.I)
_CASUALTY_WORDS = re.compile(r"\b(?:killed|dead|died|wounded|injured|casualties|bodies)\b", re.I)
# Dependency labels through which a modifier shares the role of the noun it modifies.
_MODIFIER_DEPS = {"compound", "amod", "poss", "nmod", "conj", "appos", "nummod", "det"}
_PATIENT_PREPS = {"on", "against", "targeting", "at", "into"}
# A report's own news happened within days of it; an older event told later in it is background.
BACKGROUND_DAYS = 14


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    span: Span | None


@dataclass(frozen=True)
class _Context:
    article: Article
    doc: Doc
    timexes: list[Timex]
    toponyms: list[Toponym]
    armed_group: act.ActorMention | None


def extract_mentions(article: Article, doc: Doc, timexes: list[Timex], toponyms: list[Toponym]) -> list[Mention]:
    """Every event the article's body reports, one mention per sentence at most."""
    sentences = _body_sentences(article, doc)
    everyone = [a for s in sentences for a in act.find_actors(article.text, s.start, s.end)]
    ctx = _Context(article, doc, timexes, toponyms, act.dominant_armed_group(everyone))
    mentions: list[Mention] = []
    for sentence in sentences:
        mention = _mention(ctx, sentence, have_earlier=bool(mentions))
        if mention is not None and not (mentions and _background(mention, article)):
            mentions.append(mention)
    return mentions


def _background(mention: Mention, article: Article) -> bool:
    """An older event recalled after the article's own news ("a truck bombing in October 2017")."""
    if not article.published or not mention.event_date:
        return False
    import datetime as dt

    age = dt.date.fromisoformat(article.published) - dt.date.fromisoformat(mention.event_date)
    return age.days > BACKGROUND_DAYS


def _body_sentences(article: Article, doc: Doc) -> list[_Sentence]:
    """Sentences of the body: not headline, page furniture or dateline."""
    from .layout import body_offset

    text = article.text
    out = []
    start_at = body_offset(article)
    for span in doc.sents:
        start, end = max(span.start_char, start_at), span.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start >= 12:
            out.append(_Sentence(start, end, span))
    return out


def _mention(ctx: _Context, sentence: _Sentence, have_earlier: bool) -> Mention | None:
    """The event one sentence reports, or None when it reports none (or only a tally)."""
    lex = lexicon()
    text = ctx.article.text[sentence.start:sentence.end]
    if lex.cumulative.search(text) or lex.irrealis.search(text):
        return None
    found = act.find_actors(ctx.article.text, sentence.start, sentence.end)
    deaths = find_deaths(text)
    chosen = _choose(ctx, sentence, found, deaths)
    if chosen is None:
        return None
    sub, trigger, roles = chosen
    found, roles = _weapon_owner(text, sentence.start, trigger, found, roles)
    if have_earlier and (_ANAPHORA.search(text[:trigger.start()]) or _BACK_REFERENCE.search(text)):
        return None  # "the attack", "Tuesday's strike": the event already reported, not a new one
    return _build(ctx, sentence, sub, trigger, found, roles, deaths)


def _choose(ctx: _Context, sentence: _Sentence, found: list[act.ActorMention],
            deaths: list[Deaths]) -> tuple[SubEvent, re.Match[str], dict] | None:
    """The sub-event whose trigger and conditions hold in the sentence, as typing decides among them."""
    lex = lexicon()
    text = ctx.article.text[sentence.start:sentence.end]
    armed_actor = any(act.is_armed(a) for a in found)
    weapon_context = bool(lex.armed.search(_CASUALTY_WORDS.sub(" ", text)))
    if lex.nonconflict.search(text) and not (armed_actor or weapon_context):
        return None
    candidates: list[tuple[SubEvent, re.Match[str], dict]] = []
    for sub in lex.sub_events:
        match = sub.pattern.search(text)
        if match is None or any(c[0].sub_event_type == sub.sub_event_type for c in candidates):
            continue
        if sub.strength == "weak" and not (armed_actor or lex.armed.search(text)):
            continue
        trigger = ctx.doc.char_span(sentence.start + match.start(), sentence.start + match.end(),
                                    alignment_mode="expand")
        roles = {a: _role(ctx.doc, a, trigger) for a in found}
        if all(_need(need, text, found, deaths, roles) for need in sub.needs):
            candidates.append((sub, match, roles))
    chosen = eventtype.pick(text, [c[0] for c in candidates])
    return candidates[chosen] if chosen is not None else None


def _need(need: str, text: str, found: list[act.ActorMention], deaths: list[Deaths],
          roles: dict[act.ActorMention, str | None]) -> bool:
    """Check one extra condition of a sub-event definition."""
    lex = lexicon()
    agents = [a for a in found if roles.get(a) in ("agent", "trigger_agent")]
    agents = agents or [a for a in found if roles.get(a) != "patient"][:1]
    if need == "protest":
        return bool(lex.protest.search(text))
    if need == "deaths":
        return any(d.low > 0 for d in deaths)
    if need == "not_arrest":
        return not _ARREST.search(text)
    if need == "armed_context":
        return any(act.is_armed(a) for a in found) or bool(lex.armed.search(text))
    if need == "state_actor1":
        # Passive reports ("were arrested", "was recaptured") name no agent; the state is implied.
        return any(act.is_state(a) for a in agents) or not _armed_nonstate(agents)
    if need == "nonstate_actor1":
        return _armed_nonstate(agents)
    if need == "civilian_victims":
        victims = [a for a in found if roles.get(a) == "patient"]
        if any(a.kind != act.CIVILIANS for a in victims):
            return False
        return any(a.kind == act.CIVILIANS for a in victims) or any(lex.civilian.search(d.victim) for d in deaths)
    raise ValueError(f"event_types.toml: unknown condition {need!r}")


_WORD_BEFORE = re.compile(r"([\w.'-]+)\s+$")


def _weapon_owner(text: str, offset: int, trigger: re.Match[str], found: list[act.ActorMention],
                  roles: dict) -> tuple[list[act.ActorMention], dict]:
    """"A Russian missile", "Syrian government warplanes": a demonym before the trigger names who fired it."""
    if any(roles.get(a) == "trigger_agent" for a in found):
        return found, roles
    end = trigger.start()
    for _ in range(3):  # the demonym stands at most two words before the weapon
        match = _WORD_BEFORE.search(text, 0, end)
        if match is None:
            break
        owner = act.state_of_demonym(match.group(1))
        if owner is not None:
            start = offset + match.start(1)
            owner = replace(owner, start=start, end=start + len(match.group(1)))
            return [owner, *[a for a in found if a.start != start]], {**roles, owner: "trigger_agent"}
        end = match.start()
    return found, roles


def _armed_nonstate(mentions: list[act.ActorMention]) -> bool:
    """Some mention is an armed actor other than state forces."""
    return any(not act.is_state(a) and act.is_armed(a) for a in mentions)


def _role(doc: Doc, mention: act.ActorMention, trigger: Span | None) -> str | None:
    """'trigger_agent', 'agent' or 'patient' from the dependency parse; None when it does not say."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return None
    token = span.root
    trigger_tokens = {t.i for t in trigger} if trigger is not None else set()
    for _ in range(6):
        dep = token.dep_
        if dep in ("nsubj", "agent", "csubj"):
            return "agent"
        if dep == "pobj" and token.head.lower_ == "by":
            return "agent"
        if dep in ("dobj", "nsubjpass", "dative", "attr"):
            return "patient"
        if dep == "pobj" and token.head.lower_ in _PATIENT_PREPS:
            return "patient"
        if dep == "pobj" and token.head.lower_ == "of":
            token = token.head.head
            continue
        if dep in _MODIFIER_DEPS or dep == "prep":
            if dep in ("compound", "amod", "poss") and token.head.i in trigger_tokens:
                return "trigger_agent"  # "coalition air strikes": the actor modifies the trigger itself
            if token.head.pos_ == "NOUN" and dep in ("compound", "amod", "poss") and _is_weapon(token.head):
                return "agent"
            token = token.head
            continue
        return None
    return None


def _is_weapon(token) -> bool:
    """A noun naming the means of an attack ("airstrikes", "shelling", "missile")."""
    return bool(re.match(r"(?:air ?strike|strike|raid|shell|artiller|missile|rocket|bomb|attack|offensive|drone|"
                         r"jet|plane|mortar|assault|fire|operation)", token.lower_))


def _build(ctx: _Context, sentence: _Sentence, sub: SubEvent, trigger: re.Match[str],
           found: list[act.ActorMention], roles: dict, deaths: list[Deaths]) -> Mention:
    """Assemble the mention: evidence, date, place, actors, fatalities, confidence."""
    from .geo import locate_event  # imported here: the gazetteer behind it is heavy
    from .time import event_date

    article = ctx.article
    anchor = sentence.start + trigger.start()
    date, precision = event_date(ctx.timexes, sentence.start, sentence.end, article.published, anchor,
                                 text=article.text)
    place, geo_precision = locate_event(sentence.start, sentence.end, ctx.toponyms, article, ctx.doc)
    country = place.country if place else None
    a1, a2 = _pick_actors(found, roles, deaths, sub)
    n1 = act.actor_name(a1, country, ctx.armed_group) if a1 else (None, None, None)
    n2 = act.actor_name(a2, country, ctx.armed_group) if a2 else (None, None, None)
    if n2[0] is not None and n2[0] == n1[0]:
        n2 = (None, None, None)
    best = max(deaths, key=lambda d: (d.low, d.high), default=None)
    source = Source(article.id, article.source, article.url, article.published,
                    article.text[sentence.start:sentence.end], sentence.start, sentence.end, article.hash)
    civ = sub.event_type == "Violence against civilians" or (
        sub.event_type == "Explosions/Remote violence" and n2[1] == 7)
    confidence = 0.55 + (0.15 if sub.strength == "strong" else 0) + (0.1 if place else 0) \
        + (0.1 if precision == 1 else 0) + (0.05 if n1[0] else 0)
    return Mention(
        source=source, event_type=sub.event_type, sub_event_type=sub.sub_event_type, trigger=trigger.group(0),
        actor1=n1[0], actor2=n2[0], assoc_actor_1=n1[2], assoc_actor_2=n2[2], inter1=n1[1], inter2=n2[1],
        civilian_targeting=civ, fatalities_low=best.low if best else 0, fatalities_high=best.high if best else 0,
        fatalities_known=best is not None, event_date=date, time_precision=precision,
        place=place, geo_precision=geo_precision, confidence=round(min(confidence, 0.95), 2),
    )


def _pick_actors(found: list[act.ActorMention], roles: dict, deaths: list[Deaths],
                 sub: SubEvent) -> tuple[act.ActorMention | None, act.ActorMention | None]:
    """Actor 1 (who acted) and actor 2 (on whom), from the parse, else from the order of mention."""
    if sub.event_type in ("Protests", "Riots"):
        return _demonstration_actors(found, sub)
    # Civilians and protesters are never the ones who carry out political violence.
    candidates = [a for a in found if a.kind not in (act.CIVILIANS, act.PROTESTERS)]
    agents = [a for a in candidates if roles.get(a) == "trigger_agent"]
    agents += [a for a in candidates if roles.get(a) == "agent"]
    patients = [a for a in found if roles.get(a) == "patient"]
    actor1 = agents[0] if agents else next((a for a in candidates if roles.get(a) != "patient"), None)
    actor2 = next((a for a in patients if a is not actor1), None)
    if actor2 is None:
        actor2 = _victim_actor(found, deaths, actor1)
    return actor1, actor2


def _victim_actor(found: list[act.ActorMention], deaths: list[Deaths],
                  actor1: act.ActorMention | None) -> act.ActorMention | None:
    """The dead, when the parse gave no patient: the actor named in the death phrase."""
    for death in deaths:
        for mention in found:
            if mention is not actor1 and mention.text.lower() in death.victim.lower():
                return mention
    rest = [a for a in found if a is not actor1 and (actor1 is None or a.name != actor1.name or a.kind != actor1.kind)]
    return rest[0] if rest and actor1 is not None else None


def _demonstration_actors(found: list[act.ActorMention],
                          sub: SubEvent) -> tuple[act.ActorMention | None, act.ActorMention | None]:
    """ACLED codes the demonstrators as actor 1 and whoever intervened as actor 2."""
    kind = act.RIOTERS if sub.event_type == "Riots" else act.PROTESTERS
    crowd = next((a for a in found if a.kind in (act.PROTESTERS, act.RIOTERS)), None)
    crowd = crowd or act.ActorMention(0, 0, "", kind, None, 6 if kind == act.PROTESTERS else 5)
    if crowd.kind != kind:
        crowd = act.ActorMention(crowd.start, crowd.end, crowd.text, kind, None, 6 if kind == act.PROTESTERS else 5)
    other = next((a for a in found if act.is_armed(a)), None)
    return crowd, other


def describe(event_date: str | None, actor1: str | None, actor2: str | None, sub_event_type: str,
             place: Place | None, fatalities: int) -> str:
    """One sentence in ACLED's style: when, who, what, where, to whom, with how many dead."""
    when = _long_date(event_date) if event_date else "On an unknown date"
    who = actor1 or "Unidentified actors"
    what = _PHRASES.get(sub_event_type, sub_event_type.lower())
    target = f" targeting {actor2}" if actor2 else ""
    where = ""
    if place is not None:
        region = ", ".join(plain_name(p) for p in (place.admin1, place.country) if p and p != place.name)
        where = f" in {plain_name(place.name)}" + (f" ({region})" if region else "")
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
    "Non-violent transfer of territory": "transferred territory without fighting",
}
