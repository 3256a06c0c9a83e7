"""The shipped weights in PyTorch: fashion-lstm128.safetensors loaded as the state_dict of nn.LSTM(28, 128) + nn.Linear(128, 10)
and run by torch on all 10,000 test images of Debian's dataset-fashion-mnist. The safetensors file is read with json and
numpy (no safetensors package is needed). Run from the repository root: /usr/bin/python3 samples/FashionMnist/check_in_pytorch.py
(Debian's python3-torch and python3-numpy). The tests and CI do not run it.
"""
import gzip, json, os, struct

import numpy as np
import torch

raw = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "fashion-lstm128.safetensors"), "rb").read()
n = struct.unpack("<Q", raw[:8])[0]; hdr = json.loads(raw[8:8 + n]); base = 8 + n
sd = {k: torch.tensor(np.frombuffer(raw[base + v["data_offsets"][0]: base + v["data_offsets"][1]], "<f4").reshape(v["shape"]).copy())
      for k, v in hdr.items() if k != "__metadata__"}
class M(torch.nn.Module):
    def __init__(s): super().__init__(); s.lstm = torch.nn.LSTM(28, 128, batch_first=True); s.fc = torch.nn.Linear(128, 10)
    def forward(s, x): o, _ = s.lstm(x); return s.fc(o[:, -1])
m = M(); m.load_state_dict(sd); m.eval()
D = "/usr/share/datasets/fashion-mnist"
X = torch.tensor(np.frombuffer(gzip.open(f"{D}/t10k-images-idx3-ubyte.gz").read()[16:], np.uint8).reshape(-1, 28, 28).astype(np.float32) / 255)
Y = torch.tensor(np.frombuffer(gzip.open(f"{D}/t10k-labels-idx1-ubyte.gz").read()[8:], np.uint8).astype(np.int64))
torch.set_num_threads(1)
with torch.no_grad(): p = m(X).argmax(1)
print("torch test accuracy:", (p == Y).float().mean().item(), " first 1000:", (p[:1000] == Y[:1000]).float().mean().item())
