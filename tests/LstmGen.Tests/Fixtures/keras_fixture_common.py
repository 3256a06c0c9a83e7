"""What the scripts that synthesise LstmGen's Keras fixtures share (keras-gru, keras-gru-before, keras-bidir,
keras3): seeded float32 tensors, float64 copies and the sigmoid for reference runs, the Keras 2 `model.save("x.h5")` layout, a PyTorch
nn.Linear holding a Keras Dense, and the expected.json writer.

Not run on its own: each script puts this folder on sys.path and imports it. Debian's python3-h5py and
python3-numpy; python3-torch only for torch_dense.
"""
import json

import h5py
import numpy as np


def uniform_sampler(rng, default_scale):
    """uniform(*shape, scale=default_scale): float32 values drawn from rng, uniform in [-scale, scale)."""
    def uniform(*shape, scale=default_scale):
        return rng.uniform(-scale, scale, size=shape).astype(np.float32)
    return uniform


def keras_rnn_weights(uniform, inputs, units, gates, bias_scale, two_bias_rows=False):
    """A Keras recurrent layer's tensors, drawn in this order: kernel [inputs, gates·units], recurrent_kernel
    [units, gates·units], bias [gates·units] (or [2, gates·units], input and recurrent rows, for a GRU with
    reset_after=True). gates: 4 for an LSTM (i, f, c, o), 3 for a GRU (z, r, h)."""
    bias_shape = (2, gates * units) if two_bias_rows else (gates * units,)
    return {"kernel": uniform(inputs, gates * units), "recurrent_kernel": uniform(units, gates * units),
            "bias": uniform(*bias_shape, scale=bias_scale)}


def float64_tensors(weights):
    """A Keras recurrent layer's kernel, recurrent_kernel and bias as float64, for a reference run."""
    return (weights[name].astype(np.float64) for name in ("kernel", "recurrent_kernel", "bias"))


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


def keras2_layer(class_name, name, **config):
    """A layer entry of a Keras 2 `model_config`."""
    return {"class_name": class_name, "config": dict(name=name, **config)}


def keras2_sequential(*layers):
    """A Keras 2 `model_config` of a Sequential model."""
    return {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": list(layers)}}


def write_keras2_model(path, keras_version, config, layers):
    """Keras 2 / tf.keras `model.save("x.h5")`: root attributes `keras_version`, `backend`, `model_config`;
    `model_weights` with `layer_names` and one group per layer whose `weight_names` list the dataset paths
    inside it. layers: {layer name: {variable: tensor}} in model order; a variable ("kernel", or
    "forward_lstm_1/kernel" in a wrapper) is stored at "<layer>/<variable>:0"."""
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = keras_version.encode()
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps(config).encode()
        mw = f.create_group("model_weights")
        mw.attrs["layer_names"] = np.array([name.encode() for name in layers])
        for name, variables in layers.items():
            g = mw.create_group(name)
            datasets = {f"{name}/{variable}:0": tensor for variable, tensor in variables.items()}
            g.attrs["weight_names"] = np.array([dataset_path.encode() for dataset_path in datasets])
            for dataset_path, tensor in datasets.items():
                g.create_dataset(dataset_path, data=tensor)


def write_keras2_gru_model(path, steps, gru, gru_1, dense, reset_after):
    """The Keras 2 model both GRU fixtures hold: GRU "gru" (return_sequences) -> GRU "gru_1" (last state) ->
    Dense "dense" (linear), sizes taken from the tensors (kernel [I, 3U], recurrent_kernel [U, 3U])."""
    def gru_layer(name, weights, return_sequences, **config):
        return keras2_layer("GRU", name, units=weights["recurrent_kernel"].shape[0], activation="tanh",
                            recurrent_activation="sigmoid", reset_after=reset_after,
                            return_sequences=return_sequences, use_bias=True, **config)

    config = keras2_sequential(
        gru_layer("gru", gru, True, batch_input_shape=[None, steps, gru["kernel"].shape[0]]),
        gru_layer("gru_1", gru_1, False),
        keras2_layer("Dense", "dense", units=dense["kernel"].shape[1], activation="linear", use_bias=True))
    write_keras2_model(path, "2.3.1", config, {"gru": gru, "gru_1": gru_1, "dense": dense})


def torch_dense(dense):
    """A float64 nn.Linear holding a Keras Dense's kernel [in, out] and bias [out]."""
    import torch  # only the scripts that check against PyTorch need it

    inputs, outputs = dense["kernel"].shape
    fc = torch.nn.Linear(inputs, outputs).double()
    with torch.no_grad():
        fc.weight.copy_(torch.from_numpy(dense["kernel"].T.astype(np.float64)))
        fc.bias.copy_(torch.from_numpy(dense["bias"].astype(np.float64)))
    return fc


def write_expected(path, note, x, **outputs):
    """expected.json: the note, the input x and each named output, flattened row-major to float lists."""
    content = {"note": note, "x": [float(v) for v in x.ravel()]}
    content.update((name, [float(v) for v in np.ravel(values)]) for name, values in outputs.items())
    with open(path, "w", newline="\n") as f:
        json.dump(content, f, indent=1)
        f.write("\n")
