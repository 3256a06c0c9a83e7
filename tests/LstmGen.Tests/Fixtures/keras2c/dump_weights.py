#!/usr/bin/python3
"""Independent read of model.h5 with h5py (Debian's python3-h5py), for KerasLoaderTests.

Writes weights_h5py.json: for every layer in model_weights' layer_names, each dataset named by the
layer group's weight_names attribute, with its shape, the float64 sum of its elements, the sum of
their absolute values, and its first and last elements. Also the model_config's layer classes.
Run: /usr/bin/python3 dump_weights.py   (from this folder)
"""
import json
import h5py
import numpy as np

out = {"file": "model.h5", "layers": []}
with h5py.File("model.h5", "r") as f:
    config = json.loads(f.attrs["model_config"])
    classes = {layer["config"]["name"]: layer["class_name"] for layer in config["config"]["layers"]}
    root = f["model_weights"]
    for name in [n.decode() for n in root.attrs["layer_names"]]:
        group = root[name]
        weights = []
        for wn in [w.decode() for w in group.attrs["weight_names"]]:
            data = np.asarray(group[wn], dtype=np.float32)
            flat = data.astype(np.float64).ravel()
            weights.append({
                "name": wn,
                "path": group[wn].name,
                "shape": list(data.shape),
                "sum": float(flat.sum()),
                "abs_sum": float(np.abs(flat).sum()),
                "first": float(flat[0]),
                "last": float(flat[-1]),
            })
        out["layers"].append({"name": name, "class_name": classes.get(name), "weights": weights})

with open("weights_h5py.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
