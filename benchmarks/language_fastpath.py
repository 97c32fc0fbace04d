"""The English fast path of ``detect_language`` against py3langid alone, on real texts of many languages.

Texts: the main text (trafilatura) of every HTML page of ``htmldate-eval`` and ``trafilatura-eval``
(German, English, Spanish, French, Polish, Chinese, Russian, ... news and blog pages) and the Multi-News
validation articles. For each text, py3langid's answer (the fast path off) and whether the fast path
fires; a fast path is safe when every text it fires on is one py3langid calls English (or cannot
call). The share grid shows the margin around the shipped ``ENGLISH_SHARE``. Also timed: loading the
py3langid model, the cost the fast path saves.

    python benchmarks/language_fastpath.py
"""

from __future__ import annotations

import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))
import parallax.extract.language as language
from common_metrics import decode_html, read_gz
from stories_common import DATA, load_multinews, write_result


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def texts() -> list[tuple[str, str]]:
    """(set name, text) of every page and article used."""
    out = []
    for folder in ("htmldate-eval", "trafilatura-eval"):
        for path in sorted((DATA / folder / "html").glob("*.gz")):
            text = trafilatura.extract(decode_html(read_gz(path)))
            if text:
                out.append(("web pages", text))
    out += [("multinews", d) for ev in load_multinews("validation") for d in ev["documents"]]
    return out


def main() -> None:
    if not DATA.exists():
        sys.exit(f"no data at {DATA}")
    wall, cpu = time.perf_counter(), _cpu()
    language._model()
    load = {"wall_s": round(time.perf_counter() - wall, 3), "cpu_s": round(_cpu() - cpu, 3)}
    shipped = language.ENGLISH_SHARE
    rows: list[dict[str, Any]] = []
    for name, text in texts():
        sample = language._URL.sub(" ", text[: language.MAX_CHARS])
        language.ENGLISH_SHARE = float("inf")  # py3langid alone
        alone = language.detect_language(text)
        language.ENGLISH_SHARE = shipped
        rows.append({"set": name, "langid": alone, "sample": sample})
    grid = {}
    for share in (0.08, 0.09, 0.10, 0.11, 0.12, 0.13):
        language.ENGLISH_SHARE = share
        fired = [r for r in rows if language.clearly_english(r["sample"])]
        english = [r for r in rows if r["langid"] == "en"]
        grid[str(share)] = {
            "fired": len(fired),
            "fired_langid_not_en": dict(Counter(str(r["langid"]) for r in fired if r["langid"] != "en")),
            "english_texts_fast": round(
                sum(language.clearly_english(r["sample"]) for r in english) / len(english), 3
            ),
        }
    language.ENGLISH_SHARE = shipped
    result = {
        "texts": dict(Counter(r["set"] for r in rows)),
        "langid_answers": dict(Counter(str(r["langid"]) for r in rows).most_common(12)),
        "shipped_share": shipped,
        "langid_model_load": load,
        "grid": grid,
    }
    write_result("language_fastpath", result)
    print(result)


if __name__ == "__main__":
    main()
