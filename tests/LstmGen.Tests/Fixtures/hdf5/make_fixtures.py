"""HDF5 layouts the Keras loader's reader handles beyond what the Keras fixtures use, in a Keras 3 .weights.h5 layout
(layers/lstm/cell/vars/0..2, layers/dense/vars/0..1), written with h5py (Debian's python3-h5py), values from a seeded
numpy generator. expected.json holds the values as h5py reads them back, flattened in row-major order.

  latest.weights.h5   libver="latest": superblock 3, version 2 object headers, link-message groups; the LSTM's kernel
                      compact, its recurrent kernel big-endian float32, the Dense kernel float64.
  chunked.weights.h5  the default (earliest) format with chunked, uncompressed datasets whose edge chunks are partial.

Run: /usr/bin/python3 make_fixtures.py (in this folder).
"""
import json
import h5py
import numpy as np

rng = np.random.default_rng(16)
I, U, D = 3, 4, 2
values = {
    "lstm/cell/vars/0": rng.standard_normal((I, 4 * U)).astype(np.float32),
    "lstm/cell/vars/1": rng.standard_normal((U, 4 * U)).astype(np.float32),
    "lstm/cell/vars/2": rng.standard_normal((4 * U,)).astype(np.float32),
    "dense/vars/0": rng.standard_normal((U, D)),  # float64
    "dense/vars/1": rng.standard_normal((D,)).astype(np.float32),
}


def compact(group, name, data):
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_layout(h5py.h5d.COMPACT)
    space = h5py.h5s.create_simple(data.shape)
    ds = h5py.h5d.create(group.id, name.encode(), h5py.h5t.IEEE_F32LE, space, dcpl=dcpl)
    ds.write(h5py.h5s.ALL, h5py.h5s.ALL, np.ascontiguousarray(data))


with h5py.File("latest.weights.h5", "w", libver="latest") as f:
    for path, data in values.items():
        group = f.require_group("layers/" + path.rsplit("/", 1)[0])
        name = path.rsplit("/", 1)[1]
        if path == "lstm/cell/vars/0":
            compact(group, name, data)
        elif path == "lstm/cell/vars/1":
            group.create_dataset(name, data=data.astype(">f4"))
        else:
            group.create_dataset(name, data=data)
    assert f["layers/lstm/cell/vars/0"].id.get_create_plist().get_layout() == h5py.h5d.COMPACT

with h5py.File("chunked.weights.h5", "w") as f:
    for path, data in values.items():
        chunks = tuple(max(1, (n + 1) // 2 - 1) for n in data.shape)  # several chunks, the last ones partial
        f.create_dataset("layers/" + path, data=data, chunks=chunks)
    assert f["layers/lstm/cell/vars/1"].chunks is not None

expected = {}
for name in ("latest.weights.h5", "chunked.weights.h5"):
    with h5py.File(name, "r") as f:
        expected[name] = {p: {"shape": list(f["layers/" + p].shape), "values": [float(v) for v in np.asarray(f["layers/" + p]).ravel()]}
                          for p in values}
with open("expected.json", "w") as out:
    json.dump(expected, out, indent=1)
