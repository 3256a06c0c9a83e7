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
import json

import h5py
import numpy as np
import torch

rng = np.random.default_rng(11)
STEPS, FEATURES, U1, U2, OUT = 6, 3, 5, 4, 2


def uniform(*shape, scale=0.7):
    return rng.uniform(-scale, scale, size=shape).astype(np.float32)


def lstm_weights(inputs, units):
    return {"kernel": uniform(inputs, 4 * units), "recurrent_kernel": uniform(units, 4 * units), "bias": uniform(4 * units, scale=0.4)}


bi1 = {"forward": lstm_weights(FEATURES, U1), "backward": lstm_weights(FEATURES, U1)}
bi2 = {"forward": lstm_weights(2 * U1, U2), "backward": lstm_weights(2 * U1, U2)}
dense = {"kernel": uniform(2 * U2, OUT), "bias": uniform(OUT, scale=0.3)}
x = rng.uniform(-1.5, 1.5, size=(STEPS, FEATURES)).astype(np.float32)


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
    fc = torch.nn.Linear(2 * U2, OUT).double()
    with torch.no_grad():
        load(l1, bi1)
        load(l2, bi2)
        fc.weight.copy_(torch.from_numpy(dense["kernel"].T.astype(np.float64)))
        fc.bias.copy_(torch.from_numpy(dense["bias"].astype(np.float64)))
        seq = l1(torch.from_numpy(x.astype(np.float64)).unsqueeze(1))[0]
        h_n = l2(seq)[1][0]
        return fc(torch.cat([h_n[0, 0], h_n[1, 0]])).numpy()


def bidirectional(name, units, return_sequences, **extra):
    inner = {"class_name": "LSTM", "config": {"name": f"lstm_{name[-1]}", "units": units, "activation": "tanh",
                                               "recurrent_activation": "sigmoid", "return_sequences": return_sequences}}
    return {"class_name": "Bidirectional", "config": dict(name=name, layer=inner, merge_mode="concat", **extra)}


config = {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
    bidirectional("bidirectional_1", U1, True, batch_input_shape=[None, STEPS, FEATURES]),
    bidirectional("bidirectional_2", U2, False),
    {"class_name": "Dense", "config": {"name": "dense_1", "units": OUT, "activation": "linear", "use_bias": True}},
]}}

with h5py.File("bidir_model.h5", "w") as f:
    f.attrs["keras_version"] = b"2.2.4"
    f.attrs["backend"] = b"tensorflow"
    f.attrs["model_config"] = json.dumps(config).encode()
    mw = f.create_group("model_weights")
    mw.attrs["layer_names"] = np.array([b"bidirectional_1", b"bidirectional_2", b"dense_1"])
    for name, layer in (("bidirectional_1", bi1), ("bidirectional_2", bi2)):
        g = mw.create_group(name)
        names = [f"{name}/{d}_lstm_{name[-1]}/{k}:0" for d in ("forward", "backward") for k in ("kernel", "recurrent_kernel", "bias")]
        g.attrs["weight_names"] = np.array([n.encode() for n in names])
        for n in names:
            d = "forward" if "/forward_" in n else "backward"
            k = n.rsplit("/", 1)[1].split(":")[0]
            g.create_dataset(n, data=layer[d][k])
    g = mw.create_group("dense_1")
    g.attrs["weight_names"] = np.array([b"dense_1/kernel:0", b"dense_1/bias:0"])
    g.create_dataset("dense_1/kernel:0", data=dense["kernel"])
    g.create_dataset("dense_1/bias:0", data=dense["bias"])

with open("expected.json", "w", newline="\n") as f:
    json.dump({"note": "y computed by PyTorch bidirectional nn.LSTM/nn.Linear in float64 from the same weights (converted in make_fixture.py)",
               "x": [float(v) for v in x.ravel()], "y": [float(v) for v in reference()]}, f, indent=1)
    f.write("\n")
