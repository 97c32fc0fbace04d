"""How often the polarity rules (``parallax.digest.polarity``) fire on public NLI pairs, by gold label.

A precision check of the hand-written lexicon on text it was not written from: MultiNLI dev matched and
mismatched (``../shared/data/nli/mnli``) and Emergent claim / headline pairs (``../shared/data/nli/emergent``),
with the gate the comparison uses (the two sentences share at least 3 names or frame words). Reported per set:
pairs fired on, by label (a fire is right on ``contradiction`` / ``against``). Recall is not the point: the
rules cover a few actions and states.

    python benchmarks/polarity_nli.py
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter
from pathlib import Path

from common_metrics import DATA
from parallax.digest.conflicts import shared_facts
from parallax.digest.polarity import polarity_conflict
from stories_common import write_result

NLI = DATA / "nli"
SETS = (
    ("mnli_dev_matched", "mnli/dev_matched.jsonl.gz", "premise", "hypothesis", "contradiction"),
    ("mnli_dev_mismatched", "mnli/dev_mismatched.jsonl.gz", "premise", "hypothesis", "contradiction"),
    ("emergent", "emergent/emergent_clean.jsonl.gz", "claim", "headline", "against"),
)


def main() -> int:
    base = Path(__file__).resolve().parents[2] / "shared" / "data" / "nli"
    base = base if base.exists() else NLI
    out = {}
    for name, rel, a, b, right in SETS:
        fired: Counter[str] = Counter()
        total: Counter[str] = Counter()
        with gzip.open(base / rel, "rt", encoding="utf-8") as f:
            for row in map(json.loads, f):
                if not row["label"]:
                    continue
                total[row["label"]] += 1
                if shared_facts(row[a], row[b]) >= 3 and polarity_conflict(row[a], row[b]):
                    fired[row["label"]] += 1
        n = sum(fired.values())
        out[name] = {
            "pairs": dict(total),
            "fired": dict(fired),
            "precision": round(fired[right] / n, 3) if n else None,
        }
    print(json.dumps(out, indent=1))
    write_result("polarity_nli", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
