#!/usr/bin/python3
"""Makes the ONNX fixtures for OnnxTests.cs with real exporters.

Run with Debian's interpreter (python3-onnx 1.12, python3-torch 1.13, python3-numpy):

    /usr/bin/python3 tests/LstmGen.Tests/Fixtures/onnx/make_onnx_fixtures.py

Writes into the folder of this script:

* torch_*.onnx   - torch.onnx.export of nn.LSTM modules (raw_data initializers, weights folded).
* helper_*.onnx  - graphs built with onnx.helper the way other exporters write them: typed
                   float_data / double_data / int32_data (FLOAT16) instead of raw_data, DOUBLE and
                   FLOAT16 initializers, no B input, weights as Constant nodes, reverse and
                   bidirectional directions, layout=1, explicit activations.
* bad_*.onnx     - well-formed ONNX that the LstmGen kernel cannot run or the loader cannot read
                   (peepholes, clip, Relu activation, input_forget=1, external data, weights computed
                   at run time, weights fed as graph inputs).
* NAME_x.csv     - the input: one row per (batch b, step t), b-major, `input_size` values (float32
                   values printed exactly).
* NAME_y_nK.csv  - the expected output of LSTM node K (graph order): one row per (b, t), the forward
                   hidden state then, for bidirectional nodes, the reverse one (2*H values), in float64.

Expected outputs are computed in float64: for torch exports by the module itself (model.double()),
layer by layer; for the helper graphs by `onnx_lstm` below, written from the ONNX LSTM equations and
checked here against PyTorch on the torch exports. Every model passes onnx.checker.
"""
import copy
import os

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 14


def out(name):
    return os.path.join(HERE, name)


def write_rows(name, rows, fmt):
    with open(out(name), "w") as f:
        for row in rows:
            f.write(",".join(fmt % v for v in row) + "\n")


def save_io(name, x_tbi, ys):
    """x_tbi: [T, B, I] float32 input; ys: per LSTM node, [T, B, D*H] float64 output."""
    T, B, _ = x_tbi.shape
    write_rows(name + "_x.csv", [x_tbi[t, b] for b in range(B) for t in range(T)], "%.9g")
    for k, y in enumerate(ys):
        write_rows(f"{name}_y_n{k}.csv", [y[t, b] for b in range(B) for t in range(T)], "%.17g")


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def onnx_lstm(x, W, R, B, direction, H):
    """The ONNX LSTM equations in float64 (default activations, no peepholes, zero initial state).
    x [T, Bt, I]; W [D, 4H, I]; R [D, 4H, H]; B [D, 8H] or None; gates stacked i, o, f, c.
    Returns Y as [T, Bt, D*H] (forward states, then reverse states at their own time index)."""
    T, Bt, _ = x.shape
    D = 2 if direction == "bidirectional" else 1
    y = np.zeros((T, Bt, D * H))
    for d in range(D):
        w, r = W[d].astype(np.float64), R[d].astype(np.float64)
        b = np.zeros(8 * H) if B is None else B[d].astype(np.float64)
        bias = b[:4 * H] + b[4 * H:]
        reverse = direction == "reverse" or d == 1
        h = np.zeros((Bt, H))
        c = np.zeros((Bt, H))
        for t in (reversed(range(T)) if reverse else range(T)):
            z = x[t].astype(np.float64) @ w.T + h @ r.T + bias
            i, o, f, g = sigmoid(z[:, :H]), sigmoid(z[:, H:2 * H]), sigmoid(z[:, 2 * H:3 * H]), np.tanh(z[:, 3 * H:])
            c = f * c + i * g
            h = o * np.tanh(c)
            y[t, :, d * H:(d + 1) * H] = h
    return y


def lstm_nodes(model):
    return [n for n in model.graph.node if n.op_type == "LSTM" and n.domain in ("", "ai.onnx")]


def initializer(model, name):
    for t in model.graph.initializer:
        if t.name == name:
            return numpy_helper.to_array(t)
    raise KeyError(name)


