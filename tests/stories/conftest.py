"""Hand-written articles for the story tests (invented text, no shared data)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from story_texts import COPYRIGHT, ECUADOR, FURNITURE, NEPAL, NEPAL_OTHER_OUTLET, SUMMIT_2018, SUMMIT_2019

from parallax.model import Article


def make(aid: str, text: str, published: str | None = None, title: str | None = None) -> Article:
    return Article(id=aid, source=f"{aid}.txt", text=text, published=published, title=title)


@pytest.fixture()
def articles() -> dict[str, Article]:
    paras = NEPAL.split("\n\n")
    copy = FURNITURE + "\n\n".join(paras[:2] + paras[3:]) + COPYRIGHT  # furniture added, paragraph dropped
    return {
        "nepal": make("nepal", NEPAL, "2015-04-25", "Nepal earthquake kills hundreds"),
        "nepal_copy": make("nepal_copy", copy, "2015-04-25", "Quake devastates Nepal"),
        "nepal_exact": make("nepal_exact", NEPAL.upper(), "2015-04-26"),
        "nepal_other": make(
            "nepal_other", NEPAL_OTHER_OUTLET, "2015-04-26", "Aid arrives as Nepal toll passes 2,000"
        ),
        "ecuador": make("ecuador", ECUADOR, "2016-04-17", "Ecuador earthquake kills 233"),
        "summit_2018": make("summit_2018", SUMMIT_2018, "2018-06-12", "Trump and Kim meet in Singapore"),
        "summit_2019": make("summit_2019", SUMMIT_2019, "2019-02-28", "Trump-Kim summit in Hanoi ends early"),
    }
