"""Who acted and on whom: actor roles from the dependency parse, and claims of responsibility."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from . import actors as act
from .consolidate import VIOLENT
from .nlp import doc_text, sentence_bounds

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Roles an actor mention can take in a sentence about an event.
TRIGGER_AGENT, AGENT, PATIENT = "trigger_agent", "agent", "patient"
BLAMED, OPPONENT, PARTY = "blamed", "opponent", "party"  # named as the doer by others; the other side
SPEAKER, SUPPORTER, HOLDER = "speaker", "supporter", "holder"  # never the doer of the event itself
NOT_ACTOR1 = {PATIENT, SPEAKER, SUPPORTER, HOLDER, OPPONENT}
# Verbs of reporting: their subject tells of the event, it did not carry it out.
SPEECH = {"say", "tell", "report", "add", "state", "announce", "confirm", "deny", "allege", "insist", "warn",
          "note", "describe", "call", "accuse", "blame", "condemn", "estimate", "quote", "write", "according",
          "reveal", "disclose", "stress", "acknowledge", "admit", "believe", "suspect", "fear", "urge"}
_BLAME = {"blame", "accuse", "attribute"}
_SUPPORT = {"back", "support", "aid", "assist", "arm", "fund", "help", "accompany", "reinforce"}
_BATTLE = {"clash", "fight", "fighting", "battle", "skirmish", "exchange", "firefight", "gunfight", "gunbattle",
           "combat", "engagement", "confrontation"}
# Verbs that tell what an attack did to its targets ("..., killing 18 people", "wounding dozens").
_HARM = {"kill", "wound", "injure", "hit", "strike", "destroy", "damage", "target", "maim", "trap", "bury"}
_PATIENT_PREPS = {"on", "against", "targeting", "at", "into", "from", "upon"}
# Links through which a word shares the role of the phrase it belongs to ("the Kurdish security forces").
_NOMINAL = {"compound", "amod", "poss", "nmod", "appos", "conj", "det", "nummod", "quantmod", "npadvmod"}
# Clause links along which the doer of one verb is the doer of the next ("stormed ..., killing 19").
_SAME_DOER = {"advcl", "xcomp", "conj", "pcomp"}
# Pronouns by which a speaker names itself as the subject of what it tells ("said it had intercepted").
_SELF = {"it", "they", "we"}
# Dependencies of a clause under another verb.
_CLAUSES = {"advcl", "relcl", "ccomp", "acl"}
_HELD = ("-held", "-controlled", "-run", "-occupied", " held", " controlled")
# The event words a claim may name ("claimed responsibility for the bombing").
_CLAIM_NOUNS = {"attack", "attacks", "bombing", "bombings", "blast", "explosion", "killing", "killings", "assault",
                "raid", "strike", "abduction", "kidnapping", "ambush", "massacre"}


def chain(trigger: Span) -> tuple[set[int], int | None]:
    """Token ids of the trigger's clause verbs (its own verb and those it depends on), and a relative head.

    A noun trigger belongs to the verb above it ("air strikes ... killed"); a participle or a conjoined verb
    shares the doer of the verb it hangs on ("stormed the university, killing 19"). A clause reported by a
    speech verb stops the climb: the speaker is not the doer.
    """
    token = trigger.root
    ids = {t.i for t in trigger}
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    ids.add(token.i)
    relative = None
    for _ in range(6):
        head = token.head
        if token.dep_ == "relcl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
            relative = head.i  # "gunmen who stormed the base": the gunmen did it
            break
        if token.dep_ not in _SAME_DOER or head is token or head.pos_ not in ("VERB", "AUX") \
                or head.lemma_ in SPEECH:
            break
        token = head
        ids.add(token.i)
    # "slammed into a mall, killing 18 people": a participle of the event's verb shares its doer and targets
    for verb in [trigger.doc[i] for i in sorted(ids)]:
        ids.update(c.i for c in verb.children if c.dep_ in _SAME_DOER and c.lemma_ in _HARM
                   and not any(g.dep_ == "mark" for g in c.children))
    return ids, relative


# A headline's source after a colon or dash at its end: "Car bomb kills 8 in Baghdad: police".
_CREDIT = re.compile(r"(?::|\s-+|\s\u2014|\s\u2013)\s*(?:[\w.'\u2019]+\s*){1,4}\W*$")


def role(doc: Doc, mention: act.ActorMention, trigger: Span | None) -> str | None:
    """The role of one actor mention towards the event trigger; None when the parse does not say."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or trigger is None:
        return None
    first, last = sentence_bounds(doc, span.root.i)
    credit = _CREDIT.search(doc_text(doc), doc[first].idx, doc[last].idx + len(doc[last]))
    if credit is not None and mention.start >= credit.start() and trigger.start_char < credit.start():
        return SPEAKER
    verbs, relative = chain(trigger)
    if mention.related:
        return SUPPORTER  # "the al Qaeda-linked group": the group is another actor
    found = _attach(span.root, {t.i for t in trigger}, verbs, relative)
    if found != PATIENT and _held(doc_text(doc), mention.end):
        return HOLDER  # "a rebel-held district": who holds the place, not who struck it
    return found


