#!/usr/bin/python3
"""Synthesises a Keras 2 `model.save`-style .h5 holding GRUs with reset_after=False for LstmGen's model tests.

No Keras is available here (Debian packages none), and PyTorch has no reset_after=False GRU, so neither writes
nor checks this fixture: `gru_model.h5` follows the layout Keras 2 / tf.keras `model.save("x.h5")` writes (root
attributes `keras_version`, `backend`, `model_config`; `model_weights` with `layer_names`, one group per layer
with `weight_names`), built with Debian's h5py and numpy, and the expected output is computed below in float64
numpy straight from Keras's tensors and Keras's GRU equations (reset_after=False, gate columns z, r, h):

    z = σ(x·K_z + h·R_z + b_z),  r = σ(x·K_r + h·R_r + b_r),  n = tanh(x·K_h + (r∘h)·R_h + b_h),  h' = z∘h + (1 − z)∘n

The model: input [7 steps, 4 features] -> GRU "gru" (6 units, return_sequences) -> GRU "gru_1" (11 units,
last state) -> Dense "dense" (3, linear). Keras stores such a GRU as kernel [I, 3U], recurrent_kernel [U, 3U]
and bias [3U] (one bias per gate). Inputs up to ±4. Writes gru_model.h5 and expected.json (x, y).
Run: /usr/bin/python3 make_fixture.py
"""
import json

import h5py
import numpy as np

rng = np.random.default_rng(11)
STEPS, FEATURES, U1, U2, OUT = 7, 4, 6, 11, 3


def uniform(*shape, scale=0.7):
    return rng.uniform(-scale, scale, size=shape).astype(np.float32)


gru = {"kernel": uniform(FEATURES, 3 * U1), "recurrent_kernel": uniform(U1, 3 * U1), "bias": uniform(3 * U1, scale=0.4)}
gru_1 = {"kernel": uniform(U1, 3 * U2), "recurrent_kernel": uniform(U2, 3 * U2), "bias": uniform(3 * U2, scale=0.4)}
dense = {"kernel": uniform(U2, OUT), "bias": uniform(OUT, scale=0.3)}
x = rng.uniform(-4, 4, size=(STEPS, FEATURES)).astype(np.float32)


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


def gru_before(w, xs):
    """Keras GRU, reset_after=False, in float64; returns every step's h."""
    k, rk, b = (w[n].astype(np.float64) for n in ("kernel", "recurrent_kernel", "bias"))
    units = rk.shape[0]
    kz, kr, kh = np.split(k, 3, axis=1)
    rz, rr, rh = np.split(rk, 3, axis=1)
    bz, br, bh = np.split(b, 3)
    h = np.zeros(units)
    out = []
    for xt in xs:
        z = sigmoid(xt @ kz + h @ rz + bz)
        r = sigmoid(xt @ kr + h @ rr + br)
        n = np.tanh(xt @ kh + (r * h) @ rh + bh)
        h = z * h + (1 - z) * n
        out.append(h)
    return np.array(out)


def reference():
    seq = gru_before(gru, x.astype(np.float64))
    last = gru_before(gru_1, seq)[-1]
    return last @ dense["kernel"].astype(np.float64) + dense["bias"].astype(np.float64)


def layer(class_name, name, **extra):
    return {"class_name": class_name, "config": dict(name=name, **extra)}


config = {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
    layer("GRU", "gru", units=U1, activation="tanh", recurrent_activation="sigmoid", reset_after=False,
          return_sequences=True, use_bias=True, batch_input_shape=[None, STEPS, FEATURES]),
    layer("GRU", "gru_1", units=U2, activation="tanh", recurrent_activation="sigmoid", reset_after=False,
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
    json.dump({"note": "y computed by make_fixture.py in float64 numpy from Keras's reset_after=False GRU equations",
               "x": [float(v) for v in x.ravel()], "y": [float(v) for v in reference()]}, f, indent=1)
    f.write("\n")
