#!/usr/bin/env python3
"""Writes gradients.json: small models built in PyTorch, with losses and gradients from autograd in float64.

Run with Debian's PyTorch (apt-get install python3-torch python3-numpy):

    /usr/bin/python3 tests/LstmGen.Training.Tests/Fixtures/make_gradient_fixtures.py

Every case holds the model as LstmGen declares it (input, steps, layers), the weights under PyTorch's names
(nn.LSTM / nn.GRU / nn.Linear; a Keras reset_after=False GRU as its Keras kernel, recurrent_kernel and bias), inputs
[batch, steps, input], targets, the mean loss, and d(loss)/d(weight) in LstmGen's canonical layouts (an LSTM's summed
bias gets the gradient of bias_ih, which equals that of bias_hh). Weights, inputs and targets are float32 values; all
arithmetic is float64. Standard cells run through nn.LSTM / nn.GRU; other activations and the reset_after=False GRU
through the same equations written with torch ops (checked here against nn.LSTM / nn.GRU where both exist).
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(1)
torch.set_default_dtype(torch.float64)

ACTIVATIONS = {
    "Linear": lambda x: x,
    "Relu": torch.relu,
    "Tanh": torch.tanh,
    "Sigmoid": torch.sigmoid,
    "HardSigmoid": F.hardsigmoid,  # clamp(x/6 + 1/2, 0, 1)
    "HardSigmoidKeras2": lambda x: torch.clamp(0.2 * x + 0.5, 0.0, 1.0),
    "Softmax": lambda x: torch.softmax(x, dim=-1),
}


def f32(t):
    """float32 values held in float64."""
    return t.float().double()


def uniform(*shape, scale):
    return f32((torch.rand(*shape) * 2 - 1) * scale)


def leaf(t):
    return t.clone().requires_grad_(True)


def layer(kind, units=0, **options):
    spec = {"kind": kind, "units": units, "returnSequences": False, "bidirectional": False, "goBackwards": False,
            "resetAfter": True, "activation": "Linear" if kind in ("Dense", "Dropout") else "Tanh",
            "recurrentActivation": "Sigmoid", "rate": 0.0}
    spec.update(options)
    return spec


class Built:
    """One layer's parameters (leaf tensors) and forward function."""

    def __init__(self, spec, features):
        self.spec, self.features = spec, features
        self.params = {}   # PyTorch / Keras names → leaf tensors that the C# side loads
        self.output = features


def lstm_direction(spec, x, w_ih, w_hh, b_ih, b_hh, reverse):
    """PyTorch's LSTM equations with the layer's activations; returns h after each input step, [batch, steps, H]."""
    act, rec = ACTIVATIONS[spec["activation"]], ACTIVATIONS[spec["recurrentActivation"]]
    batch, steps, _ = x.shape
    units = w_hh.shape[1]
    h = x.new_zeros(batch, units)
    c = x.new_zeros(batch, units)
    out = [None] * steps
    for s in range(steps):
        t = steps - 1 - s if reverse else s
        z = x[:, t] @ w_ih.T + b_ih + h @ w_hh.T + b_hh
        i, f, g, o = z.split(units, dim=1)
        c = rec(f) * c + rec(i) * act(g)
        h = rec(o) * act(c)
        out[t] = h
    return torch.stack(out, dim=1)


def gru_direction(spec, x, w_ih, w_hh, b_ih, b_hh, reset_after):
    """GRU, gates r, z, n: reset_after n = act(W_in x + b_in + r∘(W_hn h + b_hn)); else n = act(W_in x + b_in + W_hn (r∘h))."""
    act, rec = ACTIVATIONS[spec["activation"]], ACTIVATIONS[spec["recurrentActivation"]]
    batch, steps, _ = x.shape
    units = w_hh.shape[1]
    h = x.new_zeros(batch, units)
    out = []
    wr, wz, wn = w_hh.split(units, dim=0)
    for t in range(steps):
        gx = x[:, t] @ w_ih.T + b_ih
        xr, xz, xn = gx.split(units, dim=1)
        if reset_after:
            hr, hz, hn = (h @ w_hh.T + b_hh).split(units, dim=1)
            r, z = rec(xr + hr), rec(xz + hz)
            n = act(xn + r * hn)
        else:
            r, z = rec(xr + h @ wr.T), rec(xz + h @ wz.T)
            n = act(xn + (r * h) @ wn.T)
        h = (1 - z) * n + z * h
        out.append(h)
    return torch.stack(out, dim=1)