def main_clause(trigger: Span | None) -> Span | None:
    """The trigger up to the first clause inside it that has a subject of its own ("moved into the town after
    Ethiopian troops pulled out"): that subject did something else, and is not the trigger's doer."""
    if trigger is None:
        return None
    root = trigger.root
    ends = [t.left_edge.i for t in trigger if t.i > root.i and t.dep_ in _CLAUSES
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)]
    end = min((i for i in ends if i > root.i), default=trigger.end)
    return trigger.doc[trigger.start:end]


def _attach(token: Token, trigger_ids: set[int], verbs: set[int], relative: int | None) -> str | None:
    """Climb from a name to the head of its phrase, then read the phrase's link to the event's clause."""
    for _ in range(10):
        if token.i in trigger_ids:
            return TRIGGER_AGENT  # the trigger names its doer ("suicide bombers", "coalition airstrikes")
        if token.i == relative:
            return AGENT
        head = token.head
        if token.dep_ in ("compound", "amod", "poss", "nmod") and head.i in trigger_ids:
            return TRIGGER_AGENT
        if token.dep_ in _NOMINAL and head is not token and head.pos_ not in ("VERB", "AUX"):
            token = head
            continue
        if token.dep_ == "pobj" and head.lower_ in ("of", "from") and head.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
            token = head.head  # "members of the security forces", "dozens of militants", "troops from the CTS"
            continue
        return _link(token, trigger_ids, verbs)
    return None


def _link(token: Token, trigger_ids: set[int], verbs: set[int]) -> str | None:
    """Role of a phrase head from its dependency link."""
    dep, head = token.dep_, token.head
    in_clause = head.i in verbs or head.i in trigger_ids
    if dep in ("nsubj", "csubj"):
        if in_clause or head.lemma_ in SPEECH and (_first_of_two_subjects(token, trigger_ids)
                                                   or _said_it_did(head, trigger_ids | verbs)):
            return AGENT
        return SPEAKER if head.lemma_ in SPEECH else None
    if dep == "nsubjpass":
        return PATIENT if in_clause else None
    if dep in ("dobj", "dative", "attr", "oprd"):
        if head.lemma_ in _BLAME:
            return BLAMED  # "blamed the coalition": the doer, by someone else's account
        return PATIENT if in_clause else None
    if dep == "pobj":
        return _prepositional(head) if head.pos_ == "ADP" or head.dep_ in ("prep", "agent") else None
    return None


def _first_of_two_subjects(token: Token, trigger_ids: set[int]) -> bool:
    """`Rebels of the ADF, a group that ..., killed 36 people, officials said`: a long aside can make the parser
    give the speech verb two subjects; the one before the trigger, with the other after it, is the trigger's doer."""
    if not trigger_ids or token.i > min(trigger_ids):
        return False
    return any(c.dep_ in ("nsubj", "csubj") and c.i > max(trigger_ids) for c in token.head.children)


def _said_it_did(speech: Token, event_ids: set[int]) -> bool:
    """"The coalition said it had intercepted a drone": a speaker who tells of its own deed, by a pronoun subject
    of the event's clause, did it."""
    return any(clause.dep_ == "ccomp" and clause.i in event_ids
               and any(c.dep_ == "nsubj" and c.lower_ in _SELF for c in clause.children)
               for clause in speech.children)


