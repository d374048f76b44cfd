#!/usr/bin/env python3
"""Writes tests/data/convnet_cases.json: the seed's ConvNet (DESIGN.md section 6)
through PyTorch autograd, for tests/core/test_convnet.cpp.

Run with Debian's python3-torch (1.13): /usr/bin/python3 tools/make_convnet_reference.py
The file is committed; CI does not regenerate it.

Everything is computed in float64 from float32-representable weights and
inputs (so convscope's float32 model holds exactly the same numbers): fixed
weights (torch's default init from seed 0, then batch norm weight, bias and
running statistics moved off 1/0 so eval mode is tested), a batch of 4 random
images in [0, 1] with fixed labels, and per mode ("train", "eval"): logits,
the mean cross-entropy, the gradient of every parameter; in train mode also
the running statistics after the pass and every parameter after one
torch.optim.Adam step (defaults, lr 1e-3).
"""
import json
import os
import torch
import torch.nn as nn


class ConvNet(nn.Module):  # the seed's class, verbatim
    def __init__(self, num_classes=10):
        super(ConvNet, self).__init__()
        self.layer1 = nn.Sequential(
            nn.Conv2d(1, 16, kernel_size=5, stride=1, padding=2),
            nn.BatchNorm2d(16),
            nn.ReLU(),
            nn.MaxPool2d(kernel_size=2, stride=2))
        self.layer2 = nn.Sequential(
            nn.Conv2d(16, 32, kernel_size=5, stride=1, padding=2),
            nn.BatchNorm2d(32),
            nn.ReLU(),
            nn.MaxPool2d(kernel_size=2, stride=2))
        self.fc = nn.Linear(7*7*32, num_classes)

    def forward(self, x):
        out = self.layer1(x)
        out = self.layer2(out)
        out = out.reshape(out.size(0), -1)
        out = self.fc(out)
        return out


def flat(t):
    # 9 significant digits hold a float32 exactly and a float64 result to
    # ~1e-9, far inside the tests' tolerances; the file stays about 1 MB.
    return [float("%.9g" % v) for v in t.detach().reshape(-1).tolist()]


def fixed_model():
    torch.manual_seed(0)
    model = ConvNet()
    g = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for bn in (model.layer1[1], model.layer2[1]):
            c = bn.weight.numel()
            bn.weight.copy_(0.5 + torch.rand(c, generator=g))
            bn.bias.copy_(torch.rand(c, generator=g) - 0.5)
            bn.running_mean.copy_(torch.rand(c, generator=g) * 0.2 - 0.1)
            bn.running_var.copy_(0.5 + torch.rand(c, generator=g))
    # float32-representable values, then float64 arithmetic.
    return model.float().double()


def run(mode, images, labels):
    model = fixed_model()
    model.train(mode == "train")
    logits = model(images)
    loss = nn.functional.cross_entropy(logits, labels)
    loss.backward()
    case = {"logits": flat(logits), "loss": float(loss.item()),
            "gradients": {n: flat(p.grad) for n, p in model.named_parameters()}}
    if mode == "train":
        case["buffers_after"] = {n: flat(b) for n, b in model.named_buffers()}
        opt = torch.optim.Adam(model.parameters(), lr=0.001)
        opt.step()
        case["adam_after"] = {n: flat(p) for n, p in model.named_parameters()}
    return case


def main():
    g = torch.Generator().manual_seed(2)
    images = torch.rand(4, 1, 28, 28, generator=g).float().double()
    labels = torch.tensor([3, 0, 9, 1])
    model = fixed_model()
    out = {
        "about": "tools/make_convnet_reference.py: the seed's ConvNet in PyTorch %s, float64" % torch.__version__,
        "images": flat(images), "labels": labels.tolist(),
        "state_dict": {n: {"shape": list(t.shape), "values": flat(t)} for n, t in model.state_dict().items()},
        "train": run("train", images, labels),
        "eval": run("eval", images, labels),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "convnet_cases.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
