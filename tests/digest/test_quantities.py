from parallax.digest.compare import compare
from parallax.digest.quantities import quantities, quantity_conflict
from parallax.model import Article


def test_counted_quantities():
    got = [
        (q.value, q.unit) for q in quantities("Some 3,100 dockworkers and 2 million euros, a 112-vote lead.")
    ]
    assert got == [(3100.0, "dockwork"), (2e6, "euro"), (112.0, "vote")]
    # years, clock times, bounds and ordinals are not counts
    assert quantities("In 2019, at 10:30 a.m., more than 2,000 people met on the 23rd floor.") == []


def test_quantity_conflicts_and_guards():
    hit = quantity_conflict(
        "Clarke was 121 votes ahead of Reyne.", "The count gave Clarke a 112-vote lead over Reyne."
    )
    assert hit and hit[0] == "vote"
    # different days of the same kind: different facts
    assert (
        quantity_conflict("38 ships waited on Wednesday.", "41 ships waited on Thursday.", close=True) is None
    )
    # approximately equal values agree; ranges in either order agree
    assert quantity_conflict("About 2,400 workers struck.", "Some 2,410 workers struck.", close=True) is None
    assert (
        quantity_conflict("buried 3,000 to 1,500 years ago", "buried 1,500 to 3,000 years ago", close=True)
        is None
    )
    # unrelated measures of one unit (no shared context, not close) do not conflict
    assert (
        quantity_conflict(
            "The strike costs the economy 3 million euros a day.", "The demands would add 61 million euros."
        )
        is None
    )


def test_compare_reports_paraphrased_count_difference():
    a = Article(
        id="a",
        source="a",
        outlet="Ledger",
        text="A recount began on Monday after the first count gave Clarke a 112-vote lead over Reyne.",
    )
    b = Article(
        id="b",
        source="b",
        outlet="Standard",
        text="The recount got under way on Monday, with Clarke 121 votes ahead of Reyne after the first count.",
    )
    comp = compare([a, b])
    assert any(
        c.slot == "number" and "121" in c.explanation and "112" in c.explanation for c in comp.contradictions
    )
