"""The bench's mixes and measurements (its figures are read in `frontwire bench`, never asserted as timings)."""

from __future__ import annotations

from frontwire import bench

from conftest import EVAL


def test_bench_general_mix_takes_an_even_share_of_each_benchmark():
    sources = bench.general_sources(EVAL)
    assert set(sources) == {"lgl", "geovirus", "timebank", "ecbplus"}
    mix = bench._general_texts(40)
    assert len(mix) == 40
    for name, texts in sources.items():
        assert sum(t in set(texts) for t in mix) >= 10, name
    assert mix[:4] == [texts[0] for texts in sources.values()]  # round robin: every slice mixes the kinds


def test_bench_compare_times_both_sides_on_the_same_texts(nlp):
    texts = ["Coalition airstrikes killed about 40 militants in Mosul on Monday."] * 3 + ["The council met."]
    rates = bench.compare(texts)
    assert set(rates) == {"spacy_aps", "frontwire_aps"} and all(v > 0 for v in rates.values())


def test_bench_prefilter_pass_shares():
    calm = "The council approved the library budget and new opening hours for the reading rooms. " * 8
    shares = bench.prefilter_pass([calm, "Coalition airstrikes killed 40 militants in Mosul on Monday."])
    assert shares["texts"] == 0.5 and 0 < shares["chars"] < 0.5


def test_bench_cli_quick_has_the_contract_keys(cli):
    records, result = cli.jsonl("bench", "--quick", "--format", "json", timeout=900)
    assert result.returncode == 0, result.stderr
    figures = records[0]
    for key in ("general_ratio", "conflict_ratio", "speedup_2_workers", "peak_rss_mb"):
        assert isinstance(figures[key], (int, float)) and figures[key] > 0, key
