"""Export the boilerplate-block classifier to ONNX (``extract/models/html_blocks.onnx``).

The extractor runs the model with onnxruntime (already loaded for the meaning model), so reading a
page does not import scikit-learn (~1.5 s of start-up). ``train_html_blocks.py`` fits the
scikit-learn model and calls :func:`export`; run this script alone to convert a saved joblib model:

    python training/export_html_blocks.py MODEL.joblib
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
ONNX_PATH = REPO / "src" / "parallax" / "extract" / "models" / "html_blocks.onnx"


def _int_missing_flags() -> None:
    """Make skl2onnx write ints for leaves' missing-value flags.

    skl2onnx 1.20 passes ``False`` for the leaves of a HistGradientBoosting tree into an ONNX
    integer attribute, which onnx >= 1.17 rejects.
    """
    from skl2onnx.common import tree_ensemble

    add_node = tree_ensemble.add_node
    if getattr(add_node, "_ints", False):
        return

    def patched(*args: Any, **kwargs: Any) -> Any:
        if "nodes_missing_value_tracks_true" in kwargs:
            kwargs["nodes_missing_value_tracks_true"] = int(kwargs["nodes_missing_value_tracks_true"])
        return add_node(*args, **kwargs)

    patched._ints = True  # type: ignore[attr-defined]
    tree_ensemble.add_node = patched


def export(model: Any, features: list[str], path: Path = ONNX_PATH) -> Path:
    """Write ``model`` (a fitted binary classifier over ``features``) as ONNX; returns the path."""
    from skl2onnx import to_onnx
    from skl2onnx.common.data_types import FloatTensorType

    _int_missing_flags()
    onx = to_onnx(
        model,
        initial_types=[("blocks", FloatTensorType([None, len(features)]))],
        options={id(model): {"zipmap": False}},
        target_opset={"": 17, "ai.onnx.ml": 3},
    )
    meta = onx.metadata_props.add()
    meta.key, meta.value = "features", ",".join(features)
    path.write_bytes(onx.SerializeToString())
    return path


def main() -> None:
    import joblib

    bundle = joblib.load(sys.argv[1])
    out = export(bundle["model"], list(bundle["features"]))
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
