"""Contradiction rules on small real-looking pairs (issue 15's findings on real multi-outlet stories)."""

from parallax.digest.compare import CompareConfig, compare, slot_conflict
from parallax.digest.polarity import actions, polarity_conflict
from parallax.model import Article

CFG = CompareConfig()


def _two(a: str, b: str, config: CompareConfig | None = None):
    return compare(
        [
            Article(id="a", source="a", text=a, outlet="Ledger"),
            Article(id="b", source="b", text=b, outlet="Standard"),
        ],
        config=config,
    )


def test_money_amounts_are_compared_by_value():
    hit = slot_conflict(
        "The Pentagon said it would divert $3.5 billion from military construction projects.",
        "The Pentagon said it would divert $3.6 billion from military construction projects.",
        CFG,
    )
    assert hit == ("money", "money: $3.5 billion vs $3.6 billion")
    # one amount written two ways is one amount
    assert (
        slot_conflict(
            "The Pentagon said it would divert $3.5 billion from military construction projects.",
            "The Pentagon said it would divert $3,500 million from military construction projects.",
            CFG,
        )
        is None
    )
    # "2" is not a shortened "2.5": the truncation guard reads whole numbers
    hit = slot_conflict(
        "The city will pay $2 million to the family of the man, officials said.",
        "The city will pay $2.5 million to the family of the man, officials said.",
        CFG,
    )
    assert hit and hit[0] == "money"


def test_money_conflict_is_not_a_shared_fact():
    comp = _two(
        "The Pentagon said it would divert $3.5 billion from military construction projects to pay for the "
        "border wall. The move angered Democrats in Congress.",
        "The Pentagon will divert $3.6 billion from military construction projects to build the border wall. "
        "Democrats in Congress were angered by the move.",
    )
    money = [c for c in comp.contradictions if c.slot == "money"]
    assert len(money) == 1 and "$3.5 billion" in money[0].explanation
    assert not any("$3.6 billion" in c.text for g in comp.common for c in g)


def test_paused_versus_abandoned():
    hit = polarity_conflict(
        "The company said the pipeline project had been put on hold pending a review.",
        "The company said the pipeline project had been abandoned after the review.",
    )
    assert hit == ("polarity", "polarity: 'pause' vs 'end'")
    # "hold" names a pause only in "on hold"
    assert actions("The company will hold a review of the pipeline project.") == (set(), set())


def test_negated_action_versus_the_same_action_in_other_words():
    a = (
        "On Wednesday, President Trump said he was not planning to waive or repeal Puerto Rico's inclusion "
        "in the Jones Act, the century-old law that restricts domestic shipping."
    )
    b = "President Trump said Wednesday that he is considering lifting the Jones Act to help Puerto Rico recover."
    hit = polarity_conflict(a, b)
    assert hit and hit[0] == "polarity" and "'lift'" in hit[1]
    assert any(c.slot == "polarity" for c in _two(a, b, CompareConfig(polarity=True)).contradictions)
    assert not any(c.slot == "polarity" for c in _two(a, b).contradictions)  # off by default
    # an embedded question is outside the negation's scope
    assert (
        polarity_conflict("He did not say whether he would lift the ban.", "He lifted the ban on Monday.")
        is None
    )


def test_name_spellings_and_sept_11_are_not_contradictions():
    comp = _two(
        "Libyan leader Moammar Qaddafi was killed in Sirte on Thursday, officials said.",
        "Libyan leader Moammar Gadhafi was killed in Sirte on Thursday, officials said.",
    )
    assert comp.contradictions == []
    comp = _two(
        "The attacks of Sept. 11 were carried out by 19 hijackers, the commission found.",
        "The commission found that 19 hijackers carried out the Sept. 11 attacks.",
    )
    assert comp.contradictions == []
