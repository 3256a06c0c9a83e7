#!/usr/bin/python3
"""Synthesises the Keras 3 (and one Keras 2 save_weights-style) fixtures for KerasLoaderTests.

No Keras is installed here (Debian has none), so nothing in this folder was written by Keras: the
files follow the layouts Keras writes, built with h5py, zipfile and numpy (Debian's packages):

- Keras 3 `save_weights` (`.weights.h5`, keras/src/saving/saving_lib.py H5IOStore): a `vars` group per
  saveable object, at `layers/<snake_case(class)>[_<n>]/vars/<i>`; an LSTM layer's own `vars` is empty
  and its cell's variables are `layers/lstm/cell/vars/0..2` = kernel [I, 4U], recurrent_kernel [U, 4U],
  bias [4U] (gates i, f, c, o); a Dense's are `vars/0` kernel [in, out] and `vars/1` bias.
- Keras 3 `model.save` (`.keras`): a zip of `metadata.json`, `config.json` (the serialized model) and
  `model.weights.h5` in the layout above. Layer groups are named after the class, not the layer, so the
  layers "encoder", "decoder" and "head" live in `layers/lstm`, `layers/lstm_1` and `layers/dense`.
- Keras 2 / tf.keras `save_weights("x.h5")`: `layer_names` on the root, one group per layer with a
  `weight_names` attribute whose entries are dataset paths inside that group. The recurrent kernels are
  stored as float64 here to exercise conversion.

The model: input [6 steps, 3 features] -> LSTM "encoder" (5 units, return_sequences) -> LSTM "decoder"
(4 units, last state) -> Dense "head" (2, linear). expected.json holds the input sequence and the
outputs computed here in float64 (sigmoid/tanh LSTM), each layer fed the float32-rounded output of
the one before, as frameworks do.

Also writes the malformed files the rejection tests use (bad_*). Run: /usr/bin/python3 make_fixtures.py
"""
import io
import json
import os
import sys
import zipfile

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from keras_fixture_common import (float64_tensors, keras_rnn_weights, sigmoid, uniform_sampler,  # noqa: E402
                                  write_expected)

uniform = uniform_sampler(np.random.default_rng(20240611), 0.6)
STEPS, FEATURES, ENC, DEC, OUT = 6, 3, 5, 4, 2

enc = keras_rnn_weights(uniform, FEATURES, ENC, gates=4, bias_scale=0.3)
dec = keras_rnn_weights(uniform, ENC, DEC, gates=4, bias_scale=0.3)
head = {"kernel": uniform(DEC, OUT), "bias": uniform(OUT, scale=0.3)}
x = uniform(STEPS, FEATURES, scale=1.5)


def lstm(w, xs):
    k, r, b = float64_tensors(w)
    units = r.shape[0]
    h, c, out = np.zeros(units), np.zeros(units), []
    for xt in xs.astype(np.float64):
        z = xt @ k + h @ r + b
        i, f, g, o = sigmoid(z[:units]), sigmoid(z[units:2 * units]), np.tanh(z[2 * units:3 * units]), sigmoid(z[3 * units:])
        c = f * c + i * g
        h = o * np.tanh(c)
        out.append(h.copy())
    return np.array(out)


enc_seq = lstm(enc, x)
dec_seq = lstm(dec, enc_seq.astype(np.float32))
dec_last = dec_seq[-1]
head_out = dec_last.astype(np.float32).astype(np.float64) @ head["kernel"].astype(np.float64) + head["bias"]

write_expected("expected.json", "float64 reference computed by make_fixtures.py; x is [6, 3] row-major float32", x,
               encoder_sequence=enc_seq, decoder_last=dec_last, head=head_out)


def write_keras3_weights(target, enc_w=enc, enc_vars=("0", "1", "2")):
    with h5py.File(target, "w") as f:
        f.create_group("vars")  # the model's own (none)
        for group, weights in (("lstm", enc_w), ("lstm_1", dec)):
            f.create_group(f"layers/{group}/vars")  # the RNN layer's own (none)
            cell = f.create_group(f"layers/{group}/cell/vars")
            for index, name in zip(("0", "1", "2"), ("kernel", "recurrent_kernel", "bias")):
                if weights is enc_w and index not in enc_vars:
                    continue
                cell[index] = weights[name]
        dense = f.create_group("layers/dense/vars")
        dense["0"] = head["kernel"]
        dense["1"] = head["bias"]
        f.create_group("optimizer/vars")


def layer_config(class_name, name, **extra):
    config = {"name": name, "trainable": True, "dtype": {"module": "keras", "class_name": "DTypePolicy",
              "config": {"name": "float32"}, "registered_name": None}}
    config.update(extra)
    return {"module": "keras.layers", "class_name": class_name, "config": config, "registered_name": None}