def recurrent_output(spec, hs, backward=None):
    """From h after each input step: every step's or the last read; go_backwards in reading order; [forward | backward]."""
    if backward is not None:
        return torch.cat([hs, backward], dim=2) if spec["returnSequences"] else torch.cat([hs[:, -1], backward[:, 0]], dim=1)
    if spec["goBackwards"]:
        return hs.flip(1) if spec["returnSequences"] else hs[:, 0]
    return hs if spec["returnSequences"] else hs[:, -1]


def build(spec, features):
    b = Built(spec, features)
    kind, units = spec["kind"], spec["units"]
    standard = spec["activation"] == "Tanh" and spec["recurrentActivation"] == "Sigmoid"
    if kind == "Lstm":
        scale = 1 / units ** 0.5
        module = torch.nn.LSTM(features, units, batch_first=True, bidirectional=spec["bidirectional"])
        suffixes = ["", "_reverse"] if spec["bidirectional"] else [""]
        with torch.no_grad():
            for name, p in module.named_parameters():
                p.copy_(uniform(*p.shape, scale=scale))
        for name, p in module.named_parameters():
            b.params[name.replace("_l0", "")] = p
        b.output = units * len(suffixes)

        def run(x):
            if standard:
                xin = x.flip(1) if spec["goBackwards"] else x
                out, (h_n, _) = module(xin)
                manual = run_manual(x)
                expected = out if spec["returnSequences"] else (torch.cat([h_n[0], h_n[1]], dim=1) if spec["bidirectional"] else h_n[0])
                assert torch.allclose(manual, expected, atol=1e-12), "manual LSTM differs from nn.LSTM"
                return expected
            return run_manual(x)

        def run_manual(x):
            p = b.params
            hs = lstm_direction(spec, x, p["weight_ih"], p["weight_hh"], p["bias_ih"], p["bias_hh"], spec["goBackwards"])
            back = None
            if spec["bidirectional"]:
                back = lstm_direction(spec, x, p["weight_ih_reverse"], p["weight_hh_reverse"], p["bias_ih_reverse"], p["bias_hh_reverse"], True)
            return recurrent_output(spec, hs, back)

        b.run = run
    elif kind == "Gru":
        scale = 1 / units ** 0.5
        if spec["resetAfter"]:
            module = torch.nn.GRU(features, units, batch_first=True)
            with torch.no_grad():
                for name, p in module.named_parameters():
                    p.copy_(uniform(*p.shape, scale=scale))
            for name, p in module.named_parameters():
                b.params[name.replace("_l0", "")] = p

            def run(x):
                p = b.params
                manual = recurrent_output(spec, gru_direction(spec, x, p["weight_ih"], p["weight_hh"], p["bias_ih"], p["bias_hh"], True))
                if not standard:
                    return manual
                out, h_n = module(x)
                expected = out if spec["returnSequences"] else h_n[0]
                assert torch.allclose(manual, expected, atol=1e-12), "manual GRU differs from nn.GRU"
                return expected
        else:
            # Canonical r, z, n tensors are the leaves; the C# side loads them in Keras's layout (columns z, r, h).
            b.canonical = {"weight_ih": leaf(uniform(3 * units, features, scale=scale)),
                           "weight_hh": leaf(uniform(3 * units, units, scale=scale)),
                           "bias_ih": leaf(uniform(3 * units, scale=scale))}
            b.params = b.canonical

            def run(x):
                p = b.canonical
                return recurrent_output(spec, gru_direction(spec, x, p["weight_ih"], p["weight_hh"], p["bias_ih"], None, False))
        b.output = units
        b.run = run
    elif kind == "Dense":
        module = torch.nn.Linear(features, units)
        with torch.no_grad():
            for name, p in module.named_parameters():
                p.copy_(uniform(*p.shape, scale=min(1.0, 2.5 / features ** 0.5)))
        b.params = dict(module.named_parameters())
        b.output = units
        b.run = lambda x: ACTIVATIONS[spec["activation"]](module(x))
    else:  # Dropout: inactive, the identity
        b.run = lambda x: x
    return b