def _prepositional(prep: Token) -> str | None:
    """Role of the object of a preposition, from the preposition and what it hangs on."""
    word, governor = prep.lower_, prep.head
    if word == "by" or prep.dep_ == "agent":
        if governor.lemma_ in _SUPPORT:
            return SUPPORTER  # "forces backed by the coalition"
        if governor.lemma_ in _BLAME or governor.lemma_ == "claim":
            return BLAMED
        return AGENT
    if word == "with" and governor.lemma_.lower() in _BATTLE:
        return OPPONENT  # "fighting with the army", "clashed with the SDF"
    if word == "between":
        return PARTY
    if word == "on" and governor.lemma_ in _BLAME:
        return BLAMED  # "blamed the attack on Boko Haram"
    if word in _PATIENT_PREPS:
        return PATIENT
    return None


def _held(text: str, end: int) -> bool:
    """The name is followed by -held, -controlled ...: it says who holds a place."""
    return any(text.startswith(suffix, end) for suffix in _HELD)


def resolve_possessive(doc: Doc, trigger: Span, found: list[act.ActorMention]) -> act.ActorMention | None:
    """"its warplanes", "their fighters": the nearest armed actor named before the pronoun."""
    owner = next((t for t in trigger.root.children if t.dep_ == "poss" and t.lower_ in ("its", "their")), None)
    if owner is None:
        return None
    before = [a for a in found if a.end <= owner.idx and act.is_armed(a)]
    return before[-1] if before else None


@dataclass(frozen=True)
class Claim:
    """An actor named as the author of an article's violence: by its own claim, or blamed by others."""

    actor: act.ActorMention
    claimed: bool  # True: the actor claimed it; False: others blamed it
    noun: str  # the event word of the claim ("bombing", "attack"), "" when not said


def claims(doc: Doc, found: list[act.ActorMention]) -> list[Claim]:
    """Claims of responsibility and attributions in the article's sentences ("IS claimed the bombing")."""
    out = []
    for mention in found:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        # "accused the army" names the state's forces; "blamed militants" names nobody
        if span is None or not act.is_armed(mention) or mention.kind == act.ARMED or mention.related:
            continue
        claim = _claim_of(span.root, mention)
        if claim is not None:
            out.append(claim)
    return out


def _claim_of(token: Token, mention: act.ActorMention) -> Claim | None:
    """The claim this name takes part in, if any."""
    for _ in range(6):
        if token.dep_ in _NOMINAL and token.head is not token and token.head.pos_ not in ("VERB", "AUX"):
            token = token.head
            continue
        break
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in ("by", "on"):
        verb, by_other = head.head, head.lower_ == "on"
    elif token.dep_ in ("nsubj", "dobj"):
        verb, by_other = head, token.dep_ == "dobj"
    else:
        return None
    if any(child.dep_ == "neg" for child in verb.children):
        return None
    if verb.lemma_ == "claim" and not by_other:
        return Claim(mention, True, _claimed_noun(verb))
    if verb.lemma_ in ("say", "announce", "state") and not by_other and _own_deed(verb):
        return Claim(mention, True, _claimed_noun(verb))  # "Al Shabaab said it had carried out the attack"
    if verb.lemma_ in _BLAME and (by_other or token.dep_ == "dobj"):
        return Claim(mention, False, _claimed_noun(verb))
    return None


_DEED = {"carry", "conduct", "stage", "launch", "execute", "perpetrate", "mount"}


def _own_deed(verb: Token) -> bool:
    """The statement says its speaker did it: "said it had carried out", "said its fighters launched"."""
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        own = subject is not None and (subject.lower_ in ("it", "they", "we") or
                                       any(c.lower_ in ("its", "their", "our") for c in subject.children))
        if own and clause.lemma_ in _DEED:
            return True
    return False


def _claimed_noun(verb: Token) -> str:
    """The event word a claim is about ("claimed responsibility for the bombing" -> "bombing")."""
    for token in verb.subtree:
        if token.lower_ in _CLAIM_NOUNS:
            return token.lower_
    return ""


