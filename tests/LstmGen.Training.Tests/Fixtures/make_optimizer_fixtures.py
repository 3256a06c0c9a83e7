#!/usr/bin/env python3
"""Writes optimizers.json: torch.optim steps, learning-rate schedules and clip_grad_norm_ on fixed values.

Run with Debian's PyTorch (apt-get install python3-torch):

    /usr/bin/python3 tests/LstmGen.Training.Tests/Fixtures/make_optimizer_fixtures.py

- "optimizers": one float32 parameter vector stepped by torch.optim.Adam / AdamW / SGD through a fixed sequence of
  float32 gradients; the parameters after every step.
- "schedules": the learning rate of every epoch (param_groups[0]["lr"] while the epoch trains, scheduler.step() after
  it) for StepLR and CosineAnnealingLR with T_max = epochs.
- "clipping": float32 gradients of two tensors through clip_grad_norm_: the total norm it returns and the gradients after.
"""
import json
import math
import os

import torch

torch.set_default_dtype(torch.float32)

PARAMETERS = [0.5, -1.25, 2.0, 0.0, -0.03125, 3.5, -2.75, 0.875]
STEPS = 6


def gradient(step):
    """A fixed gradient per step: mixed signs and sizes, one element zero at odd steps."""
    g = [math.sin(1.7 * (i + 1) + 0.9 * step) * (1.5 if i % 3 == 0 else 0.2) for i in range(len(PARAMETERS))]
    if step % 2 == 1:
        g[3] = 0.0
    return torch.tensor(g, dtype=torch.float32)


GRADIENTS = [gradient(s) for s in range(STEPS)]

OPTIMIZERS = [
    ("Adam defaults", "Adam", {}, lambda p: torch.optim.Adam(p)),
    ("Adam lr 0.05 betas 0.8 0.99 eps 1e-6", "Adam", {"learningRate": 0.05, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6},
     lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6)),
    ("Adam L2 weight decay 0.1", "Adam", {"learningRate": 0.01, "weightDecay": 0.1},
     lambda p: torch.optim.Adam(p, lr=0.01, weight_decay=0.1)),
    ("AdamW defaults", "AdamW", {}, lambda p: torch.optim.AdamW(p)),
    ("AdamW lr 0.02 weight decay 0.3", "AdamW", {"learningRate": 0.02, "weightDecay": 0.3},
     lambda p: torch.optim.AdamW(p, lr=0.02, weight_decay=0.3)),
    ("SGD", "Sgd", {"learningRate": 0.1}, lambda p: torch.optim.SGD(p, lr=0.1)),
    ("SGD momentum 0.9", "Sgd", {"learningRate": 0.05, "momentum": 0.9}, lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
    ("SGD Nesterov momentum 0.9 weight decay 0.01", "Sgd", {"learningRate": 0.05, "momentum": 0.9, "nesterov": True, "weightDecay": 0.01},
     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("SGD weight decay 0.2", "Sgd", {"learningRate": 0.1, "weightDecay": 0.2}, lambda p: torch.optim.SGD(p, lr=0.1, weight_decay=0.2)),
]


def run_optimizer(make):
    p = torch.nn.Parameter(torch.tensor(PARAMETERS, dtype=torch.float32))
    optimizer = make([p])
    after = []
    for g in GRADIENTS:
        optimizer.zero_grad()
        p.grad = g.clone()
        optimizer.step()
        after.append([float(v) for v in p.detach()])
    return after


def run_schedule(make, base_lr, epochs):
    p = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([p], lr=base_lr)
    scheduler = make(optimizer)
    rates = []
    for _ in range(epochs):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return rates


SCHEDULES = [
    ("StepLR step 3 gamma 0.5", {"kind": "Step", "everyEpochs": 3, "factor": 0.5}, 0.1, 10,
     lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5)),
    ("StepLR step 1 gamma 0.9", {"kind": "Step", "everyEpochs": 1, "factor": 0.9}, 0.01, 7,
     lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=1, gamma=0.9)),
    ("CosineAnnealingLR eta_min 0", {"kind": "Cosine", "minimum": 0.0}, 0.1, 10,
     lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=10)),
    ("CosineAnnealingLR eta_min 1e-4", {"kind": "Cosine", "minimum": 1e-4}, 0.003, 13,
     lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=13, eta_min=1e-4)),
]


def run_clip(tensors, max_norm):
    params = [torch.nn.Parameter(torch.zeros(len(t))) for t in tensors]
    for p, t in zip(params, tensors):
        p.grad = torch.tensor(t, dtype=torch.float32)
    norm = torch.nn.utils.clip_grad_norm_(params, max_norm)
    return float(norm), [[float(v) for v in p.grad] for p in params]


def f32(values):
    return [float(v) for v in torch.tensor(values, dtype=torch.float32)]


CLIPS = [
    ("clipped", [f32([3.0, -4.0, 0.5]), f32([1.25, -0.75])], 1.0),
    ("norm below max: unchanged", [f32([0.1, -0.2, 0.05]), f32([0.3, 0.0])], 2.0),
    ("tiny max", [f32([10.0, 20.0, -30.0]), f32([-40.0, 50.0])], 0.01),
]

fixtures = {
    "torch": torch.__version__,
    "parameters": PARAMETERS,
    "gradients": [[float(v) for v in g] for g in GRADIENTS],
    "optimizers": [{"name": n, "kind": k, "options": o, "after": run_optimizer(m)} for n, k, o, m in OPTIMIZERS],
    "schedules": [{"name": n, "schedule": s, "initial": lr, "epochs": e, "rates": run_schedule(m, lr, e)} for n, s, lr, e, m in SCHEDULES],
    "clipping": [dict(zip(("name", "gradients", "maxNorm", "norm", "clipped"), (n, g, m) + run_clip(g, m))) for n, g, m in CLIPS],
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optimizers.json")
with open(path, "w") as f:
    json.dump(fixtures, f, indent=1)
print("wrote", path)