def tensor_list(t):
    return t.detach().reshape(-1).tolist()


def keras_gru(p, units):
    """Canonical r, z, n → Keras kernel [I, 3U], recurrent_kernel [U, 3U], bias [3U], column blocks z, r, h."""
    order = [1, 0, 2]
    blocks = lambda w: torch.cat([w[k * units:(k + 1) * units] for k in order], dim=0)
    return {"kernel": blocks(p["weight_ih"]).T.contiguous(), "recurrent_kernel": blocks(p["weight_hh"]).T.contiguous(),
            "bias": blocks(p["bias_ih"])}


def make_case(name, features, steps, batch, layers, loss):
    built, width, sequence = [], features, True
    for spec in layers:
        b = build(spec, width)
        built.append(b)
        width = b.output
        if spec["kind"] in ("Lstm", "Gru"):
            sequence = spec["returnSequences"]
    x = uniform(batch, steps, features, scale=1.0)
    y = x
    for b in built:
        y = b.run(y)
    out_shape = y.shape
    if loss == "MeanSquaredError":
        target = uniform(*out_shape, scale=1.0)
        value = F.mse_loss(y, target)
    else:
        rows = y.reshape(-1, width).shape[0]
        target = torch.zeros(rows, width)
        for r in range(rows):
            if r % 2 == 0:
                target[r, torch.randint(width, (1,)).item()] = 1
            else:
                p = torch.rand(width) + 0.05
                target[r] = f32(p / p.sum())
        target = target.reshape(out_shape)
        last = [s for s in layers if s["kind"] != "Dropout"][-1]
        if last["kind"] == "Dense" and last["activation"] == "Softmax":
            value = -(target * torch.log(y)).sum(-1).mean()
        else:
            value = F.cross_entropy(y.reshape(-1, width), target.reshape(-1, width))
    value.backward()

    weights, gradients = [], []
    for spec, b in zip(layers, built):
        if spec["kind"] == "Dropout":
            continue
        p = b.params
        if spec["kind"] == "Gru" and not spec["resetAfter"]:
            weights.append({k: tensor_list(v) for k, v in keras_gru(p, spec["units"]).items()})
            gradients.append({"weight_ih": tensor_list(p["weight_ih"].grad), "weight_hh": tensor_list(p["weight_hh"].grad),
                              "bias_ih": tensor_list(p["bias_ih"].grad), "bias_hh": [0.0] * (3 * spec["units"])})
            continue
        weights.append({k: tensor_list(v) for k, v in p.items()})
        if spec["kind"] == "Lstm":
            g = {}
            for suffix in (["", "_reverse"] if spec["bidirectional"] else [""]):
                assert torch.allclose(p["bias_ih" + suffix].grad, p["bias_hh" + suffix].grad)
                g["weight_ih" + suffix] = tensor_list(p["weight_ih" + suffix].grad)
                g["weight_hh" + suffix] = tensor_list(p["weight_hh" + suffix].grad)
                g["bias" + suffix] = tensor_list(p["bias_ih" + suffix].grad)
            gradients.append(g)
        else:
            gradients.append({k: tensor_list(v.grad) for k, v in p.items()})
    return {"name": name, "input": features, "steps": steps, "batch": batch, "layers": layers, "loss": loss,
            "inputs": tensor_list(x), "targets": tensor_list(target), "lossValue": value.item(),
            "weights": weights, "gradients": gradients}


