#!/usr/bin/env python3
"""Builds the whole-model PyTorch fixtures in models/ (see models/README.md).

Run with Debian's PyTorch (python3-torch 1.13) and NumPy:

    /usr/bin/python3 tests/LstmGen.Tests/Fixtures/torch/make_model_fixtures.py

A sibling of make_fixtures.py (single nn.LSTM layers), whose safetensors and CSV writers it reuses. Each
model is a torch.nn.Module of nn.LSTM, nn.GRU and nn.Linear children with weights from a fixed seed. For each:
  models/<name>.safetensors  the state_dict (float32)
  models/<name>.npz          the same via numpy.savez
  models/<name>_x.csv        the input, T rows of I values (exactly representable in float32)
  models/<name>_y.csv        the model's output computed by PyTorch in float64 from the stored float32
                             weights: T rows when the model outputs a sequence, else one row
  models/<name>_state_in.csv, _state_out.csv  (models with states) the initial states given to PyTorch and
                             the final ones it returned, flattened in LstmGen's layout (per recurrent layer,
                             per direction: h, then c for an LSTM)
and models/manifest.json lists the modules (in layer order) and shapes. CI never runs this script.
"""

import json
import os
import sys

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "models")
sys.path.insert(0, HERE)
from make_fixtures import write_csv, write_safetensors  # noqa: E402


class Stack2(nn.Module):
    """nn.LSTM(7, 16, num_layers=2): every step's h of the top layer."""
    modules_in_order = ["lstm"]
    input_size, steps = 7, 9

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(7, 16, num_layers=2)

    def forward(self, x):
        return self.lstm(x)[0]


class Stack3(nn.Module):
    """Two modules, three layers: nn.LSTM(3, 11) then nn.LSTM(11, 6, num_layers=2); the last step's h."""
    modules_in_order = ["lstm_a", "lstm_b"]
    input_size, steps = 3, 10

    def __init__(self):
        super().__init__()
        self.lstm_a = nn.LSTM(3, 11)
        self.lstm_b = nn.LSTM(11, 6, num_layers=2)

    def forward(self, x):
        return self.lstm_b(self.lstm_a(x)[0])[0][-1:]


class Classifier(nn.Module):
    """The MNIST-style classifier: 28 rows of 28 pixels, nn.LSTM(28, 64), nn.Linear(64, 10), softmax."""
    modules_in_order = ["lstm", "fc"]
    input_size, steps = 28, 28

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(28, 64)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        return torch.softmax(self.fc(self.lstm(x)[0][-1:]), dim=-1)


class OddHeads(nn.Module):
    """Odd sizes: nn.LSTM(13, 29, num_layers=2), then per step Linear(29, 5) + ReLU and Linear(5, 3) + tanh."""
    modules_in_order = ["lstm", "fc1", "fc2"]
    input_size, steps = 13, 6

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(13, 29, num_layers=2)
        self.fc1 = nn.Linear(29, 5)
        self.fc2 = nn.Linear(5, 3)

    def forward(self, x):
        return torch.tanh(self.fc2(torch.relu(self.fc1(self.lstm(x)[0]))))


class GruStack(nn.Module):
    """nn.GRU(5, 12, num_layers=2): every step's h of the top layer."""
    modules_in_order = ["gru"]
    input_size, steps = 5, 8

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(5, 12, num_layers=2)

    def forward(self, x):
        return self.gru(x)[0]


class Mixed(nn.Module):
    """GRU and LSTM stacked: nn.GRU(6, 10), nn.LSTM(10, 7), nn.GRU(7, 9), last step, nn.Linear(9, 4)."""
    modules_in_order = ["gru", "lstm", "gru2", "fc"]
    input_size, steps = 6, 11

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(6, 10)
        self.lstm = nn.LSTM(10, 7)
        self.gru2 = nn.GRU(7, 9)
        self.fc = nn.Linear(9, 4)

    def forward(self, x):
        return self.fc(self.gru2(self.lstm(self.gru(x)[0])[0])[0][-1:])


class Bidir(nn.Module):
    """nn.LSTM(4, 6, num_layers=2, bidirectional=True), then per step nn.Linear(12, 3)."""
    modules_in_order = ["lstm", "fc"]
    input_size, steps = 4, 7

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 6, num_layers=2, bidirectional=True)
        self.fc = nn.Linear(12, 3)

    def forward(self, x):
        return self.fc(self.lstm(x)[0])


