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
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from keras_fixture_common import (keras_rnn_weights, torch_dense, uniform_sampler, write_expected,  # noqa: E402
                                  write_keras2_gru_model)

uniform = uniform_sampler(np.random.default_rng(7), 0.7)
STEPS, FEATURES, U1, U2, OUT = 7, 4, 6, 5, 3

gru = keras_rnn_weights(uniform, FEATURES, U1, gates=3, bias_scale=0.4, two_bias_rows=True)
gru_1 = keras_rnn_weights(uniform, U1, U2, gates=3, bias_scale=0.4, two_bias_rows=True)
dense = {"kernel": uniform(U2, OUT), "bias": uniform(OUT, scale=0.3)}
x = uniform(STEPS, FEATURES, scale=1.5)


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
    fc = torch_dense(dense)
    with torch.no_grad():
        for m, w, u in ((g1, gru, U1), (g2, gru_1, U2)):
            wih, whh, bih, bhh = (torch.from_numpy(a.astype(np.float64)) for a in to_torch(w, u))
            m.weight_ih_l0.copy_(wih); m.weight_hh_l0.copy_(whh); m.bias_ih_l0.copy_(bih); m.bias_hh_l0.copy_(bhh)
        seq = g1(torch.from_numpy(x.astype(np.float64)).unsqueeze(1))[0]
        last = g2(seq)[0][-1, 0]
        return fc(last).numpy()


write_keras2_gru_model("gru_model.h5", STEPS, gru, gru_1, dense, reset_after=True)
write_expected("expected.json", "y computed by PyTorch nn.GRU/nn.Linear in float64 from the same weights (converted in make_fixture.py)",
               x, y=reference())
