"""Quality floor of plain-text extraction on rendered benchmark pages (slow; needs ../shared/data).

The shipped model saw these pages in training, so this is a regression gate, not the held-out
figure (that one is ``benchmarks/plaintext_lines.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"

#: In-sample shingle F1 measured when the model shipped, minus a small margin.
FLOOR_F1 = 0.95  # measured 0.968 (P 0.952, R 0.984)


@pytest.mark.slow
def test_aeb_text_renderings_floor(shared_data: Path) -> None:
    sys.path.insert(0, str(BENCH))
    from common_metrics import shingle_scores
    from parallax.extract.plaintext import extract_text
    from parallax.model import RawRecord
    from plaintext_data import aeb_gold, aeb_pages

    gold = aeb_gold()
    bodies = {
        page.key: extract_text(RawRecord(source=page.key, content="\n".join(page.lines), kind="text")).text
        for page in aeb_pages()
    }
    scores = shingle_scores(bodies, gold)
    assert scores["f1"] >= FLOOR_F1, scores["f1"]
