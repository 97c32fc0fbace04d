from parallax.digest.builder import DigestBuilder
from parallax.digest.framing import classify_sentence, framing_of
from parallax.digest.timeline import timeline
from parallax.model import Annotation, Article, Quote, Sentence, TimeExpr

TEXT_A = "The summit opened in Hanoi on February 27, 2019 with a dinner. Talks collapsed on February 28, 2019 without a deal."
TEXT_B = (
    "Talks collapsed on February 28, 2019 without a deal, officials said. The leaders first met in June 2018."
)


def _ann(aid, text, times):
    sents = []
    start = 0
    for part in text.split(". "):
        end = start + len(part) + (1 if not part.endswith(".") else 0)
        sents.append(Sentence(start, min(end, len(text))))
        start = end + 1
    tx = []
    for phrase, value in times:
        i = text.index(phrase)
        tx.append(TimeExpr(i, i + len(phrase), phrase, value))
    return Annotation(aid, text, sentences=sents, times=tx)


def test_timeline_sorted_and_merged():
    a = Article(id="a", source="a", text=TEXT_A)
    b = Article(id="b", source="b", text=TEXT_B)
    anns = {
        "a": _ann("a", TEXT_A, [("February 27, 2019", "2019-02-27"), ("February 28, 2019", "2019-02-28")]),
        "b": _ann("b", TEXT_B, [("February 28, 2019", "2019-02-28"), ("June 2018", "2018-06")]),
    }
    events = timeline([a, b], anns)
    assert [e.date for e in events] == ["2018-06", "2019-02-27", "2019-02-28"]
    collapse = events[-1]
    assert {c.article_id for c in collapse.sources} == {"a", "b"}
    texts = {"a": TEXT_A, "b": TEXT_B}
    for e in events:
        first = e.sources[0]
        assert texts[first.article_id][first.start : first.end] == e.text
        for c in e.sources[1:]:
            assert "2019" in texts[c.article_id][c.start : c.end]


def test_timeline_without_annotations_is_empty():
    assert timeline([Article(id="a", source="a", text=TEXT_A)], {}) == []


def test_framing_uses_annotation_quotes():
    text = '"We will not give up," said Jane Doe. The plan is clearly a disgraceful failure. The vote is on May 3.'
    art = Article(id="a", source="a", text=text, outlet="X")
    q = Quote(1, 18, "Jane Doe", cue="said")
    ann = Annotation("a", text, sentences=[Sentence(0, 37), Sentence(38, 78), Sentence(79, 101)], quotes=[q])
    f = framing_of("X", [art], {"a": ann})
    assert f.quoted == {"Jane Doe": 1}
    assert f.attributed_share > 0 and f.opinion_share > 0
    assert classify_sentence("Officials said the vote would go ahead.") == "attributed"
    assert classify_sentence("This is clearly a disaster we should avoid.") == "opinion"
    assert classify_sentence("The bridge opened in 1932.") == "report"


def test_digest_builder_one_story_and_quotes():
    a = Article(id="a", source="a", text=TEXT_A, outlet="A")
    b = Article(id="b", source="b", text=TEXT_B, outlet="B")
    q = Quote(0, 10, "Someone")
    anns = {"b": Annotation("b", TEXT_B, quotes=[q])}
    digests = DigestBuilder(max_words=40).digests([a, b], anns)
    assert len(digests) == 1
    d = digests[0]
    assert d.story.outlets == ["A", "B"] and d.story.article_ids == ["a", "b"]
    assert list(d.quotes) == ["Someone"]
    assert d.summary and all(s.sources for s in d.summary)


def test_seeds_timeline_has_the_summit(seeds_dir):
    from parallax import api

    run = api.digest([seeds_dir])
    dates = [e.date for e in run.digests[0].timeline]
    # the summit (Hanoi, 27-28 February 2019), not only "early 2017"
    assert any(d.startswith("2019-02-2") or d.startswith("2019-02-25/") for d in dates), dates
    assert "2017-01/2017-04" in dates
    summit = [e for e in run.digests[0].timeline if e.date == "2019-02-28"]
    assert summit and "talks" in summit[0].text.lower() and "collapsed" in summit[0].text


def test_demo_ferry_friday_is_the_next_day():
    from pathlib import Path

    from parallax import api

    demo = Path(__file__).resolve().parents[2] / "demo" / "corpus"
    run = api.digest([demo])
    events = [e for d in run.digests for e in d.timeline if "until Friday" in e.text]
    assert events and all(e.date >= "2026-03-20" for e in events), [(e.date, e.text) for e in events]
