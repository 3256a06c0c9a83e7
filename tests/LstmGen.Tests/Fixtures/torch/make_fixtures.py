#!/usr/bin/env python3
"""Builds the PyTorch LSTM fixtures in this folder (see README.md).

Run from anywhere with Debian's PyTorch (python3-torch 1.13), NumPy and ONNX:

    /usr/bin/python3 tests/LstmGen.Tests/Fixtures/torch/make_fixtures.py

Every model is a real torch.nn.LSTM with weights drawn from fixed seeds. For each one this writes
  <name>.safetensors  the state_dict, in the dtype listed below (safetensors written by hand here,
                      following the published format, unless the `safetensors` package is importable)
  <name>.npz          the same state_dict via numpy.savez (one model via numpy.savez_compressed)
  <name>.onnx         the nn.LSTM alone via torch.onnx.export (opset 14): input "x" [T, 1, I],
                      outputs "y" [T, 1, D*H] (D = 2 when bidirectional), "h_n", "c_n"
  <name>_x.csv        the input sequence, T rows of I values (all exactly representable in float32)
  <name>_y_l<k>.csv   the output sequence of layer k, T rows of D*H values ([forward | backward]
                      when bidirectional), computed by PyTorch in float64 from the stored weights
and a few standalone .npy files under npy/. manifest.json lists everything.
CI never runs this script; the outputs are committed.
"""

import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
NPY_DIR = os.path.join(HERE, "npy")

# Safetensors dtype names for torch dtypes (the format's own table).
ST_DTYPE = {
    torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
    torch.bool: "BOOL",
}


class Encoder(nn.Module):
    """An nn.LSTM inside a module tree: its state_dict names get the prefix 'encoder.lstm.'."""

    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden_size)
        # Unrelated neighbours, as in a real checkpoint (BatchNorm adds an int64 buffer).
        self.norm = nn.BatchNorm1d(hidden_size)


class Seq2Vec(nn.Module):
    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.encoder = Encoder(input_size, hidden_size)
        self.head = nn.Linear(hidden_size, 2)


# name, I, H, num_layers, bias, bidirectional, T, safetensors dtype, npz writer, npz dtype, seed
MODELS = [
    dict(name="lstm_odd", input=11, hidden=29, layers=1, bias=True, bidirectional=False, steps=7,
         dtype="float32", npz="savez", npz_dtype="float32", seed=101,
         note="odd sizes (I=11, H=29)"),
    dict(name="lstm_stack2", input=4, hidden=20, layers=2, bias=True, bidirectional=False, steps=9,
         dtype="float16", npz="savez", npz_dtype="float16", seed=202,
         note="num_layers=2; weights rounded to float16 (safetensors F16, npz <f2)"),
    dict(name="lstm_stack3", input=3, hidden=8, layers=3, bias=True, bidirectional=False, steps=6,
         dtype="bfloat16", npz="savez", npz_dtype="float32", seed=303,
         note="num_layers=3; weights rounded to bfloat16 (safetensors BF16; npz float32, same values)"),
    dict(name="lstm_prefixed", input=6, hidden=13, layers=1, bias=True, bidirectional=False, steps=5,
         dtype="float64", npz="savez_compressed", npz_dtype="float64", seed=404, wrapped=True,
         note="nn.LSTM at encoder.lstm inside a module with other tensors (incl. an int64 buffer); "
              "weights drawn in float64 (safetensors F64, compressed npz <f8); the ONNX file holds "
              "them rounded to float32"),
    dict(name="lstm_nobias", input=5, hidden=9, layers=1, bias=False, bidirectional=False, steps=8,
         dtype="float32", npz="savez", npz_dtype="float32", seed=505,
         note="bias=False (no bias tensors)"),
    dict(name="lstm_bidir", input=6, hidden=10, layers=2, bias=True, bidirectional=True, steps=7,
         dtype="float32", npz="savez", npz_dtype="float32", seed=606,
         note="bidirectional=True, num_layers=2 (_reverse tensors; layer 1 reads [forward | backward] of layer 0)"),
]