CASES = [
    ("lstm, dense softmax, cross-entropy", 3, 5, 4, [layer("Lstm", 6), layer("Dense", 4, activation="Softmax")], "CrossEntropy"),
    ("lstm, dense softmax, mse", 3, 4, 3, [layer("Lstm", 5), layer("Dense", 3, activation="Softmax")], "MeanSquaredError"),
    ("lstm sequence, dense logits per step, cross-entropy", 3, 4, 3, [layer("Lstm", 5, returnSequences=True), layer("Dense", 3)], "CrossEntropy"),
    ("lstm sequence output, mse", 2, 5, 3, [layer("Lstm", 4, returnSequences=True)], "MeanSquaredError"),
    ("lstm relu cell, hard sigmoid gates", 3, 4, 3, [layer("Lstm", 5, returnSequences=True, activation="Relu", recurrentActivation="HardSigmoid"),
                                                    layer("Dense", 2)], "MeanSquaredError"),
    ("lstm keras2 hard sigmoid gates", 3, 4, 3, [layer("Lstm", 5, recurrentActivation="HardSigmoidKeras2"), layer("Dense", 3, activation="Softmax")], "CrossEntropy"),
    ("lstm go_backwards sequence", 3, 5, 2, [layer("Lstm", 4, returnSequences=True, goBackwards=True), layer("Dense", 2)], "MeanSquaredError"),
    ("lstm go_backwards last h", 3, 5, 3, [layer("Lstm", 4, goBackwards=True), layer("Dense", 3, activation="Softmax")], "CrossEntropy"),
    ("bidirectional lstm sequence", 3, 4, 3, [layer("Lstm", 4, returnSequences=True, bidirectional=True), layer("Dense", 2, activation="Tanh")], "MeanSquaredError"),
    ("bidirectional lstm last h", 3, 4, 3, [layer("Lstm", 4, bidirectional=True), layer("Dense", 3, activation="Softmax")], "CrossEntropy"),
    ("gru reset_after", 3, 5, 3, [layer("Gru", 5), layer("Dense", 3)], "CrossEntropy"),
    ("gru reset_after sequence, relu, hard sigmoid", 3, 4, 2, [layer("Gru", 4, returnSequences=True, activation="Relu", recurrentActivation="HardSigmoid"),
                                                              layer("Dense", 2)], "MeanSquaredError"),
    ("gru reset_before", 3, 5, 3, [layer("Gru", 5, resetAfter=False), layer("Dense", 3, activation="Softmax")], "CrossEntropy"),
    ("gru reset_before sequence", 3, 4, 3, [layer("Gru", 4, returnSequences=True, resetAfter=False), layer("Dense", 2)], "MeanSquaredError"),
    ("stacked lstm, gru, bidirectional lstm", 3, 4, 3, [layer("Lstm", 5, returnSequences=True), layer("Gru", 4, returnSequences=True),
                                                       layer("Lstm", 3, bidirectional=True), layer("Dense", 3, activation="Softmax")], "CrossEntropy"),
    ("dense per step, dropout, dense heads", 3, 4, 3, [layer("Dense", 5, activation="Relu"), layer("Dropout", rate=0.25), layer("Lstm", 6),
                                                       layer("Dense", 5, activation="Sigmoid"), layer("Dense", 4, activation="HardSigmoid"),
                                                       layer("Dense", 4, activation="HardSigmoidKeras2"), layer("Dense", 3)], "MeanSquaredError"),
]

if __name__ == "__main__":
    cases = [make_case(*c) for c in CASES]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gradients.json")
    with open(path, "w") as f:
        json.dump({"generator": "make_gradient_fixtures.py", "torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases to {path}")
