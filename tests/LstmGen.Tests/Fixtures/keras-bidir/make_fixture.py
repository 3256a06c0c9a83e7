#!/usr/bin/python3
"""Synthesises a Keras 2 `model.save`-style .h5 holding Bidirectional(LSTM) layers for LstmGen's model tests.

No Keras is available here (Debian packages none), so `bidir_model.h5` is NOT written by Keras: it follows the
layout Keras 2 `model.save("x.h5")` writes for a `Bidirectional` wrapper (one layer group whose `weight_names`
are `<layer>/forward_lstm_<n>/kernel:0`, `recurrent_kernel:0`, `bias:0`, then the same for `backward_lstm_<n>`),
built with Debian's h5py and numpy.

The model: input [6 steps, 3 features] -> Bidirectional(LSTM(5, return_sequences=True)) -> Bidirectional(LSTM(4))
-> Dense(2). Keras LSTM tensors: kernel [I, 4U], recurrent_kernel [U, 4U], bias [4U], gates i, f, c, o. The
reference output is PyTorch's (Debian's python3-torch) bidirectional nn.LSTM and nn.Linear in float64 with the
same weights converted here (transposed; bias as bias_ih, zero bias_hh); the last layer's output is both
directions' final h (h_n), which is what Keras's Bidirectional returns without return_sequences.
Writes bidir_model.h5 and expected.json (x, y). Run: /usr/bin/python3 make_fixture.py
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from keras_fixture_common import (keras2_layer, keras2_sequential, keras_rnn_weights, torch_dense,  # noqa: E402
                                  uniform_sampler, write_expected, write_keras2_model)

uniform = uniform_sampler(np.random.default_rng(11), 0.7)
STEPS, FEATURES, U1, U2, OUT = 6, 3, 5, 4, 2


def lstm_weights(inputs, units):
    return keras_rnn_weights(uniform, inputs, units, gates=4, bias_scale=0.4)


bi1 = {"forward": lstm_weights(FEATURES, U1), "backward": lstm_weights(FEATURES, U1)}
bi2 = {"forward": lstm_weights(2 * U1, U2), "backward": lstm_weights(2 * U1, U2)}
dense = {"kernel": uniform(2 * U2, OUT), "bias": uniform(OUT, scale=0.3)}
x = uniform(STEPS, FEATURES, scale=1.5)


def load(module, layer):
    def t(a):
        return torch.from_numpy(a.astype(np.float64))
    for suffix, w in (("_l0", layer["forward"]), ("_l0_reverse", layer["backward"])):
        getattr(module, "weight_ih" + suffix).copy_(t(w["kernel"].T))
        getattr(module, "weight_hh" + suffix).copy_(t(w["recurrent_kernel"].T))
        getattr(module, "bias_ih" + suffix).copy_(t(w["bias"]))
        getattr(module, "bias_hh" + suffix).zero_()


def reference():
    l1 = torch.nn.LSTM(FEATURES, U1, bidirectional=True).double()
    l2 = torch.nn.LSTM(2 * U1, U2, bidirectional=True).double()
    fc = torch_dense(dense)
    with torch.no_grad():
        load(l1, bi1)
        load(l2, bi2)
        seq = l1(torch.from_numpy(x.astype(np.float64)).unsqueeze(1))[0]
        h_n = l2(seq)[1][0]
        return fc(torch.cat([h_n[0, 0], h_n[1, 0]])).numpy()


def bidirectional(name, units, return_sequences, **extra):
    inner = {"class_name": "LSTM", "config": {"name": f"lstm_{name[-1]}", "units": units, "activation": "tanh",
                                               "recurrent_activation": "sigmoid", "return_sequences": return_sequences}}
    return keras2_layer("Bidirectional", name, layer=inner, merge_mode="concat", **extra)


def bidirectional_weights(name, layer):
    """A Bidirectional wrapper's variables: forward_lstm_<n>/kernel, recurrent_kernel, bias, then backward_lstm_<n>/..."""
    return {f"{d}_lstm_{name[-1]}/{k}": layer[d][k] for d in ("forward", "backward") for k in ("kernel", "recurrent_kernel", "bias")}


config = keras2_sequential(
    bidirectional("bidirectional_1", U1, True, batch_input_shape=[None, STEPS, FEATURES]),
    bidirectional("bidirectional_2", U2, False),
    keras2_layer("Dense", "dense_1", units=OUT, activation="linear", use_bias=True))

write_keras2_model("bidir_model.h5", "2.2.4", config, {
    "bidirectional_1": bidirectional_weights("bidirectional_1", bi1),
    "bidirectional_2": bidirectional_weights("bidirectional_2", bi2),
    "dense_1": dense})
write_expected("expected.json", "y computed by PyTorch bidirectional nn.LSTM/nn.Linear in float64 from the same weights (converted in make_fixture.py)",
               x, y=reference())