def pick(found: list[act.ActorMention], role_of: dict, victims: list[str],
         possessive: act.ActorMention | None,
         dead: list[tuple[int, int]] = ()) -> tuple[act.ActorMention | None, act.ActorMention | None]:
    """Actor 1 (who acted) and actor 2 (on whom) of a violent event, from the roles the parse gave.

    `dead` are the spans of the death phrases ("22 IS militants"): who is named in one died, and is
    not actor 1 unless the parse says it acted.
    """
    # Civilians and protesters are never the ones who carry out political violence.
    doers = [a for a in found if a.kind not in (act.CIVILIANS, act.PROTESTERS)
             and (role_of.get(a) in (TRIGGER_AGENT, AGENT) or not any(s <= a.start < e for s, e in dead))]
    # among equals, a name says more than a common noun ("troops from the Counter Terrorism Service")
    doers.sort(key=act.is_generic)
    actor1 = None
    for wanted in (TRIGGER_AGENT, AGENT, BLAMED, PARTY):
        actor1 = next((a for a in doers if role_of.get(a) == wanted), None)
        if actor1 is not None:
            break
    actor1 = actor1 or possessive or next((a for a in doers if role_of.get(a) is None), None)
    others = sorted((_as_victims(a) for a in found if not _same(a, actor1)), key=act.is_generic)
    actor2 = next((a for a in others if role_of.get(a) == PATIENT), None) \
        or next((a for a in others if role_of.get(a) in (OPPONENT, PARTY)), None) \
        or _victim(others, victims)
    if actor2 is None and actor1 is not None:
        actor2 = next((a for a in others if role_of.get(a) not in (SPEAKER, SUPPORTER)), None)
    return actor1, actor2


def _as_victims(mention: act.ActorMention) -> act.ActorMention:
    """A crowd struck by violence is civilians: only demonstrations make it protesters."""
    if mention.kind == act.PROTESTERS and mention.text.lower() in ("crowd", "crowds"):
        return replace(mention, kind=act.CIVILIANS, inter=7)
    return mention


def _same(a: act.ActorMention, b: act.ActorMention | None) -> bool:
    """The same mention, or another mention of the same actor."""
    return b is not None and (a is b or (a.name is not None and a.name == b.name and a.kind == b.kind))


def _victim(found: list[act.ActorMention], victims: list[str]) -> act.ActorMention | None:
    """The dead, when the parse named no target: the actor named in a death phrase."""
    for words in victims:
        for mention in found:
            if mention.text.lower() in words.lower():
                return mention
    return None


def demonstrators(found: list[act.ActorMention], event_type: str,
                  roles: dict | None = None) -> tuple[act.ActorMention, act.ActorMention | None]:
    """ACLED codes the demonstrators as actor 1 and whoever intervened as actor 2 (not the police who only
    told of the rally: "..., police said")."""
    kind = act.RIOTERS if event_type == "Riots" else act.PROTESTERS
    inter = 6 if kind == act.PROTESTERS else 5
    crowd = next((a for a in found if a.kind in (act.PROTESTERS, act.RIOTERS)), None)
    crowd = crowd or act.ActorMention(0, 0, "", kind, None, inter)
    if crowd.kind != kind:
        crowd = act.ActorMention(crowd.start, crowd.end, crowd.text, kind, None, inter)
    return crowd, next((a for a in found if act.is_armed(a) and (roles or {}).get(a) != SPEAKER), None)


# Which events a claim covers, by the word it uses ("claimed the bombing" covers no ground battle).
_CLAIM_TYPES = {"bombing": "Explosions/Remote violence", "bombings": "Explosions/Remote violence",
                "blast": "Explosions/Remote violence", "explosion": "Explosions/Remote violence",
                "strike": "Explosions/Remote violence", "abduction": "Violence against civilians",
                "kidnapping": "Violence against civilians"}


def claim_target(found: list[Claim], events: list[list]) -> tuple[Claim | None, set[int]]:
    """The claim to apply, and the evidence offsets of the event it covers: the first violent event of its kind.

    `events` are a report's mentions grouped by event, in the order the report tells them.
    """
    claim = _one_claim(found)
    if claim is None:
        return None, set()
    violent = [g for g in events if g[0].event_type in VIOLENT]
    fitting = [g for g in violent if _CLAIM_TYPES.get(claim.noun, g[0].event_type) == g[0].event_type]
    chosen = (fitting or violent or [[]])[0]
    return claim, {m.source.start for m in chosen}


def _one_claim(found: list[Claim]) -> Claim | None:
    """The one actor that claimed the violence (or, failing a claim, was blamed for it); None if rivals."""
    for claimed in (True, False):
        named = {c.actor.name for c in found if c.claimed == claimed}
        if len(named) == 1:
            return next(c for c in found if c.claimed == claimed)
        if len(named) > 1:
            return None
    return None
