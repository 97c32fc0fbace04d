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


def test_glued_scales():
    # "bn" and "tn" scale any number written against them; "m" and "k" only money
    assert [(q.value, q.unit) for q in quantities("Rebels seized $60bn and 2tn tonnes of grain.")] == [
        (60e9, "dollars"),
        (2e12, "tonn"),
    ]
    assert [q.value for q in quantities("The fine was £1.5m, the bonus $300k.")] == [1.5e6, 300e3]
    assert [q.unit for q in quantities("She won the 400m race in 50 seconds.")] == ["m", "second"]
    # the same amount written two ways agrees
    assert (
        quantity_conflict(
            "Lagos pledged $4bn to the port.", "Lagos pledged $4 billion to the port.", close=True
        )
        is None
    )


def test_part_of_a_whole_counts_the_whole_noun():
    got = [(q.value, q.unit) for q in quantities("The Greens won 41 of the 120 seats.")]
    assert got == [(41.0, "seat"), (120.0, "seat")]
    # one side gives the total as well: the part still agrees
    assert (
        quantity_conflict("The Greens won 41 of 120 seats.", "The Greens won 41 seats.", close=True) is None
    )
    assert quantity_conflict("The Greens won 41 of 120 seats.", "The Greens won 45 seats.", close=True)


def test_amounts_of_differently_named_things_do_not_conflict():
    # the names after the amounts say they measure different things
    assert (
        quantity_conflict(
            "Ruritania set duties on $40 billion of Freedonian steel.",
            "Freedonia set duties on $25 billion of Ruritanian steel.",
            close=True,
        )
        is None
    )
    # a day after the amount says when, not what; a name past a comma is not what the amount is of
    assert [q.of for q in quantities("It paid $40 billion on Tuesday, Reuters said.")] == [frozenset()]
    hit = quantity_conflict(
        "The port deal is worth $40 billion, Reuters said.",
        "The port deal is worth $25 billion, officials said.",
        close=True,
    )
    assert hit and hit[0] == "dollars"