def attr(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            v = helper.get_attribute_value(a)
            return v.decode() if isinstance(v, bytes) else v
    return default


# ---- torch.onnx.export ----

def torch_fixture(name, input_size, hidden, layers, bidirectional, steps, batch, seed):
    torch.manual_seed(seed)
    model = torch.nn.LSTM(input_size, hidden, num_layers=layers, bidirectional=bidirectional)
    model.eval()
    x = (torch.rand(steps, batch, input_size) * 4 - 2).float()  # [T, B, I], float32
    torch.onnx.export(model, (x,), out(name + ".onnx"), input_names=["x"], output_names=["y", "h_n", "c_n"],
                      opset_version=OPSET, do_constant_folding=True)

    # Expected: the module in float64, one layer at a time (each layer's output feeds the next).
    ref = copy.deepcopy(model).double()
    D = 2 if bidirectional else 1
    ys = []
    with torch.no_grad():
        seq = x.double()
        for k in range(layers):
            layer = torch.nn.LSTM(seq.shape[2], hidden, bidirectional=bidirectional).double()
            for suffix in [""] + (["_reverse"] if bidirectional else []):
                for p in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                    getattr(layer, f"{p}_l0{suffix}").copy_(getattr(ref, f"{p}_l{k}{suffix}"))
            seq, _ = layer(seq)
            ys.append(seq.numpy())
        full, _ = ref(x.double())
    assert np.abs(full.numpy() - ys[-1]).max() < 1e-12

    # The exported file against the ONNX equations: the weights PyTorch wrote, in ONNX's gate order.
    m = onnx.load(out(name + ".onnx"))
    onnx.checker.check_model(m)
    nodes = lstm_nodes(m)
    assert len(nodes) == layers
    seq = x.numpy()
    for k, node in enumerate(nodes):
        W, R = initializer(m, node.input[1]), initializer(m, node.input[2])
        B = initializer(m, node.input[3]) if len(node.input) > 3 and node.input[3] else None
        assert W.dtype == np.float32 and W.shape == (D, 4 * hidden, seq.shape[2])
        y = onnx_lstm(seq, W, R, B, attr(node, "direction", "forward"), attr(node, "hidden_size"))
        err = np.abs(y - ys[k]).max()
        assert err < 1e-12, (name, k, err)
        seq = ys[k]  # the next node's input: PyTorch's float64 output of this layer
    save_io(name, x.numpy(), ys)
    print(f"{name}: {layers} LSTM node(s), I={input_size} H={hidden} D={D}, T={steps} B={batch}; ONNX equations vs torch max |diff| <= 1e-12")


def torch_negative(name, **kwargs):
    torch.manual_seed(5)
    model = torch.nn.LSTM(3, 5)
    x = torch.rand(4, 1, 3)
    torch.onnx.export(model, (x,), out(name + ".onnx"), input_names=["x"], opset_version=OPSET, **kwargs)
    onnx.checker.check_model(onnx.load(out(name + ".onnx")))
    print(f"{name}: torch.onnx.export({kwargs})")


# ---- onnx.helper graphs ----

I, H, T, BATCH = 3, 5, 4, 2


def rand(rng, *shape, scale=0.8):
    return rng.uniform(-scale, scale, size=shape)


def lstm_graph(name, nodes, initializers, x_shape, y_shape, extra_inputs=()):
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, x_shape)] + list(extra_inputs),
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, y_shape)],
        initializer=initializers)
    model = helper.make_model(graph, producer_name="onnx.helper", opset_imports=[helper.make_opsetid("", OPSET)])
    return model


def typed(name, dtype, array):
    """A TensorProto with the typed *_data field (float_data, double_data or int32_data for FLOAT16)."""
    return helper.make_tensor(name, dtype, array.shape, array.flatten().tolist())


def save_model(model, name, x=None, ys=None, **save_kwargs):
    onnx.checker.check_model(model)
    onnx.save_model(model, out(name + ".onnx"), **save_kwargs)
    if x is not None:
        save_io(name, x, ys)


