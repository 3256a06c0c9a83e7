#!/usr/bin/python3
"""Keras activation fixtures: three synthesised files and recorded_activations.json.

No Keras is installed here (Debian has none): the files follow the layouts Keras writes (see ../keras3/README.md),
built with Debian's python3-h5py and python3-numpy and Python's zipfile.

- keras3_hard_sigmoid.keras: a Keras 3 `model.save` archive, LSTM "lstm" (3 -> 4, activation relu,
  recurrent_activation hard_sigmoid) -> Dense "dense" (4 -> 2, softmax). In Keras 3, hard_sigmoid is x/6 + 1/2.
- keras3_legacy.h5: the Keras 2 HDF5 layout as Keras 3 writes it for `model.save("x.h5")` (keras_version 3.3.3):
  LSTM "lstm" (tanh, hard_sigmoid) -> Dense "dense" (sigmoid). Keras 3's hard_sigmoid again.
- unsupported_activation.h5: Keras 2 layout (keras_version 2.15.0), LSTM "lstm" with activation "swish", which
  LstmGen has no equivalent for.

recorded_activations.json: for these files and the other Keras fixtures, each weighted layer's activation and
recurrent activation as LstmGen's Activation names, read here from each file's own config (a Bidirectional's
or TimeDistributed's from its inner layer) with the rule: hard_sigmoid is HardSigmoidKeras2 (0.2x + 0.5) in files
whose keras_version is below 3, HardSigmoid (x/6 + 1/2) in Keras 3 files (.keras archives, keras_version >= 3).

Run: /usr/bin/python3 make_fixtures.py (in this folder).
"""
import io
import json
import os
import sys
import zipfile

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from keras_fixture_common import (keras2_layer, keras2_sequential, keras_rnn_weights, uniform_sampler,  # noqa: E402
                                  write_keras2_model)

uniform = uniform_sampler(np.random.default_rng(20261203), 0.5)
lstm = keras_rnn_weights(uniform, 3, 4, gates=4, bias_scale=0.2)
dense = {"kernel": uniform(4, 2), "bias": uniform(2, scale=0.2)}


def keras3_layer(class_name, name, **config):
    return {"module": "keras.layers", "class_name": class_name, "config": dict(name=name, **config), "registered_name": None}


def write_keras3_archive(path):
    weights = io.BytesIO()
    with h5py.File(weights, "w") as f:
        f.create_group("vars")
        f.create_group("layers/lstm/vars")
        cell = f.create_group("layers/lstm/cell/vars")
        for index, name in enumerate(("kernel", "recurrent_kernel", "bias")):
            cell[str(index)] = lstm[name]
        d = f.create_group("layers/dense/vars")
        d["0"], d["1"] = dense["kernel"], dense["bias"]
    config = {"module": "keras", "class_name": "Sequential", "registered_name": None, "config": {"name": "sequential", "layers": [
        keras3_layer("InputLayer", "input_layer", batch_shape=[None, 5, 3]),
        keras3_layer("LSTM", "lstm", units=4, activation="relu", recurrent_activation="hard_sigmoid", use_bias=True),
        keras3_layer("Dense", "dense", units=2, activation="softmax", use_bias=True)]}}
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.3.3", "date_saved": "2026-12-03@00:00:00"}))
        z.writestr("config.json", json.dumps(config))
        z.writestr("model.weights.h5", weights.getvalue())


def write_keras2_layout(path, keras_version, lstm_activation, recurrent_activation, dense_activation):
    config = keras2_sequential(
        keras2_layer("LSTM", "lstm", units=4, activation=lstm_activation, recurrent_activation=recurrent_activation,
                     use_bias=True, batch_input_shape=[None, 5, 3]),
        keras2_layer("Dense", "dense", units=2, activation=dense_activation, use_bias=True))
    write_keras2_model(path, keras_version, config, {"lstm": lstm, "dense": dense})


write_keras3_archive("keras3_hard_sigmoid.keras")
write_keras2_layout("keras3_legacy.h5", "3.3.3", "tanh", "hard_sigmoid", "sigmoid")
write_keras2_layout("unsupported_activation.h5", "2.15.0", "swish", "sigmoid", "linear")

# ---- the expectations, read back from each file's config ----

NAMES = {"linear": "Linear", "relu": "Relu", "tanh": "Tanh", "sigmoid": "Sigmoid", "softmax": "Softmax"}
WEIGHTLESS = {"InputLayer", "Dropout"}


def lstmgen_name(keras_name, keras3):
    if keras_name is None:
        return None
    if keras_name == "hard_sigmoid":
        return "HardSigmoid" if keras3 else "HardSigmoidKeras2"
    return NAMES[keras_name]


def layers_of(config):
    layers = config["config"]
    return layers["layers"] if isinstance(layers, dict) else layers


def expectations(layers, keras3):
    result = []
    for layer in layers:
        if layer["class_name"] in WEIGHTLESS:
            continue
        c = layer["config"]
        inner = c["layer"]["config"] if "activation" not in c and "layer" in c else c
        recurrent = layer["class_name"] in ("LSTM", "GRU", "Bidirectional")
        result.append({"name": c["name"], "activation": lstmgen_name(inner.get("activation"), keras3),
                       "recurrent_activation": lstmgen_name(inner.get("recurrent_activation"), keras3) if recurrent else None})
    return result


def from_h5(path):
    with h5py.File(os.path.join(HERE, path), "r") as f:
        version = f.attrs["keras_version"]
        version = version.decode() if isinstance(version, bytes) else str(version)
        return expectations(layers_of(json.loads(f.attrs["model_config"])), keras3=int(version.split(".")[0]) >= 3)


def from_archive(path):
    with zipfile.ZipFile(os.path.join(HERE, path)) as z:
        return expectations(layers_of(json.loads(z.read("config.json"))), keras3=True)


recorded = {
    "keras-activations/keras3_hard_sigmoid.keras": from_archive("keras3_hard_sigmoid.keras"),
    "keras-activations/keras3_legacy.h5": from_h5("keras3_legacy.h5"),
    "keras2c/model.h5": from_h5("../keras2c/model.h5"),
    "keras3/model.keras": from_archive("../keras3/model.keras"),
    "keras-gru/gru_model.h5": from_h5("../keras-gru/gru_model.h5"),
    "keras-bidir/bidir_model.h5": from_h5("../keras-bidir/bidir_model.h5"),
}
with open("recorded_activations.json", "w", newline="\n") as out:
    json.dump(recorded, out, indent=1)
    out.write("\n")
