"""Cuts the first records out of Fashion-MNIST's IDX files into smaller, still valid, gzipped IDX files.

Reads Debian's dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist) and writes, next to this script,
the first 1,000 test images and labels (for the quick start and the tests) and the first 1,000 training images and
labels (for CI's short training run), under the data set's own file names. Run: /usr/bin/python3 make_slice.py
"""
import gzip
import os
import struct

SOURCE = "/usr/share/datasets/fashion-mnist"
COUNT = 1000
HERE = os.path.dirname(os.path.abspath(__file__))


def cut(name, count):
    with gzip.open(os.path.join(SOURCE, name), "rb") as f:
        data = f.read()
    magic, total = struct.unpack(">II", data[:8])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * (dims - 1), data[8:4 + 4 * dims])
    header = 4 + 4 * dims
    record = 1
    for d in shape:
        record *= d
    assert total >= count, (name, total)
    body = data[header:header + count * record]
    out = struct.pack(">II", magic, count) + data[8:header] + body
    # mtime=0: the same input gives the same bytes.
    with open(os.path.join(HERE, name), "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as g:
        g.write(out)
    print(f"{name}: {count} of {total} records, shape {shape}")


for split in ("t10k", "train"):
    cut(f"{split}-images-idx3-ubyte.gz", COUNT)
    cut(f"{split}-labels-idx1-ubyte.gz", COUNT)
