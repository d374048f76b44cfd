#!/usr/bin/env python3
"""The seed's tutorial training loop in PyTorch, one or more epochs, for
bench/train_vs_pytorch.sh: ConvNet, Adam lr 1e-3, batch 100, shuffled
Fashion-MNIST (pixels / 255), cross-entropy. Reads Debian's gzip IDX files
directly (torchvision is not in Debian 12). Prints, per epoch:
  pytorch epoch 1: 7.71 s (cpu 15.2 s), loss 0.4521, test accuracy 87.12%
Usage: seed_train_pytorch.py [--epochs N] [--threads T] [--data DIR] [--seed S] [--limit N]
--limit N trains on the first N training images only (a fraction of an epoch,
as `convscope train --limit N`), for a quicker comparison on a busy machine.
"""
import argparse
import gzip
import os
import sys
import time

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from make_convnet_reference import ConvNet  # noqa: E402  the seed's class, verbatim


def idx(path, offset):
    with gzip.open(path) as f:
        return torch.frombuffer(bytearray(f.read()[offset:]), dtype=torch.uint8)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--limit", type=int, default=0, help="first N training images only (0: all)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    d = a.data
    train_x = idx(os.path.join(d, "train-images-idx3-ubyte.gz"), 16).reshape(-1, 1, 28, 28).float() / 255
    train_y = idx(os.path.join(d, "train-labels-idx1-ubyte.gz"), 8).long()
    if a.limit > 0:
        train_x, train_y = train_x[:a.limit], train_y[:a.limit]
    test_x = idx(os.path.join(d, "t10k-images-idx3-ubyte.gz"), 16).reshape(-1, 1, 28, 28).float() / 255
    test_y = idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz"), 8).long()
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(train_x, train_y), batch_size=100,
                                         shuffle=True)
    model = ConvNet(10)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    for epoch in range(1, a.epochs + 1):
        model.train()
        start = time.perf_counter()
        cpu_start = time.process_time()
        total, count = 0.0, 0
        for images, labels in loader:
            outputs = model(images)
            loss = criterion(outputs, labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * labels.numel()
            count += labels.numel()
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        model.eval()
        with torch.no_grad():
            correct = (model(test_x).argmax(1) == test_y).sum().item()
        print("pytorch epoch %d: %.2f s (cpu %.2f s), loss %.4f, test accuracy %.2f%%"
              % (epoch, seconds, cpu, total / count, 100.0 * correct / len(test_y)), flush=True)


if __name__ == "__main__":
    main()
