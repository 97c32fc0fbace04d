from parallax.digest.summary import Summarizer, SummaryConfig, compress, is_content
from parallax.digest.text import split_sentences, token_subsequence
from parallax.model import Article

A = (
    "The city council voted on Tuesday to approve a new budget of 12 million dollars for road repairs. "
    "Mayor Jane Smith said the money would fix potholes across the downtown district this summer. "
    "Critics argued the plan ignores public transport. "
    "Subscribe to our newsletter for more local news and updates every day."
)
B = (
    "On Tuesday the city council approved a new budget of 12 million dollars for road repairs. "
    "The vote passed six to three after a long debate in the council chamber downtown. "
    "Work on the potholes is expected to start in June, officials said in a statement."
)
C = "A local bakery won a national prize for its sourdough bread, the owner told reporters on Monday afternoon."


def arts():
    return [
        Article(id="a", source="a.txt", text=A, outlet="Daily A"),
        Article(id="b", source="b.txt", text=B, outlet="Daily B"),
        Article(id="c", source="c.txt", text=C, outlet="Daily C"),
    ]


def test_every_sentence_is_cited_and_faithful():
    by_id = {a.id: a for a in arts()}
    out = Summarizer().summarize(arts(), 60)
    assert out
    for s in out:
        assert s.sources
        c = s.sources[0]
        span = by_id[c.article_id].text[c.start : c.end]
        assert s.text == span or token_subsequence(s.text, span)


def test_budget_is_respected():
    for budget in (10, 25, 40, 200):
        out = Summarizer().summarize(arts(), budget)
        assert sum(len(s.text.split()) for s in out) <= budget


def test_near_identical_sentences_are_merged_with_both_citations():
    out = Summarizer().summarize(arts(), 40)
    budget_sent = [s for s in out if "budget" in s.text]
    assert len(budget_sent) == 1
    assert {c.article_id for c in budget_sent[0].sources} == {"a", "b"}


def test_furniture_and_questions_are_not_content():
    cfg = SummaryConfig()
    assert not is_content("Subscribe to our newsletter for more local news and updates every day.", cfg)
    assert not is_content("What did the council decide about the budget this week?", cfg)
    assert not is_content("By John Smith", cfg)
    assert is_content("The council approved a new budget of 12 million dollars on Tuesday.", cfg)


def test_compress_drops_dateline_and_connective():
    assert compress("HANOI -- Talks between the two leaders collapsed on Thursday.") == (
        "Talks between the two leaders collapsed on Thursday."
    )
    assert compress("But the plan was rejected by the council.") == "The plan was rejected by the council."
    assert token_subsequence(compress("However, the vote passed."), "However, the vote passed.")


def test_empty_inputs():
    assert Summarizer().summarize([], 50) == []
    assert Summarizer().summarize([Article(id="x", source="x", text="")], 50) == []
    assert Summarizer().summarize(arts(), 0) == []


def test_sentence_spans_are_offsets():
    text = "First sentence here. Second one follows!"
    spans = split_sentences(text)
    assert [text[s.start : s.end] for s in spans] == ["First sentence here.", "Second one follows!"]


def test_unpunctuated_text_still_gets_a_faithful_summary():
    text = " ".join(f"word{i} and the council met again to talk about roads" for i in range(30))
    art = Article(id="t", source="t", text=text)
    out = Summarizer().summarize([art], 50)
    assert out and sum(len(s.text.split()) for s in out) <= 50
    c = out[0].sources[0]
    assert token_subsequence(out[0].text, text[c.start : c.end])