def build(spec):
    torch.manual_seed(spec["seed"])
    if spec.get("wrapped"):
        root = Seq2Vec(spec["input"], spec["hidden"])
        lstm = root.encoder.lstm
    else:
        lstm = nn.LSTM(spec["input"], spec["hidden"], num_layers=spec["layers"], bias=spec["bias"],
                       bidirectional=spec["bidirectional"])
        root = lstm
    root.eval()
    if spec["dtype"] == "float64":
        # Genuine float64 weights (not float32 values widened): the loader must round them.
        root.double()
        gen = torch.Generator().manual_seed(spec["seed"] + 1)
        bound = 1.0 / spec["hidden"] ** 0.5
        with torch.no_grad():
            for p in lstm.parameters():
                p.copy_((torch.rand(p.shape, generator=gen, dtype=torch.float64) * 2 - 1) * bound)
    elif spec["dtype"] in ("float16", "bfloat16"):
        # Round to the stored dtype, so the file holds exactly the weights the outputs come from.
        target = getattr(torch, spec["dtype"])
        with torch.no_grad():
            for p in root.parameters():
                p.copy_(p.to(target).to(p.dtype))
    # Non-trivial BatchNorm buffers, so that the neighbours are not all zeros/ones.
    if spec.get("wrapped"):
        with torch.no_grad():
            root.encoder.norm.running_mean.uniform_(-1, 1)
            root.encoder.norm.num_batches_tracked.fill_(12345)
    return root, lstm


def state_dict_for_file(root, dtype_name):
    """The state_dict with floating tensors in the file's dtype (integer buffers keep theirs)."""
    target = getattr(torch, dtype_name)
    out = {}
    for k, v in root.state_dict().items():
        v = v.detach().cpu()
        out[k] = v.to(target) if v.is_floating_point() else v
        out[k] = out[k].contiguous()
    return out


