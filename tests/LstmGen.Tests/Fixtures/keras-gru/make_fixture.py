#!/usr/bin/python3
"""Synthesises a Keras 2 `model.save`-style .h5 holding a GRU (reset_after=True) for LstmGen's model tests.

No Keras is available here (Debian packages none), so `gru_model.h5` is NOT written by Keras: it follows the
layout Keras 2 / tf.keras `model.save("x.h5")` writes (root attributes `keras_version`, `backend`,
`model_config`; `model_weights` with `layer_names`, one group per layer with `weight_names` listing dataset
paths inside it), built with Debian's h5py and numpy.

The model: input [7 steps, 4 features] -> GRU "gru" (6 units, reset_after=True, return_sequences) -> GRU
"gru_1" (5 units, last state) -> Dense "dense" (3, linear). Keras stores a GRU as kernel [I, 3U],
recurrent_kernel [U, 3U] (gate columns z, r, h) and, with reset_after=True, bias [2, 3U] (input bias row,
recurrent bias row).

The reference output is computed by PyTorch (Debian's python3-torch) in float64: the Keras tensors are
converted here to nn.GRU's layout (rows r, z, n; weight_ih = kernel.T reordered, bias_ih / bias_hh = the two
bias rows), so the conversion in LstmGen (GruWeights.FromKeras) is checked against an independent one.
Writes gru_model.h5 and expected.json (x, y). Run: /usr/bin/python3 make_fixture.py
"""
import json

import h5py
import numpy as np
import torch

rng = np.random.default_rng(7)
STEPS, FEATURES, U1, U2, OUT = 7, 4, 6, 5, 3


def uniform(*shape, scale=0.7):
    return rng.uniform(-scale, scale, size=shape).astype(np.float32)


gru = {"kernel": uniform(FEATURES, 3 * U1), "recurrent_kernel": uniform(U1, 3 * U1), "bias": uniform(2, 3 * U1, scale=0.4)}
gru_1 = {"kernel": uniform(U1, 3 * U2), "recurrent_kernel": uniform(U2, 3 * U2), "bias": uniform(2, 3 * U2, scale=0.4)}
dense = {"kernel": uniform(U2, OUT), "bias": uniform(OUT, scale=0.3)}
x = rng.uniform(-1.5, 1.5, size=(STEPS, FEATURES)).astype(np.float32)


def to_torch(w, units):
    """Keras column blocks z, r, h -> PyTorch row blocks r, z, n."""
    def reorder(m):  # m: [rows, 3U] Keras columns
        z, r, h = m[:, :units], m[:, units:2 * units], m[:, 2 * units:]
        return np.concatenate([r, z, h], axis=1).T.copy()
    b = w["bias"]
    bz, br, bh = np.split(b, 3, axis=1)
    bias = np.concatenate([br, bz, bh], axis=1)
    return reorder(w["kernel"]), reorder(w["recurrent_kernel"]), bias[0].copy(), bias[1].copy()


def reference():
    g1, g2 = torch.nn.GRU(FEATURES, U1).double(), torch.nn.GRU(U1, U2).double()
    fc = torch.nn.Linear(U2, OUT).double()
    with torch.no_grad():
        for m, w, u in ((g1, gru, U1), (g2, gru_1, U2)):
            wih, whh, bih, bhh = (torch.from_numpy(a.astype(np.float64)) for a in to_torch(w, u))
            m.weight_ih_l0.copy_(wih); m.weight_hh_l0.copy_(whh); m.bias_ih_l0.copy_(bih); m.bias_hh_l0.copy_(bhh)
        fc.weight.copy_(torch.from_numpy(dense["kernel"].T.astype(np.float64)))
        fc.bias.copy_(torch.from_numpy(dense["bias"].astype(np.float64)))
        seq = g1(torch.from_numpy(x.astype(np.float64)).unsqueeze(1))[0]
        last = g2(seq)[0][-1, 0]
        return fc(last).numpy()


def layer(class_name, name, **extra):
    return {"class_name": class_name, "config": dict(name=name, **extra)}


config = {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
    layer("GRU", "gru", units=U1, activation="tanh", recurrent_activation="sigmoid", reset_after=True,
          return_sequences=True, use_bias=True, batch_input_shape=[None, STEPS, FEATURES]),
    layer("GRU", "gru_1", units=U2, activation="tanh", recurrent_activation="sigmoid", reset_after=True,
          return_sequences=False, use_bias=True),
    layer("Dense", "dense", units=OUT, activation="linear", use_bias=True),
]}}

with h5py.File("gru_model.h5", "w") as f:
    f.attrs["keras_version"] = b"2.3.1"
    f.attrs["backend"] = b"tensorflow"
    f.attrs["model_config"] = json.dumps(config).encode()
    mw = f.create_group("model_weights")
    mw.attrs["layer_names"] = np.array([b"gru", b"gru_1", b"dense"])
    for name, weights in (("gru", gru), ("gru_1", gru_1), ("dense", dense)):
        g = mw.create_group(name)
        names = [f"{name}/{k}:0" for k in weights]
        g.attrs["weight_names"] = np.array([n.encode() for n in names])
        for n, k in zip(names, weights):
            g.create_dataset(n, data=weights[k])

with open("expected.json", "w", newline="\n") as f:
    json.dump({"note": "y computed by PyTorch nn.GRU/nn.Linear in float64 from the same weights (converted in make_fixture.py)",
               "x": [float(v) for v in x.ravel()], "y": [float(v) for v in reference()]}, f, indent=1)
    f.write("\n")
