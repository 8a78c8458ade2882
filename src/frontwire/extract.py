"""Event mentions from a parsed article: type, actors, fatalities, date, place and evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from . import actors as act
from . import asides, conditions, eventtype
from . import background as bg
from . import roles as rl
from .confidence import confidence
from .consolidate import VIOLENT as _VIOLENT
from .consolidate import Coded, combine, consolidate, groups
from .fatalities import Deaths, deaths_in_parse, find_deaths
from .lexicon import SubEvent, lexicon
from .models import Article, Mention, Source, Timex, Toponym

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# A trigger after one of these words refers back to an event already reported ("the strike").
_ANAPHORA = re.compile(r"(?:\bthe|\bthis|\bthat|\bthose|\bthese|'s)\s+(?:[\w-]+\s+){0,2}$", re.I)
_BACK_REFERENCE = re.compile(
    r"\b(?:the|this|that|in the|of the)\s+(?:same\s+|latest\s+|deadly\s+|suspected\s+)?"
    r"(?:attacks?|strikes?|air ?strikes?|raids?|bombings?|blasts?|explosions?|assaults?|shelling|ambush|massacre|"
    r"killings?|victims|dead)\b", re.I)
# "The death toll rose to 95": a sentence about the toll of the event just reported.
_TOLL = re.compile(r"\b(?:death toll|toll|number of (?:dead|deaths|people killed|victims))\b", re.I)
_CASUALTY_WORDS = re.compile(r"\b(?:killed|dead|died|wounded|injured|casualties|bodies)\b", re.I)
# A superlative describes the one event ("the deadliest attack in years", "the biggest gain since ..."):
# it is blanked before looking for the marks of a tally, which it would otherwise resemble.
_COMPARATIVE = re.compile(r"\b(?:deadliest|worst|biggest|largest|bloodiest|heaviest|first|most \w+)\b[^,;:()]*",
                          re.I)
# A later figure that updates the toll replaces it; any other differing figure only widens the range.
_UPDATE = re.compile(r"\b(?:rose|risen|rising|climbed|increased|jumped|reached|now stands|revised)\b", re.I)


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    span: Span  # the parser's sentence, which may begin before the body does


@dataclass(frozen=True)
class _Context:
    article: Article
    doc: Doc
    timexes: list[Timex]
    toponyms: list[Toponym]
    armed_group: act.ActorMention | None
    coalition: act.ActorMention | None = None  # the coalition the article names
    claim: rl.Claim | None = None  # who claimed (or was blamed for) the event of the sentences below
    claimed_at: frozenset[int] = frozenset()


# What a sentence gives when its event is an older one the report recalls ("the 2015 attack in which ...").
_RECALLED = object()


@dataclass(frozen=True)
class _Followup:
    """A sentence that refers back to the last event; it may tell how many died in it."""

    deaths: list[Deaths]
    update: bool


def extract_mentions(article: Article, doc: Doc, timexes: list[Timex], toponyms: list[Toponym]) -> list[Mention]:
    """Every event the article's body reports, one mention per sentence at most."""
    sentences = _body_sentences(article, doc)
    found = [act.find_actors(article.text, s.start, s.end) for s in sentences]
    everyone = [a for actors in found for a in actors]
    # where the report says no group claimed it, "the militants" are unidentified, whoever else it names
    dominant = None if lexicon().unclaimed.search(article.text) else act.dominant_armed_group(everyone)
    ctx = _Context(article, doc, timexes, toponyms, dominant, act.named_coalition(everyone))
    coded, results = _code(ctx, sentences, found)
    claim, target = rl.claim_target(rl.claims(doc, everyone), [[c.mention for c in g] for g in groups(coded)])
    if claim is not None:
        # a claim names the doer of one event: code that event's sentences again with it
        coded, _ = _code(replace(ctx, claim=claim, claimed_at=frozenset(target)), sentences, found, results)
    return consolidate(coded)


