#!/usr/bin/env python3
"""ONNX exports of the whole-model PyTorch fixtures in models/ (a sibling of make_model_fixtures.py).

Run with Debian's python3-torch 1.13 and python3-onnx:

    /usr/bin/python3 tests/LstmGen.Tests/Fixtures/torch/make_onnx_model_fixtures.py

Each model of make_model_fixtures.py that has a plain forward(x) is rebuilt from its seed exactly as that script
builds it (the state_dict is checked against the committed models/<name>.npz, so models/<name>_x.csv and _y.csv are
its input and PyTorch output), then exported with torch.onnx.export's defaults (export_params=True,
do_constant_folding=True) for a [steps, 1, input] input:
  models/<name>.onnx
Two models LstmGen cannot hold, for the rejection tests:
  models/bad_model_mul.onnx    nn.LSTM(3, 4) then y * 2 (a Mul node) then nn.Linear(4, 2)
  models/bad_model_bigru.onnx  nn.GRU(3, 4, bidirectional=True)
models/onnx_manifest.json lists each export's node types in graph order (weighted ones only) and its opset.
CI never runs this script; the outputs are committed.
"""

import json
import os
import sys

import numpy as np
import onnx
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "models")
sys.path.insert(0, HERE)
from make_model_fixtures import MODELS  # noqa: E402

WEIGHTED = {"LSTM", "GRU", "Gemm", "MatMul"}


class MulInTheMiddle(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 4)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(self.lstm(x)[0] * 2)


class BidirectionalGru(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(3, 4, bidirectional=True)

    def forward(self, x):
        return self.gru(x)[0]


def export(model, steps, inputs, name):
    path = os.path.join(OUT, name + ".onnx")
    with torch.no_grad():
        torch.onnx.export(model, torch.zeros(steps, 1, inputs), path)
    graph = onnx.load(path)
    return {"name": name, "opset": graph.opset_import[0].version,
            "weighted_nodes": [n.op_type for n in graph.graph.node if n.op_type in WEIGHTED]}


def main():
    manifest = {"generator": "make_onnx_model_fixtures.py", "torch": torch.__version__, "onnx": onnx.__version__, "models": []}
    for name, cls, seed in MODELS:
        if hasattr(cls, "init_state"):
            continue  # their forward takes states; the state fixtures are for the safetensors / npz loaders
        torch.manual_seed(seed)
        model = cls().float()
        with torch.no_grad():
            for p in model.parameters():
                p.mul_(1.5)
        stored = np.load(os.path.join(OUT, name + ".npz"))
        for key, value in model.state_dict().items():
            assert np.array_equal(stored[key], value.numpy()), f"{name}: {key} differs from the committed fixture"
        manifest["models"].append(export(model.eval(), cls.steps, cls.input_size, name))
    torch.manual_seed(1)
    manifest["models"].append(export(MulInTheMiddle().eval(), 5, 3, "bad_model_mul"))
    manifest["models"].append(export(BidirectionalGru().eval(), 5, 3, "bad_model_bigru"))
    with open(os.path.join(OUT, "onnx_manifest.json"), "w", newline="\n") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
