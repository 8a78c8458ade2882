"""One coding per event within a report: shared tolls and actors."""

from __future__ import annotations

import pytest

from dataclasses import replace

from factories import make_article, make_mention
from frontwire.consolidate import Coded, combine, consolidate

ARTICLE = make_article("KABUL - Gunmen stormed a university, killing 19. Afghan forces killed the attackers.")


def mention(start: int = 0, **fields):
    """A mention of the Kabul report with `fields` set."""
    return replace(make_mention(ARTICLE, start), **fields)


@pytest.mark.parametrize(("figures", "low", "high"), [
    ([(52, 52, False, True), (100, 100, False, True)], 52, 100),  # rival accounts: the lowest, range to the highest
    ([(40, 40, False, True), (95, 95, True, True)], 95, 95),  # an update replaces the toll
    ([(35, 35, False, True), (2, 2, False, False)], 35, 35),  # a part never replaces a whole toll
    ([(12, 12, False, False)], 12, 12),  # a guess counts when nothing better is given
])
def test_consolidate_combine(figures, low, high):
    combined = combine(mention(fatalities_known=False), figures)
    assert (combined.fatalities_low, combined.fatalities_high) == (low, high)


def test_consolidate_later_sentences_share_the_lead_actors_and_toll():
    lede = mention(start=0, actor1="Unidentified Armed Group (Afghanistan)", actor2="Civilians (Afghanistan)",
                   fatalities_low=19, fatalities_high=19, fatalities_known=True)
    later = mention(start=48, actor1="Military Forces of Afghanistan", actor2=None, fatalities_known=False)
    first, second = consolidate([Coded(lede, False, True), Coded(later, False, True)])
    assert second.actor1 == first.actor1 == "Unidentified Armed Group (Afghanistan)"
    assert second.fatalities_low == 19
