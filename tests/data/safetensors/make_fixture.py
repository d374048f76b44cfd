#!/usr/bin/env python3
"""Writes small.safetensors, the committed fixture tests/io/test_safetensors.cpp
reads (its expected values are written out in that test). Run from the repository
root: /usr/bin/python3 tests/data/safetensors/make_fixture.py"""
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "tools"))
import safetensors_torch  # noqa: E402

tensors = {
    "layer1.0.weight": (torch.arange(18, dtype=torch.float32).reshape(2, 1, 3, 3) - 9) / 8,
    "layer1.0.bias": torch.tensor([0.1, -0.2], dtype=torch.float32),
    "layer1.1.num_batches_tracked": torch.tensor(600, dtype=torch.int64),
    "fc.bias": torch.tensor([1.0 / 3.0, -1e300], dtype=torch.float64),
    "big": torch.tensor([2**53 - 1, -(2**52)], dtype=torch.int64),
    "empty": torch.zeros(0, 3, dtype=torch.float32),
}
safetensors_torch.save(tensors, os.path.join(os.path.dirname(__file__), "small.safetensors"))
