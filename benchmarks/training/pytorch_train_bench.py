#!/usr/bin/python3
"""Training throughput of Debian's PyTorch (python3-torch 1.13) on the task the C# benchmark trains.

LSTM(28->128 over 28 steps) -> Linear(10), cross-entropy on the logits, torch.optim.Adam(lr=1e-3), batches of 64 synthetic
samples (inputs uniform in [0, 1), uniform labels; 8 batches cycled), one step = forward, backward and Adam. Prints samples/s,
GFLOP/s (the C# benchmark's count: 12.49 MFLOP per sample) and the BLAS setup.

Run it as benchmarks/training/run.sh does: with libopenblas0-pthread installed, OPENBLAS_CORETYPE set to the CPU family
(Debian 12's OpenBLAS 0.3.21 knows SkylakeX and Cooperlake, not Sapphire Rapids: Cooperlake is the closest) and
OPENBLAS_NUM_THREADS to the thread count, e.g.
    OPENBLAS_CORETYPE=Cooperlake OPENBLAS_NUM_THREADS=1 /usr/bin/python3 pytorch_train_bench.py --threads 1
"""
import argparse
import os
import statistics
import time

import torch

INPUT, STEPS, UNITS, CLASSES, BATCH, BATCHES = 28, 28, 128, 10, 64, 8
FLOPS_PER_SAMPLE = 2.0 * (STEPS * 4.0 * UNITS * (INPUT + UNITS) + CLASSES * UNITS
                          + STEPS * 4.0 * UNITS * (INPUT + UNITS) + (STEPS - 1) * 4.0 * UNITS * UNITS + 2.0 * CLASSES * UNITS)


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(INPUT, UNITS, batch_first=True)
        self.fc = torch.nn.Linear(UNITS, CLASSES)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.fc(h[0])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    generator = torch.Generator().manual_seed(7)
    inputs = [torch.rand(BATCH, STEPS, INPUT, generator=generator) for _ in range(BATCHES)]
    labels = [torch.randint(0, CLASSES, (BATCH,), generator=generator) for _ in range(BATCHES)]
    model = Model()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step(n):
        optimizer.zero_grad()
        loss = loss_fn(model(inputs[n % BATCHES]), labels[n % BATCHES])
        loss.backward()
        optimizer.step()
        return loss.item()

    for n in range(20):
        step(n)
    times = []
    started = time.perf_counter()
    n = 0
    while time.perf_counter() - started < args.seconds or len(times) < 20:
        t = time.perf_counter()
        loss = step(n)
        times.append(time.perf_counter() - t)
        n += 1
    median = statistics.median(times)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, mkldnn {torch.backends.mkldnn.is_available()}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')}")
    print(f"PyTorch {torch.__version__}, {args.threads} thread(s): median {median * 1e3:.2f} ms/batch over {len(times)} batches, "
          f"{BATCH / median:.0f} samples/s, {FLOPS_PER_SAMPLE * BATCH / median / 1e9:.1f} GFLOP/s (best {min(times) * 1e3:.2f} ms); "
          f"last loss {loss:.4f}")


if __name__ == "__main__":
    main()
