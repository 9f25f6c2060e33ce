"""Export a sentence-transformers model folder's transformer to ONNX, checked against PyTorch.

``python -m indexer.onnx_export MODEL_FOLDER TARGET_FOLDER FINGERPRINT`` writes
``TARGET_FOLDER/model.onnx``, its weights ``model.onnx.data`` and ``export.json`` (which
weights it was made from), all or nothing. ``OnnxEmbedder`` runs it in a subprocess the
first time it needs the export, so that the process answering questions never imports
PyTorch.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

MODEL_FILE = "model.onnx"
WEIGHTS_FILE = "model.onnx.data"
RECORD_FILE = "export.json"
LAYOUT = "external-data+sentencepiece"
"""How the graph is saved: its weights in ``WEIGHTS_FILE`` beside it, which ONNX Runtime maps
into memory instead of parsing them out of the graph (0.2 s to open instead of 1.3 s on the
reference machine, same vectors); and the tokenizer as a SentencePiece model where it gives
the same ids (``indexer.question_tokenizer``). An export recorded with another layout is made
again."""
OPSET = 17
TOLERANCE = 1e-4
"""Largest difference allowed between PyTorch's and ONNX Runtime's token vectors."""


def export(model_folder: Path, target: Path, fingerprint: str) -> Path:
    """Export, compare with PyTorch on a padded batch, and install ``target`` atomically."""
    import numpy as np
    import onnxruntime
    import torch
    from transformers import AutoModel

    from indexer import question_tokenizer

    model = AutoModel.from_pretrained(
        str(model_folder), local_files_only=True, attn_implementation="eager"
    ).eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            out = self.model(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            )
            hidden: torch.Tensor = out.last_hidden_state
            return hidden

    ids = torch.tensor([[0, 1294, 12, 2, 1, 1], [0, 1294, 12, 333, 57, 2]], dtype=torch.long)
    mask = (ids != 1).long()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        with torch.no_grad():
            # before the export: tracing leaves the PyTorch model computing something else
            expected = LastHiddenState()(ids, mask).numpy()
            torch.onnx.export(
                LastHiddenState(),
                (ids, mask),
                str(staging / MODEL_FILE),
                dynamo=False,
                opset_version=OPSET,
                input_names=["input_ids", "attention_mask"],
                output_names=["last_hidden_state"],
                dynamic_axes={
                    "input_ids": {0: "batch", 1: "tokens"},
                    "attention_mask": {0: "batch", 1: "tokens"},
                    "last_hidden_state": {0: "batch", 1: "tokens"},
                },
            )
        _weights_beside(staging / MODEL_FILE)
        session = onnxruntime.InferenceSession(
            str(staging / MODEL_FILE), providers=["CPUExecutionProvider"]
        )
        (got,) = session.run(None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})
        difference = float(np.abs(np.asarray(got) - expected)[mask.numpy() == 1].max())
        if difference > TOLERANCE:
            raise RuntimeError(f"the ONNX export differs from PyTorch by {difference:.2e}")
        record = {
            "weights_fingerprint": fingerprint,
            "opset": OPSET,
            "layout": LAYOUT,
            "torch": torch.__version__,
            "largest_difference": difference,
            "tokenizer": question_tokenizer.export(model_folder, staging),
        }
        (staging / RECORD_FILE).write_text(json.dumps(record, indent=2) + "\n", "utf-8")
        if target.exists():
            shutil.rmtree(target)
        staging.replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _weights_beside(model_file: Path) -> None:
    """Save the graph again with its weights in ``WEIGHTS_FILE`` (see ``LAYOUT``)."""
    import onnx

    model = onnx.load(str(model_file))
    onnx.save_model(
        model,
        str(model_file),
        save_as_external_data=True,
        all_tensors_to_one_file=True,
        location=WEIGHTS_FILE,
        size_threshold=1024,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer.onnx_export", description=__doc__)
    parser.add_argument("model_folder", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("fingerprint")
    args = parser.parse_args(argv)
    export(args.model_folder, args.target, args.fingerprint)
    return 0


if __name__ == "__main__":
    sys.exit(main())
