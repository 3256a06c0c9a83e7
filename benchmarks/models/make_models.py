#!/usr/bin/env python3
"""Builds the models the benchmarks load (see docs/performance.md for how they are used).

Run with Debian's Python, which has python3-torch (1.13), python3-onnx (1.12) and NumPy, not another
python3 that may come first on PATH:

    /usr/bin/python3 benchmarks/models/make_models.py

For each weight set, one torch.nn.LSTM is drawn from a fixed seed (PyTorch's own initialisation) and
  lstm_<I>x<U>.npz            its state_dict (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0; float32),
                              which the C# side loads with LstmWeights.LoadNpz into the generated
                              kernel, LstmKernel and NaiveLstm (and TorchSharp, where it loads)
and the same module is exported by torch.onnx.export (opset 14, fixed shapes) as
  forward_<I>x<U>x<T>.onnx      x [T, 1, I]                      -> h [1, 1, U] (last hidden state)
  batch_<I>x<U>x<T>x<B>.onnx    x [T, B, I]                      -> h [1, B, U]
  step_<I>x<U>.onnx             x [1, 1, I], h0 [1, 1, U], c0    -> h [1, 1, U], c [1, 1, U]
                                (one streaming step: feed h, c back in as h0, c0 to carry the state)
Each file is checked here: its single ONNX LSTM node, run by the operator's definition in float64
from the file's own initializers, must match PyTorch's float64 output for a random input.
The outputs are deterministic for a given torch version; they are committed, CI never runs this.
"""

import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 14

# (input, units, seed) of each weight set, and what is exported from it.
WEIGHTS = [
    dict(input=28, units=128, seed=128, forward_steps=28, batch=64),
    dict(input=28, units=64, seed=64, forward_steps=28),
    dict(input=28, units=32, seed=32, forward_steps=28),
    dict(input=1, units=8, seed=8, step=True),
    dict(input=1, units=16, seed=16, step=True),
    dict(input=1, units=64, seed=64 + 1000, step=True),
]


class LastHidden(nn.Module):
    """x [T, B, I] -> the last hidden state h_n [1, B, U] (what LstmGen's Forward returns)."""

    def __init__(self, lstm):
        super().__init__()
        self.lstm = lstm

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return h


class OneStep(nn.Module):
    """One step with the state passed in and out: (x [1, 1, I], h0, c0) -> (h, c), each [1, 1, U]."""

    def __init__(self, lstm):
        super().__init__()
        self.lstm = lstm

    def forward(self, x, h0, c0):
        _, (h, c) = self.lstm(x, (h0, c0))
        return h, c


def onnx_lstm(path, x, h0=None, c0=None):
    """The file's LSTM node evaluated in float64 by the ONNX operator's definition (gates i, o, f, c)."""
    m = onnx.load(path)
    onnx.checker.check_model(m)
    nodes = [n for n in m.graph.node if n.op_type == "LSTM"]
    assert len(nodes) == 1, f"{path}: expected one LSTM node, got {[n.op_type for n in m.graph.node]}"
    init = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in m.graph.initializer}
    node = nodes[0]
    W, R, B = init[node.input[1]][0], init[node.input[2]][0], init[node.input[3]][0]
    u = R.shape[1]
    steps, batch, _ = x.shape
    h = np.zeros((batch, u)) if h0 is None else h0[0].copy()
    c = np.zeros((batch, u)) if c0 is None else c0[0].copy()
    sig = lambda z: 1.0 / (1.0 + np.exp(-z))
    for t in range(steps):
        z = x[t] @ W.T + h @ R.T + B[:4 * u] + B[4 * u:]
        i, o, f, g = sig(z[:, :u]), sig(z[:, u:2 * u]), sig(z[:, 2 * u:3 * u]), np.tanh(z[:, 3 * u:])
        c = f * c + i * g
        h = o * np.tanh(c)
    return h[None], c[None]


def export(module, args, path, input_names, output_names):
    torch.onnx.export(module, args, path, opset_version=OPSET, input_names=input_names,
                      output_names=output_names, do_constant_folding=True)


def main():
    torch.use_deterministic_algorithms(True)
    for spec in WEIGHTS:
        i, u = spec["input"], spec["units"]
        torch.manual_seed(spec["seed"])
        lstm = nn.LSTM(i, u).eval()  # float32, PyTorch's default U(-1/sqrt(U), 1/sqrt(U)) initialisation
        name = f"lstm_{i}x{u}"
        np.savez(os.path.join(HERE, name + ".npz"),
                 **{k: v.detach().numpy().astype("<f4") for k, v in lstm.state_dict().items()})
        lstm64 = nn.LSTM(i, u).double().eval()
        lstm64.load_state_dict({k: v.double() for k, v in lstm.state_dict().items()})
        gen = torch.Generator().manual_seed(spec["seed"] + 7)

        exports = []
        if "forward_steps" in spec:
            exports.append((f"forward_{i}x{u}x{spec['forward_steps']}.onnx", spec["forward_steps"], 1))
        if "batch" in spec:
            exports.append((f"batch_{i}x{u}x{spec['forward_steps']}x{spec['batch']}.onnx", spec["forward_steps"], spec["batch"]))
        for file, steps, batch in exports:
            path = os.path.join(HERE, file)
            export(LastHidden(lstm), (torch.zeros(steps, batch, i),), path, ["x"], ["h"])
            x = torch.rand(steps, batch, i, generator=gen, dtype=torch.float64) * 2 - 1
            with torch.no_grad():
                expected = LastHidden(lstm64)(x).numpy()
            err = np.abs(onnx_lstm(path, x.numpy())[0] - expected).max()
            assert err < 1e-5, f"{file}: ONNX LSTM differs from PyTorch by {err}"
            print(f"{file}: x [{steps}, {batch}, {i}] -> h [1, {batch}, {u}]; ONNX vs PyTorch {err:.1e}")

        if spec.get("step"):
            file = f"step_{i}x{u}.onnx"
            path = os.path.join(HERE, file)
            zeros = torch.zeros(1, 1, u)
            export(OneStep(lstm), (torch.zeros(1, 1, i), zeros, zeros), path, ["x", "h0", "c0"], ["h", "c"])
            x = torch.rand(1, 1, i, generator=gen, dtype=torch.float64) * 2 - 1
            h0 = torch.rand(1, 1, u, generator=gen, dtype=torch.float64) * 2 - 1
            c0 = torch.rand(1, 1, u, generator=gen, dtype=torch.float64) * 2 - 1
            with torch.no_grad():
                eh, ec = OneStep(lstm64)(x, h0, c0)
            ah, ac = onnx_lstm(path, x.numpy(), h0.numpy(), c0.numpy())
            err = max(np.abs(ah - eh.numpy()).max(), np.abs(ac - ec.numpy()).max())
            assert err < 1e-5, f"{file}: ONNX LSTM differs from PyTorch by {err}"
            print(f"{file}: (x [1, 1, {i}], h0, c0 [1, 1, {u}]) -> (h, c); ONNX vs PyTorch {err:.1e}")

    total = sum(os.path.getsize(os.path.join(HERE, f)) for f in os.listdir(HERE)
                if f.endswith((".onnx", ".npz")))
    print(f"model files: {total} bytes")


if __name__ == "__main__":
    sys.exit(main())
