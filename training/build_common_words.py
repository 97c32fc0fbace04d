"""Build ``src/parallax/data/common_en.txt``: the English words of Zipf frequency >= 4.5 (wordfreq).

Two tagger rules ask "is this a common English word?" (a capitalised clause opener, a frequent -ly
adverb). Asking ``wordfreq`` itself costs ~0.6 s of start-up (its import and its English table) for a
yes/no answer on a few words, so the answer for every alphabetic word is frozen here once (~3,000
words, 21 KB). Rerun after upgrading wordfreq; ``tests/test_words.py`` checks the file against it.

    python training/build_common_words.py
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "parallax" / "data" / "common_en.txt"
#: Zipf 4.5 = 31.6 occurrences per million words.
MIN_ZIPF = 4.5


def common_words(min_zipf: float = MIN_ZIPF) -> list[str]:
    """Alphabetic English words at or above ``min_zipf``, sorted."""
    import wordfreq

    freq = wordfreq.get_frequency_dict("en")
    return sorted(w for w in freq if w.isalpha() and wordfreq.zipf_frequency(w, "en") >= min_zipf)


def main() -> None:
    from importlib.metadata import version

    words = common_words()
    header = (
        f"# wordfreq {version('wordfreq')}, English, Zipf >= {MIN_ZIPF}: training/build_common_words.py\n"
    )
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"wrote {len(words)} words to {OUT}")


if __name__ == "__main__":
    main()
