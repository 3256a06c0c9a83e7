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
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from keras_fixture_common import (float64_tensors, keras_rnn_weights, sigmoid, uniform_sampler,  # noqa: E402
                                  write_expected, write_keras2_gru_model)

uniform = uniform_sampler(np.random.default_rng(11), 0.7)
STEPS, FEATURES, U1, U2, OUT = 7, 4, 6, 11, 3

gru = keras_rnn_weights(uniform, FEATURES, U1, gates=3, bias_scale=0.4)
gru_1 = keras_rnn_weights(uniform, U1, U2, gates=3, bias_scale=0.4)
dense = {"kernel": uniform(U2, OUT), "bias": uniform(OUT, scale=0.3)}
x = uniform(STEPS, FEATURES, scale=4)


def gru_before(w, xs):
    """Keras GRU, reset_after=False, in float64; returns every step's h."""
    k, rk, b = float64_tensors(w)
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


write_keras2_gru_model("gru_model.h5", STEPS, gru, gru_1, dense, reset_after=False)
write_expected("expected.json", "y computed by make_fixture.py in float64 numpy from Keras's reset_after=False GRU equations",
               x, y=reference())