def tensor_bytes(t):
    """Little-endian raw bytes of a tensor (bfloat16 has no numpy dtype: go through int16 bits)."""
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def write_safetensors(path, tensors, metadata):
    try:
        import safetensors.torch  # noqa: F401
        safetensors.torch.save_file(tensors, path, metadata=metadata)
        return
    except ImportError:
        pass
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        data = tensor_bytes(t)
        header[name] = {"dtype": ST_DTYPE[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-(8 + len(text)) % 8)  # pad with spaces so the data starts 8-aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def write_csv(path, array):
    array = np.asarray(array, dtype=np.float64)
    with open(path, "w", newline="\n") as f:
        for row in array:
            f.write(",".join(repr(float(v)) for v in row) + "\n")


def layer_outputs(lstm, x):
    """Every layer's float64 output sequence [T, D*H], by running one-layer copies in a chain,
    checked against the full module's output for the last layer."""
    lstm64 = lstm.double() if next(lstm.parameters()).dtype != torch.float64 else lstm
    directions = 2 if lstm64.bidirectional else 1
    outs = []
    seq = x.unsqueeze(1)  # [T, 1, I]
    sd = lstm64.state_dict()
    for k in range(lstm64.num_layers):
        single = nn.LSTM(seq.shape[-1], lstm64.hidden_size, num_layers=1, bias=lstm64.bias,
                         bidirectional=lstm64.bidirectional).double()
        single_sd = {}
        for name in single.state_dict():
            single_sd[name] = sd[name.replace("_l0", f"_l{k}")]
        single.load_state_dict(single_sd)
        with torch.no_grad():
            seq, _ = single(seq)
        outs.append(seq[:, 0, :].clone())
    with torch.no_grad():
        full, _ = lstm64(x.unsqueeze(1))
    assert torch.allclose(full[:, 0, :], outs[-1], atol=1e-12, rtol=0), "layer chain differs from the module"
    assert outs[-1].shape[1] == directions * lstm64.hidden_size
    return outs


def export_onnx(lstm, spec, path):
    model = lstm.float()  # ONNX LSTM in float32 (a float64 model's weights are rounded here)
    x = torch.zeros(spec["steps"], 1, spec["input"], dtype=torch.float32)
    torch.onnx.export(model, (x,), path, opset_version=14, input_names=["x"],
                      output_names=["y", "h_n", "c_n"], do_constant_folding=True)
    import onnx
    m = onnx.load(path)
    ops = [n.op_type for n in m.graph.node]
    assert ops.count("LSTM") == spec["layers"], f"{path}: expected {spec['layers']} LSTM nodes, got {ops}"
    return m


def onnx_lstm_reference(m, x):
    """Runs the exported graph's LSTM nodes in float64 from their initializers, by the ONNX operator's
    own definition (gates i, o, f, c; B = [Wb | Rb]), chaining layers as the exporter does
    ([forward | backward] per step). Checks that the .onnx files hold the same network."""
    from onnx import numpy_helper
    init = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in m.graph.initializer}
    sig = lambda z: 1.0 / (1.0 + np.exp(-z))
    seq = x
    for node in (n for n in m.graph.node if n.op_type == "LSTM"):
        W, R = init[node.input[1]], init[node.input[2]]
        B = init[node.input[3]] if len(node.input) > 3 and node.input[3] else np.zeros((W.shape[0], 2 * W.shape[1]))
        D, H4, _ = W.shape
        H = H4 // 4
        outs = []
        for d in range(D):
            steps = range(len(seq)) if d == 0 else reversed(range(len(seq)))
            h, c = np.zeros(H), np.zeros(H)
            y = np.zeros((len(seq), H))
            for t in steps:
                z = W[d] @ seq[t] + R[d] @ h + B[d, :H4] + B[d, H4:]
                i, o, f, g = sig(z[:H]), sig(z[H:2 * H]), sig(z[2 * H:3 * H]), np.tanh(z[3 * H:])
                c = f * c + i * g
                h = o * np.tanh(c)
                y[t] = h
            outs.append(y)
        seq = np.concatenate(outs, axis=1)
    return seq


def make_npy_files(models):
    """Standalone .npy files in several dtypes, byte orders, orders and header versions."""
    os.makedirs(NPY_DIR, exist_ok=True)
    odd = models["lstm_odd"]["state_dict_f32"]
    stack2 = models["lstm_stack2"]["state_dict_f32"]
    from numpy.lib import format as npf

    def save(name, array, version=None):
        path = os.path.join(NPY_DIR, name)
        with open(path, "wb") as f:
            npf.write_array(f, array, version=version, allow_pickle=False)
        back = np.load(path, allow_pickle=False)
        assert back.dtype == array.dtype and back.shape == array.shape and np.array_equal(back, array)
        return dict(file="npy/" + name, descr=npf.dtype_to_descr(array.dtype), shape=list(array.shape),
                    fortran_order=bool(array.flags.f_contiguous and not array.flags.c_contiguous),
                    version="%d.%d" % (version or (1, 0)))

    files = [
        # weight_ih_l0 [116, 11] stored column-major (fortran_order: True), float32
        save("lstm_odd.weight_ih_l0.f4.fortran.npy", np.asfortranarray(odd["weight_ih_l0"].numpy().astype("<f4"))),
        # weight_hh_l0 [116, 29] as float64 (values are the float32 weights, exactly), header version 2.0
        save("lstm_odd.weight_hh_l0.f8.v2.npy", odd["weight_hh_l0"].numpy().astype("<f8"), version=(2, 0)),
        # bias_ih_l0 [116] big-endian float32
        save("lstm_odd.bias_ih_l0.f4be.npy", odd["bias_ih_l0"].numpy().astype(">f4")),
        # bias_hh_l0 [116] float32, header version 3.0
        save("lstm_odd.bias_hh_l0.f4.v3.npy", odd["bias_hh_l0"].numpy().astype("<f4"), version=(3, 0)),
        # a float16 matrix (lstm_stack2's weights are float16 values)
        save("lstm_stack2.weight_hh_l1.f2.npy", stack2["weight_hh_l1"].numpy().astype("<f2")),
    ]
    return files