def _code(ctx: _Context, sentences: list[_Sentence], found: list[list[act.ActorMention]],
          earlier: list | None = None) -> tuple[list[Coded], list]:
    """The mentions of the article's sentences, in order, with follow-ups folded into what they follow.

    Also returns what each sentence gave; `earlier`, those of a pass without the claim, are kept for the
    sentences the claim does not cover (it changes nothing but their actors).
    """
    coded: list[Coded] = []
    results = []
    recalled = False  # the last event told is an older one the report recalls: what refers back is about it
    for i, (sentence, actors) in enumerate(zip(sentences, found)):
        if earlier is None or sentence.start in ctx.claimed_at:
            result = _mention(ctx, sentence, actors, have_earlier=bool(coded) or recalled)
        else:
            result = earlier[i]
        results.append(result)
        if result is _RECALLED:
            recalled = True
        elif isinstance(result, _Followup):
            last = coded[-1] if coded and not recalled else None
            # "twin bombings in January killed 32": a figure of an older event told beside the reference
            if last is not None and result.deaths and last.mention.event_type in _VIOLENT \
                    and not _long_ago(ctx, sentence):
                best = _best(result.deaths)
                figure = (best.low, best.high, result.update, best.exact and not best.partial)
                whole = (last.whole or figure[2]) if last.mention.fatalities_known else figure[3]
                coded[-1] = replace(last, mention=combine(last.mention, [figure], last.whole), whole=whole)
        elif result is not None and not (coded and _background(ctx, result.mention, sentence)):
            coded.append(result)
            recalled = False
    return coded, results


def _background(ctx: _Context, mention: Mention, sentence: _Sentence) -> bool:
    """An older event recalled after the article's own news ("a truck bombing in October 2017")."""
    return bg.older(ctx.article.published, mention.event_date) or _long_ago(ctx, sentence)


def _long_ago(ctx: _Context, sentence: _Sentence) -> bool:
    """The sentence names only years, months or days long gone by ("in 2012, when it seized Goma")."""
    return bg.long_ago(ctx.article.published, ctx.timexes, sentence.start, sentence.end)


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


def _mention(ctx: _Context, sentence: _Sentence, found: list[act.ActorMention],
             have_earlier: bool) -> Coded | _Followup | object | None:
    """The event one sentence reports; a follow-up of the last one; or None (nothing, or only a tally)."""
    lex = lexicon()
    text = ctx.article.text[sentence.start:sentence.end]
    plain = _COMPARATIVE.sub(" ", text)
    if lex.cumulative.search(plain):
        return None
    deaths = _deaths(sentence, text)
    if lex.spread.search(plain) and (any(d.low > 0 for d in deaths) or not lex.protest.search(text)):
        return None  # a toll over many places; protests in many places are demonstrations all the same
    chosen = _choose(ctx, sentence, found, deaths)
    update = bool(_UPDATE.search(text))
    if chosen is None:
        # "Eight of the victims were children": more about the event just reported
        quiet = lex.irrealis.search(text) or not (_BACK_REFERENCE.search(text) or _TOLL.search(text))
        return None if quiet else _Followup(deaths, update)
    sub, trigger, span, roles = chosen
    if bg.recalled(ctx.article.published, ctx.timexes, span):
        return _RECALLED
    if _irrealis(ctx, sentence, text, span):
        return None
    found, roles = _weapon_owner(text, sentence.start, trigger, found, roles)
    if have_earlier and (_anaphoric(ctx, sentence, trigger, span) or _BACK_REFERENCE.search(text)):
        return _Followup(deaths, update)  # "the attack", "Tuesday's strike": reported already
    if sub.event_type == "Strategic developments":
        deaths = []  # arrests, agreements, looting: deaths told beside them belong to other events
    mention = _build(ctx, sentence, sub, trigger, span, found, roles, deaths)
    best = _best(deaths)
    placed = any(sentence.start <= t.start < sentence.end and t.place is not None and t.role == "mention"
                 for t in ctx.toponyms)
    return Coded(mention, update, best is None or (best.exact and not best.partial), not _claimed(span), placed,
                 sub.strength == "weak")


def _span_of(ctx: _Context, sentence: _Sentence, match: re.Match[str]) -> Span | None:
    """The tokens of a match in the sentence's text (a trigger, an irrealis marker)."""
    return ctx.doc.char_span(sentence.start + match.start(), sentence.start + match.end(), alignment_mode="expand")


def _claimed(span: Span | None) -> bool:
    """The trigger is what a claim is about ("claimed responsibility on Saturday for an attack")."""
    return span is not None and any(t.lemma_ == "claim" for t in span.root.ancestors)


def _irrealis(ctx: _Context, sentence: _Sentence, text: str, span: Span | None) -> bool:
    """A denial, threat, forecast or reaction that governs the trigger ("denied targeting the mall").

    A reaction in a clause of its own ("..., as officials urged civilians to leave") leaves the event
    alone; where the parse cannot tell, the whole sentence abstains.
    """
    lex = lexicon()
    hits = [*lex.irrealis.finditer(text), *lex.negated.finditer(text)]
    if not hits:
        return False
    if span is None:
        return True
    for hit in hits:
        marker = _span_of(ctx, sentence, hit)
        verb = _clause_verb(marker.root) if marker is not None else None
        if verb is None or verb == span.root or verb in span.root.ancestors or _purpose(verb, span.root):
            return True
    return False


