#!/usr/bin/env python3
"""Checks the safetensors files LstmGen's ModelWeights.SaveSafetensors wrote (saved/, see saved/README.md) with PyTorch.

Run with Debian's PyTorch (python3-torch 1.13) and NumPy, after SafetensorsWriterTests rewrote saved/ (LSTMGEN_ACCEPT=1):

    /usr/bin/python3 tests/LstmGen.Tests/Fixtures/torch/check_saved_state_dict.py

For each file it
  1. reads the safetensors bytes by the format (no safetensors package: an 8-byte little-endian header length, a JSON
     header padded with spaces to 8 bytes, then the data) and checks the layout: the header length a multiple of 8,
     __metadata__ first, the tensors sorted by name, each F32 with a byte range, the ranges tiling the data from 0;
  2. builds the nn.Module the names describe (the classes of make_model_fixtures.py, or two with separate modules) and
     loads the tensors with load_state_dict(strict=True): every name and shape must be the module's;
  3. runs the module in float64 on the fixture's input and compares with the fixture's output, which PyTorch computed
     from the original state_dict (models/<name>_y.csv);
  4. where the names are the original's, compares the tensors with the original state_dict: equal, except an LSTM's
     bias_ih, which is bias_ih + bias_hh rounded to float32, and its bias_hh, which is -0.0.
It prints one line per file and fails on any difference. CI never runs this script.
"""

import json
import os
import re
import struct
import sys

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_model_fixtures import Bidir, BidirLast, Classifier, GruStack, Mixed, OddHeads, Stack2, Stack3  # noqa: E402

SAVED = os.path.join(HERE, "saved")
MODELS = os.path.join(HERE, "models")
TOLERANCE = 1e-5


class OddHeadsSeparate(nn.Module):
    """OddHeads with its two LSTM layers as two one-layer modules (one module name per layer)."""

    def __init__(self):
        super().__init__()
        self.lstm1 = nn.LSTM(13, 29)
        self.lstm2 = nn.LSTM(29, 29)
        self.fc1 = nn.Linear(29, 5)
        self.fc2 = nn.Linear(5, 3)

    def forward(self, x):
        return torch.tanh(self.fc2(torch.relu(self.fc1(self.lstm2(self.lstm1(x)[0])[0]))))


class BidirSeparate(nn.Module):
    """Bidir with its two bidirectional layers as encoder.lstm1 and encoder.lstm2 (nested module names)."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.Module()
        self.encoder.lstm1 = nn.LSTM(4, 6, bidirectional=True)
        self.encoder.lstm2 = nn.LSTM(12, 6, bidirectional=True)
        self.fc = nn.Linear(12, 3)

    def forward(self, x):
        return self.fc(self.encoder.lstm2(self.encoder.lstm1(x)[0])[0])


# saved file -> (fixture it was saved from, module class); the same list as SafetensorsWriterTests.TorchCheckedFiles.
CASES = [
    ("model_stack2", "model_stack2", Stack2),
    ("model_stack3", "model_stack3", Stack3),
    ("model_classifier", "model_classifier", Classifier),
    ("model_odd", "model_odd", OddHeads),
    ("model_odd_separate", "model_odd", OddHeadsSeparate),
    ("model_gru", "model_gru", GruStack),
    ("model_mixed", "model_mixed", Mixed),
    ("model_bidir", "model_bidir", Bidir),
    ("model_bidir_separate", "model_bidir", BidirSeparate),
    ("model_bidir_last", "model_bidir_last", BidirLast),
]

RECURRENT_BIAS = re.compile(r"^(.*)bias_(ih|hh)(_l\d+(?:_reverse)?)$")
DTYPES = {"F32": ("<f4", 4), "F16": ("<f2", 2), "F64": ("<f8", 8)}


def read_safetensors(path, strict):
    """The tensors of a safetensors file as float32 numpy arrays; with strict, asserts the layout LstmGen writes."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header_bytes = raw[8:8 + n]
    header = json.loads(header_bytes.decode("utf-8"), object_pairs_hook=lambda pairs: pairs)
    data = raw[8 + n:]
    names = [k for k, _ in header if k != "__metadata__"]
    if strict:
        assert n % 8 == 0, f"header length {n} is not a multiple of 8"
        assert header_bytes.rstrip(b" ").endswith(b"}") and set(header_bytes[header_bytes.rindex(b"}") + 1:]) <= {0x20}, "padding"
        assert header[0][0] == "__metadata__" and dict(header[0][1]) == {"format": "pt"}, f"metadata: {header[0]}"
        assert names == sorted(names, key=lambda s: s.encode("utf-8")), "tensors not sorted by name"
    tensors, position = {}, 0
    for name, entry in header:
        if name == "__metadata__":
            continue
        entry = dict(entry)
        if strict:
            assert list(entry) == ["dtype", "shape", "data_offsets"] and entry["dtype"] == "F32", f"{name}: {entry}"
        dtype, size = DTYPES[entry["dtype"]]
        begin, end = entry["data_offsets"]
        if strict:
            assert begin == position, f"{name}: begins at {begin}, expected {position}"
        assert end - begin == size * int(np.prod(entry["shape"], dtype=np.int64)), f"{name}: byte range does not match the shape"
        tensors[name] = np.frombuffer(data[begin:end], dtype=dtype).reshape(entry["shape"]).astype(np.float32)
        position = max(position, end)
    if strict:
        assert position == len(data), f"{len(data) - position} bytes after the last tensor"
    return tensors