class BidirLast(nn.Module):
    """nn.LSTM(5, 8, bidirectional=True); both directions' final h (h_n) concatenated; nn.Linear(16, 2)."""
    modules_in_order = ["lstm", "fc"]
    input_size, steps = 5, 9

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(5, 8, bidirectional=True)
        self.fc = nn.Linear(16, 2)

    def forward(self, x):
        h_n = self.lstm(x)[1][0]  # [2 directions, batch, 8]
        return self.fc(torch.cat([h_n[0], h_n[1]], dim=-1)).unsqueeze(0)


class StateBidir(nn.Module):
    """Initial and final states: nn.GRU(3, 4), then nn.LSTM(4, 5, bidirectional=True), every step."""
    modules_in_order = ["gru", "lstm"]
    input_size, steps = 3, 6

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(3, 4)
        self.lstm = nn.LSTM(4, 5, bidirectional=True)

    def init_state(self, g):
        return {"gru": torch.randn(1, 1, 4, generator=g), "lstm": (torch.randn(2, 1, 5, generator=g), torch.randn(2, 1, 5, generator=g))}

    def forward_state(self, x, s):
        y, gh = self.gru(x, s["gru"])
        y, (h, c) = self.lstm(y, s["lstm"])
        return y, {"gru": gh, "lstm": (h, c)}

    @staticmethod
    def flat(s):
        # LstmGen's layout: per recurrent layer, per direction, h then (LSTM) c.
        h, c = s["lstm"]
        return torch.cat([s["gru"][0, 0], h[0, 0], c[0, 0], h[1, 0], c[1, 0]])


class StateStack(nn.Module):
    """Initial and final states, streamable: nn.LSTM(3, 5, num_layers=2), every step."""
    modules_in_order = ["lstm"]
    input_size, steps = 3, 6

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 5, num_layers=2)

    def init_state(self, g):
        return {"lstm": (torch.randn(2, 1, 5, generator=g), torch.randn(2, 1, 5, generator=g))}

    def forward_state(self, x, s):
        y, (h, c) = self.lstm(x, s["lstm"])
        return y, {"lstm": (h, c)}

    @staticmethod
    def flat(s):
        h, c = s["lstm"]
        return torch.cat([h[0, 0], c[0, 0], h[1, 0], c[1, 0]])


MODELS = [("model_stack2", Stack2, 11), ("model_stack3", Stack3, 22), ("model_classifier", Classifier, 33),
          ("model_odd", OddHeads, 44), ("model_gru", GruStack, 55), ("model_mixed", Mixed, 66),
          ("model_bidir", Bidir, 77), ("model_bidir_last", BidirLast, 88),
          ("model_state_bidir", StateBidir, 99), ("model_state_stack", StateStack, 111)]


def main():
    torch.use_deterministic_algorithms(True)
    os.makedirs(OUT, exist_ok=True)
    manifest = {"generator": "make_model_fixtures.py", "torch": torch.__version__, "models": []}
    for name, cls, seed in MODELS:
        torch.manual_seed(seed)
        model = cls().float()
        # Spread the weights a little beyond the default init so gates saturate sometimes.
        with torch.no_grad():
            for p in model.parameters():
                p.mul_(1.5)
        sd = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
        write_safetensors(os.path.join(OUT, name + ".safetensors"), sd, {"format": "pt", "model": cls.__name__})
        np.savez(os.path.join(OUT, name + ".npz"), **{k: v.numpy() for k, v in sd.items()})
        x = (torch.randn(cls.steps, 1, cls.input_size) * 1.5).float()
        state = None
        if hasattr(model, "init_state"):
            # Initial states (float32 values), and the final states PyTorch returns, in LstmGen's flat layout.
            state = model.init_state(torch.Generator().manual_seed(seed))
        with torch.no_grad():
            if state is None:
                y = model.double()(x.double())  # float64 from the stored float32 weights
            else:
                as_double = {k: tuple(t.double() for t in v) if isinstance(v, tuple) else v.double() for k, v in state.items()}
                y, final = model.double().forward_state(x.double(), as_double)
                write_csv(os.path.join(OUT, name + "_state_in.csv"), [model.flat(state).numpy()])
                write_csv(os.path.join(OUT, name + "_state_out.csv"), [model.flat(final).numpy()])
        write_csv(os.path.join(OUT, name + "_x.csv"), x[:, 0, :].numpy())
        write_csv(os.path.join(OUT, name + "_y.csv"), y[:, 0, :].numpy())
        manifest["models"].append({
            "name": name, "class": cls.__name__, "doc": cls.__doc__, "modules": cls.modules_in_order,
            "input": cls.input_size, "steps": cls.steps, "output_shape": list(y[:, 0, :].shape),
            "tensors": {k: list(v.shape) for k, v in sd.items()}, "seed": seed,
        })
    with open(os.path.join(OUT, "manifest.json"), "w", newline="\n") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