def main():
    torch.use_deterministic_algorithms(True)
    manifest = {"generator": "make_fixtures.py", "torch": torch.__version__, "numpy": np.__version__,
                "models": []}
    models = {}
    for spec in MODELS:
        name = spec["name"]
        root, lstm = build(spec)
        # The stored state_dict (file dtype), and its float32 view for the npy files.
        sd_file = state_dict_for_file(root, spec["dtype"])
        models[name] = {"state_dict_f32": {k: v.float() if v.is_floating_point() else v
                                            for k, v in lstm.state_dict().items()}}
        write_safetensors(os.path.join(HERE, name + ".safetensors"), sd_file,
                          {"format": "pt", "source": "make_fixtures.py", "model": name})

        sd_npz = state_dict_for_file(root, spec["npz_dtype"])
        arrays = {k: v.numpy() for k, v in sd_npz.items()}
        getattr(np, spec["npz"])(os.path.join(HERE, name + ".npz"), **arrays)

        # Inputs: float32 values (so the kernels see exactly what PyTorch saw), as float64.
        gen = torch.Generator().manual_seed(spec["seed"] + 7)
        x = torch.randn(spec["steps"], spec["input"], generator=gen, dtype=torch.float32).double()
        write_csv(os.path.join(HERE, name + "_x.csv"), x.numpy())
        outs = layer_outputs(lstm, x)
        for k, y in enumerate(outs):
            write_csv(os.path.join(HERE, f"{name}_y_l{k}.csv"), y.numpy())

        onnx_model = export_onnx(lstm, spec, os.path.join(HERE, name + ".onnx"))
        onnx_err = np.abs(onnx_lstm_reference(onnx_model, x.numpy()) - outs[-1].numpy()).max()
        assert onnx_err < 1e-5, f"{name}.onnx: the ONNX LSTM nodes differ from PyTorch by {onnx_err}"

        prefix = "encoder.lstm." if spec.get("wrapped") else ""
        manifest["models"].append({
            "name": name, "note": spec["note"], "input_size": spec["input"], "hidden_size": spec["hidden"],
            "num_layers": spec["layers"], "bias": spec["bias"], "bidirectional": spec["bidirectional"],
            "steps": spec["steps"], "prefix": prefix, "seed": spec["seed"],
            "safetensors": {"file": name + ".safetensors", "dtype": ST_DTYPE[getattr(torch, spec["dtype"])],
                            "tensors": {k: f"{ST_DTYPE[v.dtype]} {list(v.shape)}" for k, v in sd_file.items()}},
            "npz": {"file": name + ".npz", "writer": "numpy." + spec["npz"], "dtype": spec["npz_dtype"]},
            "onnx": {"file": name + ".onnx", "opset": 14, "lstm_nodes": spec["layers"], "input": ["x", [spec["steps"], 1, spec["input"]]],
                     "output": ["y", [spec["steps"], 1, (2 if spec["bidirectional"] else 1) * spec["hidden"]]]},
            "x": name + "_x.csv",
            "y": [f"{name}_y_l{k}.csv" for k in range(len(outs))],
        })
        print(f"{name}: ok (ONNX LSTM nodes vs PyTorch: max abs difference {onnx_err:.2e})")

    manifest["npy"] = make_npy_files(models)
    with open(os.path.join(HERE, "manifest.json"), "w", newline="\n") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(HERE) for f in fs)
    print(f"total size of the folder: {total} bytes")


if __name__ == "__main__":
    sys.exit(main())