def read_csv(path):
    return np.loadtxt(path, delimiter=",", ndmin=2)


def check(saved, source, cls):
    tensors = read_safetensors(os.path.join(SAVED, saved + ".safetensors"), strict=True)
    model = cls().double()
    # strict=True: every one of the module's parameters is in the file, with its shape, and nothing else is.
    model.load_state_dict({k: torch.from_numpy(v.copy()).double() for k, v in tensors.items()}, strict=True)
    x = torch.from_numpy(read_csv(os.path.join(MODELS, source + "_x.csv"))).double().unsqueeze(1)  # [T, 1, I]
    expected = read_csv(os.path.join(MODELS, source + "_y.csv"))
    with torch.no_grad():
        y = model(x)[:, 0, :].numpy()
    assert y.shape == expected.shape, f"{saved}: output {y.shape}, fixture {expected.shape}"
    error = float(np.abs(y - expected).max())
    assert error <= TOLERANCE, f"{saved}: max |PyTorch output - fixture| = {error:.3g} > {TOLERANCE}"

    note = "names differ from the original (separate modules)"
    original = read_safetensors(os.path.join(MODELS, source + ".safetensors"), strict=False)
    if set(original) == set(tensors):
        for name, value in tensors.items():
            bias = RECURRENT_BIAS.match(name)
            hh = original[bias.group(1) + "weight_hh" + bias.group(3)] if bias else None
            if hh is not None and hh.shape[0] == 4 * hh.shape[1] and bias.group(2) == "ih":  # an nn.LSTM's
                summed = (original[name] + original[name.replace("bias_ih", "bias_hh")]).astype(np.float32)
                assert np.array_equal(value, summed), f"{name}: not bias_ih + bias_hh"
            elif hh is not None and hh.shape[0] == 4 * hh.shape[1]:
                assert np.all(value == 0) and np.all(np.signbit(value)), f"{name}: not -0.0"
            else:
                assert np.array_equal(value, original[name]), f"{name}: differs from the original state_dict"
        note = "tensors equal the original's (LSTM: bias_ih = b_ih + b_hh in float32, bias_hh = -0.0)"
    print(f"{saved:22s} load_state_dict(strict=True) ok, {len(tensors):2d} tensors, header ok; "
          f"max |y - fixture y| = {error:.2e}; {note}")


def main():
    print(f"torch {torch.__version__}, numpy {np.__version__}")
    files = sorted(f[:-len(".safetensors")] for f in os.listdir(SAVED) if f.endswith(".safetensors"))
    assert files == sorted(c[0] for c in CASES), f"saved/ holds {files}, the script checks {[c[0] for c in CASES]}"
    for saved, source, cls in CASES:
        check(saved, source, cls)
    print(f"all {len(CASES)} files load into their modules and reproduce the fixtures' outputs within {TOLERANCE}")


if __name__ == "__main__":
    main()