def lstm_config(name, units, return_sequences):
    return layer_config("LSTM", name, return_sequences=return_sequences, return_state=False, go_backwards=False,
                        stateful=False, unroll=False, zero_output_for_mask=False, units=units, activation="tanh",
                        recurrent_activation="sigmoid", use_bias=True, unit_forget_bias=True, dropout=0.0,
                        recurrent_dropout=0.0, seed=None)


def model_config(encoder_units=ENC):
    return {
        "module": "keras", "class_name": "Sequential", "registered_name": None,
        "config": {"name": "sequential", "trainable": True, "dtype": "float32", "layers": [
            {"module": "keras.layers", "class_name": "InputLayer", "registered_name": None,
             "config": {"batch_shape": [None, STEPS, FEATURES], "dtype": "float32", "sparse": False, "name": "input_layer"}},
            lstm_config("encoder", encoder_units, True),
            lstm_config("decoder", DEC, False),
            layer_config("Dense", "head", units=OUT, activation="linear", use_bias=True),
        ], "build_input_shape": [None, STEPS, FEATURES]},
        "build_config": {"input_shape": [None, STEPS, FEATURES]},
    }


def write_keras_archive(target, config):
    weights = io.BytesIO()
    write_keras3_weights(weights)
    with zipfile.ZipFile(target, "w") as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.x (synthesised)", "date_saved": "2024-06-11@00:00:00"}))
        z.writestr("config.json", json.dumps(config))
        z.writestr("model.weights.h5", weights.getvalue())


def write_keras2_weights(target, drop=None):
    """tf.keras 2.x save_weights: root attributes, weight names "<layer>/<cell>/<var>:0"."""
    with h5py.File(target, "w") as f:
        f.attrs["backend"] = np.bytes_("tensorflow")
        f.attrs["keras_version"] = np.bytes_("2.15.0")
        f.attrs["layer_names"] = np.array([b"encoder", b"decoder", b"head"])
        for layer, cell, weights in (("encoder", "lstm_cell", enc), ("decoder", "lstm_cell_1", dec)):
            g = f.create_group(layer)
            names = [f"{layer}/{cell}/{n}:0" for n in ("kernel", "recurrent_kernel", "bias")]
            g.attrs["weight_names"] = np.array([n.encode() for n in names])
            for n, key in zip(names, ("kernel", "recurrent_kernel", "bias")):
                if n == drop:
                    continue
                data = weights[key].astype(np.float64) if key == "recurrent_kernel" else weights[key]
                g.create_dataset(n, data=data)
        g = f.create_group("head")
        g.attrs["weight_names"] = np.array([b"head/kernel:0", b"head/bias:0"])
        g["head/kernel:0"] = head["kernel"]
        g["head/bias:0"] = head["bias"]


write_keras3_weights("model.weights.h5")
write_keras_archive("model.keras", model_config())
write_keras2_weights("keras2_save_weights.h5")

# ---- malformed files ----
nan = {k: v.copy() for k, v in enc.items()}
nan["kernel"][1, 2] = np.nan
write_keras3_weights("bad_nan.weights.h5", enc_w=nan)
misshapen = dict(enc, recurrent_kernel=uniform(ENC, 4 * ENC - 4))
write_keras3_weights("bad_shape.weights.h5", enc_w=misshapen)
write_keras3_weights("bad_missing.weights.h5", enc_vars=("0",))
as_int = dict(enc, kernel=np.arange(FEATURES * 4 * ENC, dtype=np.int32).reshape(FEATURES, 4 * ENC))
write_keras3_weights("bad_dtype.weights.h5", enc_w=as_int)
write_keras_archive("bad_units.keras", model_config(encoder_units=6))
write_keras2_weights("bad_weight_names.h5", drop="encoder/lstm_cell/recurrent_kernel:0")
with h5py.File("bad_not_keras.h5", "w") as f:  # valid HDF5, no Keras layout
    f["data"] = np.arange(4, dtype=np.float32)


def write_claiming_keras3_weights(target, units):
    """An LSTM whose datasets declare [I, 4U], [U, 4U], [4U] but were never written: HDF5 allocates storage
    lazily, so the file stays a few KiB whatever the claim. The loader must refuse without allocating."""
    with h5py.File(target, "w") as f:
        f.create_group("vars")
        f.create_group("layers/lstm/vars")
        cell = f.create_group("layers/lstm/cell/vars")
        for index, shape in (("0", (FEATURES, 4 * units)), ("1", (units, 4 * units)), ("2", (4 * units,))):
            cell.create_dataset(index, shape=shape, dtype="f4")


write_claiming_keras3_weights("bad_claims_1e12.weights.h5", 500_000)  # recurrent kernel: 10^12 elements
write_claiming_keras3_weights("bad_unwritten.weights.h5", 20_000)     # 1.6·10^9 elements: under .NET's array limit