def _purpose(verb, trigger) -> bool:
    """The marker's clause says what the trigger's action was for ("deployed boats to rescue people")."""
    return verb.dep_ in ("advcl", "xcomp") and verb.head == trigger and not any(c.dep_ == "mark" for c in verb.children)


def _clause_verb(token):
    """The verb of the clause a word belongs to; None when there is none."""
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def _best(deaths: list[Deaths]) -> Deaths | None:
    """The sentence's toll: the largest whole, exact figure, else the largest of any."""
    whole = [d for d in deaths if d.exact and not d.partial]
    return max(whole or deaths, key=lambda d: (d.low, d.high), default=None)


_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today",
         "week", "weekend", "night", "day", "month"}


def _anaphoric(ctx: _Context, sentence: _Sentence, trigger: re.Match[str], span: Span | None) -> bool:
    """The trigger is a noun pointing back to a reported event: "the strike", "Tuesday's attack"."""
    if span is None:
        return bool(_ANAPHORA.search(ctx.article.text[sentence.start:sentence.start + trigger.start()]))
    root = span.root
    if root.pos_ not in ("NOUN", "PROPN"):
        return False  # "the insurgents also took control": the article belongs to the doer, not the event
    return any((c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those"))
               or (c.dep_ == "poss" and c.lower_.removesuffix("'s") in _DAYS) for c in root.children)


def _deaths(sentence: _Sentence, text: str) -> list[Deaths]:
    """Death figures from word patterns, completed and summed from the parse where it says more."""
    found = find_deaths(text)
    if any(d.high == 0 for d in found):
        return found  # "no one was killed"
    for parsed in deaths_in_parse(sentence.span, sentence.start):
        overlap = [d for d in found if d.start < parsed.end and parsed.start < d.end]
        if not overlap:
            found.append(parsed)
        elif parsed.low > max(d.low for d in overlap):  # a list of victims adds up
            found = [d for d in found if d not in overlap] + [parsed]
    return found


def _choose(ctx: _Context, sentence: _Sentence, found: list[act.ActorMention],
            deaths: list[Deaths]) -> tuple[SubEvent, re.Match[str], Span | None, dict] | None:
    """The sub-event whose trigger and conditions hold in the sentence, as typing decides among them."""
    lex = lexicon()
    text = ctx.article.text[sentence.start:sentence.end]
    armed_actor = any(act.is_armed(a) for a in found)
    weapon_context = bool(lex.armed.search(_CASUALTY_WORDS.sub(" ", text)))
    if lex.nonconflict.search(text) and not (armed_actor or weapon_context):
        return None
    candidates: list[tuple[SubEvent, re.Match[str], Span | None, dict]] = []
    for sub, match in zip(lex.sub_events, asides.matches(text, sentence.span, sentence.start)):
        if match is None or any(c[0].sub_event_type == sub.sub_event_type for c in candidates):
            continue
        if sub.strength == "weak" and not (armed_actor or lex.armed.search(text)):
            continue
        trigger = rl.main_clause(_span_of(ctx, sentence, match))
        # who did what to whom is the costliest reading: done here only where a condition asks it
        asks = conditions.ROLE_NEEDS.intersection(sub.needs)
        roles = {a: rl.role(ctx.doc, a, trigger) for a in found} if asks else None
        if all(conditions.holds(need, text, found, deaths, roles) for need in sub.needs):
            candidates.append((sub, match, trigger, roles))
    # A named armed group raiding or storming is political violence however the classifier reads the words.
    named_group = any(act.is_armed_group(a) for a in found)
    chosen = eventtype.pick(text, [c[0] for c in candidates], armed_group=named_group)
    if chosen is None:
        return None
    sub, match, trigger, roles = candidates[chosen]
    return sub, match, trigger, {a: rl.role(ctx.doc, a, trigger) for a in found} if roles is None else roles


_WORD_BEFORE = re.compile(r"([\w.'-]+)\s+$")


def _weapon_owner(text: str, offset: int, trigger: re.Match[str], found: list[act.ActorMention],
                  roles: dict) -> tuple[list[act.ActorMention], dict]:
    """"A Russian missile", "Syrian government warplanes": a demonym before the trigger names who fired it."""
    if any(roles.get(a) == rl.TRIGGER_AGENT for a in found):
        return found, roles
    end = trigger.start()
    for _ in range(3):  # the demonym stands at most two words before the weapon
        match = _WORD_BEFORE.search(text, 0, end)
        if match is None or any(a.start <= offset + match.start(1) < a.end for a in found):
            break  # "Kenyan police fired tear gas": the word belongs to another actor
        owner = act.state_of_demonym(match.group(1))
        if owner is not None:
            start = offset + match.start(1)
            owner = replace(owner, start=start, end=start + len(match.group(1)))
            return [owner, *[a for a in found if a.start != start]], {**roles, owner: rl.TRIGGER_AGENT}
        end = match.start()
    return found, roles


def _build(ctx: _Context, sentence: _Sentence, sub: SubEvent, trigger: re.Match[str], span: Span | None,
           found: list[act.ActorMention], roles: dict, deaths: list[Deaths]) -> Mention:
    """Assemble the mention: evidence, date, place, actors, fatalities, confidence."""
    from .geo import locate_event  # imported here: the gazetteer behind it is heavy
    from .time import choose_date

    article = ctx.article
    anchor = sentence.start + trigger.start()
    when = choose_date(ctx.timexes, sentence.start, sentence.end, article.published, anchor, article.text, ctx.doc,
                       article.published_precision)
    date, precision = when.day, when.precision
    place, geo_precision = locate_event(sentence.start, sentence.end, ctx.toponyms, article, ctx.doc)
    country = act.acled_country(place.iso2, place.country) if place else None
    n1, n2 = _actors(ctx, sentence, sub, span, found, roles, deaths, country)
    best = _best(deaths)
    source = Source(article.id, article.source, article.url, article.published,
                    article.text[sentence.start:sentence.end], sentence.start, sentence.end, article.hash)
    civ = sub.event_type == "Violence against civilians" or (
        sub.event_type == "Explosions/Remote violence" and n2[1] == 7)
    mention = Mention(
        source=source, event_type=sub.event_type, sub_event_type=sub.sub_event_type, trigger=trigger.group(0),
        actor1=n1[0], actor2=n2[0], assoc_actor_1=n1[2], assoc_actor_2=n2[2], inter1=n1[1], inter2=n2[1],
        civilian_targeting=civ, fatalities_low=best.low if best else 0, fatalities_high=best.high if best else 0,
        fatalities_known=best is not None, event_date=date, time_precision=precision, span_end=when.last,
        place=place, geo_precision=geo_precision,
    )
    return replace(mention, confidence=confidence(mention, sub.strength))


_NO_ACTOR = (None, None, None)


def _actors(ctx: _Context, sentence: _Sentence, sub: SubEvent, span: Span | None, found: list[act.ActorMention],
            roles: dict, deaths: list[Deaths], country: str | None) -> tuple[tuple, tuple]:
    """ACLED names of actor 1 and actor 2: from the parse, a claim of responsibility, or ACLED's default."""
    if sub.event_type in ("Protests", "Riots"):
        a1, a2 = rl.demonstrators(found, sub.event_type, roles)
    else:
        owner = rl.resolve_possessive(ctx.doc, span, found) if span is not None else None
        dead = [(sentence.start + d.start, sentence.start + d.end) for d in deaths]
        a1, a2 = rl.pick(found, roles, [d.victim for d in deaths], owner, dead)
    if sub.event_type == "Battles" and a2 is not None and a2.kind in (act.CIVILIANS, act.PROTESTERS):
        a2 = None  # a battle is fought between armed sides; civilians killed in it count among its dead only
    if a2 is None and sub.event_type == "Violence against civilians":
        a2 = act.ActorMention(0, 0, "", act.CIVILIANS, None, 7)  # ACLED: the victims of this type are civilians
    claim = ctx.claim if sentence.start in ctx.claimed_at else None
    if a1 is None and claim is not None:
        a1 = claim.actor
    if a1 is None and sub.event_type in _VIOLENT:
        a1 = act.by_default(ctx.article.text[sentence.start:sentence.end], sub.sub_event_type, country)
    group = claim.actor if claim is not None else ctx.armed_group
    claimed = claim is not None and claim.claimed
    n1 = act.actor_name(a1, country, group, claimed, ctx.coalition) if a1 else _NO_ACTOR
    n2 = act.actor_name(a2, country, group, claimed, ctx.coalition) if a2 else _NO_ACTOR
    return n1, (_NO_ACTOR if n2[0] == n1[0] else n2)