def helper_fixtures():
    rng = np.random.default_rng(20240611)
    x = rand(rng, T, BATCH, I, scale=2.0).astype(np.float32)  # [T, B, I]

    # 1. float_data (typed FLOAT), no B input, layout=1 (X is [B, T, I]), activations spelled out.
    W = rand(rng, 1, 4 * H, I).astype(np.float32)
    R = rand(rng, 1, 4 * H, H).astype(np.float32)
    node = helper.make_node("LSTM", ["X", "W", "R"], ["Y"], name="lstm_typed", hidden_size=H, layout=1,
                            activations=["Sigmoid", "Tanh", "Tanh"])
    m = lstm_graph("typed", [node], [typed("W", TensorProto.FLOAT, W), typed("R", TensorProto.FLOAT, R)],
                   [BATCH, T, I], [BATCH, T, 1, H])
    assert len(m.graph.initializer[0].float_data) == W.size and not m.graph.initializer[0].raw_data
    save_model(m, "helper_float_data", x, [onnx_lstm(x, W, R, None, "forward", H)])

    # 2. DOUBLE: W as double_data, R and B as raw_data; no hidden_size attribute (it is optional).
    W = rand(rng, 1, 4 * H, I)
    R = rand(rng, 1, 4 * H, H)
    B = rand(rng, 1, 8 * H)
    node = helper.make_node("LSTM", ["X", "W", "R", "B"], ["Y"], name="lstm_double")
    m = lstm_graph("double", [node], [typed("W", TensorProto.DOUBLE, W), numpy_helper.from_array(R, "R"),
                                      numpy_helper.from_array(B, "B")], [T, BATCH, I], [T, 1, BATCH, H])
    m.graph.input[0].type.tensor_type.elem_type = TensorProto.DOUBLE
    m.graph.output[0].type.tensor_type.elem_type = TensorProto.DOUBLE
    assert m.graph.initializer[0].data_type == TensorProto.DOUBLE and len(m.graph.initializer[0].double_data) == W.size
    save_model(m, "helper_double", x, [onnx_lstm(x, W, R, B, "forward", H)])

    # 3. FLOAT16: W and B as raw_data, R as int32_data (the typed field for float16 bit patterns).
    W = rand(rng, 1, 4 * H, I).astype(np.float16)
    R = rand(rng, 1, 4 * H, H).astype(np.float16)
    B = rand(rng, 1, 8 * H).astype(np.float16)
    node = helper.make_node("LSTM", ["X", "W", "R", "B"], ["Y"], name="lstm_half", hidden_size=H)
    m = lstm_graph("half", [node], [numpy_helper.from_array(W, "W"), typed("R", TensorProto.FLOAT16, R),
                                    numpy_helper.from_array(B, "B")], [T, BATCH, I], [T, 1, BATCH, H])
    for t in m.graph.input[:1]:
        t.type.tensor_type.elem_type = TensorProto.FLOAT16
    m.graph.output[0].type.tensor_type.elem_type = TensorProto.FLOAT16
    assert len(m.graph.initializer[1].int32_data) == R.size
    save_model(m, "helper_float16", x, [onnx_lstm(x, W, R, B, "forward", H)])

    # 4. Weights as Constant nodes; two LSTM nodes: node 0 runs in reverse (with zero initial_h /
    #    initial_c initializers and sequence_lens), node 1 forward on node 0's squeezed output.
    W0, R0, B0 = rand(rng, 1, 4 * H, I), rand(rng, 1, 4 * H, H), rand(rng, 1, 8 * H)
    W1, R1, B1 = rand(rng, 1, 4 * H, H), rand(rng, 1, 4 * H, H), rand(rng, 1, 8 * H)
    W0, R0, B0, W1, R1, B1 = (a.astype(np.float32) for a in (W0, R0, B0, W1, R1, B1))

    def const(out_name, array):
        return helper.make_node("Constant", [], [out_name], name="const_" + out_name,
                                value=numpy_helper.from_array(array, out_name + "_value"))

    nodes = [const("W0", W0), const("R0", R0), const("B0", B0), const("W1", W1), const("R1", R1), const("B1", B1),
             helper.make_node("LSTM", ["X", "W0", "R0", "B0", "seq_lens", "h0", "c0"], ["Y0"], name="lstm_reverse",
                              hidden_size=H, direction="reverse"),
             helper.make_node("Squeeze", ["Y0", "axis1"], ["Y0s"], name="squeeze"),
             helper.make_node("LSTM", ["Y0s", "W1", "R1", "B1"], ["Y"], name="lstm_forward",
                              hidden_size=H)]
    inits = [numpy_helper.from_array(np.full(BATCH, T, np.int32), "seq_lens"),
             numpy_helper.from_array(np.zeros((1, BATCH, H), np.float32), "h0"),
             numpy_helper.from_array(np.zeros((1, BATCH, H), np.float32), "c0"),
             numpy_helper.from_array(np.array([1], np.int64), "axis1")]
    m = lstm_graph("constants", nodes, inits, [T, BATCH, I], [T, 1, BATCH, H])
    y0 = onnx_lstm(x, W0, R0, B0, "reverse", H)
    y1 = onnx_lstm(y0, W1, R1, B1, "forward", H)  # float64 chain, as for the torch stacks
    save_model(m, "helper_constants", x, [y0, y1])

    # 5. Bidirectional, all six activations given (the second triple in lower case: names are
    #    matched case-insensitively by the loader).
    W, R, B = rand(rng, 2, 4 * H, I), rand(rng, 2, 4 * H, H), rand(rng, 2, 8 * H)
    W, R, B = W.astype(np.float32), R.astype(np.float32), B.astype(np.float32)
    node = helper.make_node("LSTM", ["X", "W", "R", "B"], ["Y"], name="lstm_bidir", hidden_size=H,
                            direction="bidirectional", activations=["Sigmoid", "Tanh", "Tanh", "sigmoid", "tanh", "tanh"])
    m = lstm_graph("bidir", [node], [numpy_helper.from_array(a, n) for a, n in ((W, "W"), (R, "R"), (B, "B"))],
                   [T, BATCH, I], [T, 2, BATCH, H])
    save_model(m, "helper_bidir", x, [onnx_lstm(x, W, R, B, "bidirectional", H)])

    # ---- Negative cases: valid ONNX the kernel cannot run ----
    W, R, B = (a.astype(np.float32) for a in (rand(rng, 1, 4 * H, I), rand(rng, 1, 4 * H, H), rand(rng, 1, 8 * H)))
    base = [numpy_helper.from_array(W, "W"), numpy_helper.from_array(R, "R"), numpy_helper.from_array(B, "B")]

    def negative(name, inputs=("X", "W", "R", "B"), inits=(), **attrs):
        node = helper.make_node("LSTM", list(inputs), ["Y"], name="lstm_" + name, hidden_size=H, **attrs)
        m = lstm_graph(name, [node], base + list(inits), [T, BATCH, I], [T, 1, BATCH, H])
        save_model(m, "bad_" + name)

    negative("peephole", inputs=("X", "W", "R", "B", "", "", "", "P"),
             inits=[numpy_helper.from_array(rand(rng, 1, 3 * H).astype(np.float32), "P")])
    negative("clip", clip=3.0)
    negative("relu", activations=["Sigmoid", "Relu", "Tanh"])
    negative("input_forget", input_forget=1)

    # External data: every initializer in a side file (bad_external.onnx.data). onnx appends to an
    # existing data file, so start from none.
    if os.path.exists(out("bad_external.onnx.data")):
        os.remove(out("bad_external.onnx.data"))
    node = helper.make_node("LSTM", ["X", "W", "R", "B"], ["Y"], name="lstm_external", hidden_size=H)
    m = lstm_graph("external", [node], copy.deepcopy(base), [T, BATCH, I], [T, 1, BATCH, H])
    save_model(m, "bad_external", save_as_external_data=True, all_tensors_to_one_file=True,
               location="bad_external.onnx.data", size_threshold=0)
    print("helper_*: float_data, double, float16, constants (reverse + forward), bidir; bad_*: peephole, clip, relu, input_forget, external")


if __name__ == "__main__":
    torch_fixture("torch_lstm1", 11, 29, layers=1, bidirectional=False, steps=7, batch=2, seed=1)
    torch_fixture("torch_lstm2", 11, 29, layers=2, bidirectional=False, steps=7, batch=2, seed=2)
    torch_fixture("torch_bidir2", 5, 9, layers=2, bidirectional=True, steps=6, batch=2, seed=3)
    torch_negative("bad_torch_nofold", do_constant_folding=False)
    torch_negative("bad_torch_noparams", export_params=False)
    helper_fixtures()
