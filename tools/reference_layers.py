"""Layer-op fixtures for tools/make_reference.py: relu, softmax, flatten,
batchnorm2d, linear (DESIGN.md section 3), computed by PyTorch in float64 and
recomputed by the plain-Python rules below, which must agree.

Semantics verified here (the C++ implementation must match them):
  * relu: max(x, 0) elementwise, any rank.
  * softmax(x, dim): exp(x - max) / sum over the slice along dim; rank 1 or 2;
    dim in [-rank, rank).  Logits like [1000, 1001, 999] are finite.
  * flatten(x, start_dim, end_dim): the axes start..end (negative counting
    from the end) joined into one, C order; a rank-1 input is itself.
  * batch_norm over N x C x H x W (C x H x W: N = 1): eval uses running_mean /
    running_var (defaults 0 / 1); training the batch mean and biased variance
    per channel; y = (x - mean) / sqrt(var + eps) * weight + bias (defaults
    1, 0).  momentum changes only the running statistics, never the output.
  * linear(x, W, b) = x W^T + b; x [in] or N x in, W out x in.
"""
import math

import torch
import torch.nn.functional as F


LAYER_OPS = ("relu", "softmax", "flatten", "batchnorm2d", "linear")


def _t(a):
    return torch.tensor(a, dtype=torch.float64)


def lib_layer(req):
    op = req["op"]
    x = _t(req["input"])
    if op == "relu":
        return torch.relu(x)
    if op == "softmax":
        return torch.softmax(x, req.get("dim", -1))
    if op == "flatten":
        return torch.flatten(x, req.get("start_dim", 0), req.get("end_dim", -1))
    if op == "batchnorm2d":
        unbatched = x.dim() == 3
        xb = x.unsqueeze(0) if unbatched else x
        C = xb.shape[1]
        rm = _t(req["running_mean"]) if "running_mean" in req else torch.zeros(C)
        rv = _t(req["running_var"]) if "running_var" in req else torch.ones(C)
        w = _t(req["weight"]) if "weight" in req else None
        b = _t(req["bias"]) if "bias" in req else None
        y = F.batch_norm(xb, rm.clone(), rv.clone(), w, b, bool(req.get("training", False)),
                         req.get("momentum", 0.1), req.get("eps", 1e-5))
        return y[0] if unbatched else y
    if op == "linear":
        b = _t(req["bias"]) if "bias" in req else None
        return F.linear(x, _t(req["weight"]), b)
    raise ValueError(op)


# ----------------------------------------------------------------------------
# plain-Python rules
# ----------------------------------------------------------------------------
def _shape(a):
    s = []
    while isinstance(a, list):
        s.append(len(a))
        a = a[0]
    return s


def _flat(a):
    if isinstance(a, list):
        return [v for x in a for v in _flat(x)]
    return [float(a)]


def _nest(values, shape):
    if len(shape) == 1:
        return list(values)
    step = len(values) // shape[0]
    return [_nest(values[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def naive_layer(req):
    op = req["op"]
    shape, v = _shape(req["input"]), _flat(req["input"])
    rank = len(shape)
    if op == "relu":
        return _nest([x if x > 0 else 0.0 for x in v], shape)
    if op == "softmax":
        d = req.get("dim", -1) % rank
        outer = math.prod(shape[:d])
        n, inner = shape[d], math.prod(shape[d + 1:])
        out = [0.0] * len(v)
        for o in range(outer):
            for i in range(inner):
                idx = [(o * n + k) * inner + i for k in range(n)]
                m = max(v[j] for j in idx)
                e = [math.exp(v[j] - m) for j in idx]
                for j, ej in zip(idx, e):
                    out[j] = ej / sum(e)
        return _nest(out, shape)
    if op == "flatten":
        s, e = req.get("start_dim", 0) % rank, req.get("end_dim", -1) % rank
        return _nest(v, shape[:s] + [math.prod(shape[s:e + 1])] + shape[e + 1:])
    if op == "batchnorm2d":
        N = shape[0] if rank == 4 else 1
        C, S = shape[-3], shape[-2] * shape[-1]
        out = [0.0] * len(v)
        for c in range(C):
            idx = [(n * C + c) * S + s for n in range(N) for s in range(S)]
            if req.get("training", False):
                mean = sum(v[j] for j in idx) / len(idx)
                var = sum((v[j] - mean) ** 2 for j in idx) / len(idx)
            else:
                mean = req.get("running_mean", [0.0] * C)[c]
                var = req.get("running_var", [1.0] * C)[c]
            w, b = req.get("weight", [1.0] * C)[c], req.get("bias", [0.0] * C)[c]
            for j in idx:
                out[j] = (v[j] - mean) / math.sqrt(var + req.get("eps", 1e-5)) * w + b
        return _nest(out, shape)
    if op == "linear":
        W = req["weight"]
        rows = req["input"] if rank == 2 else [req["input"]]
        out = [[sum(a * b for a, b in zip(r, wo)) + (req["bias"][o] if "bias" in req else 0.0)
                for o, wo in enumerate(W)] for r in rows]
        return out if rank == 2 else out[0]
    raise ValueError(op)


# ----------------------------------------------------------------------------
# generators: gen_layers(rng, add, rand_tensor, next_name) adds the cases
# ----------------------------------------------------------------------------
def _dims(rng, rank):
    return [rng.randint(1, 4) for _ in range(rank)]


def _sx(shape):
    return "x".join(map(str, shape))


def seeds(add):
    add("seed_softmax_large_logits", {"op": "softmax", "input": [1000, 1001, 999]})
    add("seed_softmax_rows", {"op": "softmax", "input": [[1, 2, 3], [1, 1, 1]], "dim": 1})
    add("seed_relu", {"op": "relu", "input": [[-2, -0.5, 0], [0.5, 2, -3]]}, [[0, 0, 0], [0.5, 2, 0]])
    add("seed_flatten_chw", {"op": "flatten", "input": [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]},
        [1, 2, 3, 4, 5, 6, 7, 8])
    add("seed_flatten_rank1_is_itself", {"op": "flatten", "input": [3, 1, 2]}, [3, 1, 2])
    add("seed_batchnorm2d_eval_defaults", {"op": "batchnorm2d", "input": [[[1, 2], [3, 4]]]})
    add("seed_batchnorm2d_training", {"op": "batchnorm2d", "input": [[[1, 2], [3, 4]]], "training": True})
    add("seed_linear", {"op": "linear", "input": [1, 2], "weight": [[1, 1], [0.5, -1]], "bias": [1, 2]},
        [4, 0.5])


def gen_layers(rng, add, rand_tensor, next_name):
    seeds(add)
    for i in range(24):  # relu: every rank
        rank = 1 + i % 4
        shape = _dims(rng, rank)
        x, kind = rand_tensor(shape)
        add(next_name("relu", "r%d_%s_in%s" % (rank, kind, _sx(shape))), {"op": "relu", "input": x})
    softmax_dims = [(1, None), (1, 0), (1, -1), (2, None), (2, 0), (2, 1), (2, -1), (2, -2)]
    for i in range(24):
        rank, dim = softmax_dims[i % len(softmax_dims)]
        shape = [rng.randint(1, 6)] if rank == 1 else [rng.randint(1, 4), rng.randint(1, 5)]
        x, kind = rand_tensor(shape)
        req = {"op": "softmax", "input": x}
        if dim is not None:
            req["dim"] = dim
        add(next_name("softmax", "r%d_%s_in%s_dim%s" % (rank, kind, _sx(shape), "def" if dim is None else dim)), req)
    for i in range(4):  # large integer logits (exact in float32): the stable form
        shape = [rng.randint(2, 5)]
        x = [rng.randint(990, 1010) * (1 if i % 2 == 0 else -1) for _ in range(shape[0])]
        add(next_name("softmax", "large_in%s" % _sx(shape)), {"op": "softmax", "input": x})
    for i in range(26):  # flatten: ranks 1-4, start/end positive or negative
        rank = 1 + i % 4
        shape = _dims(rng, rank)
        s = rng.randint(0, rank - 1)
        e = rng.randint(s, rank - 1)
        x, kind = rand_tensor(shape)
        req = {"op": "flatten", "input": x}
        if rng.random() < 0.7:
            req["start_dim"] = s - rank if rng.random() < 0.4 else s
        else:
            s = 0
        if rng.random() < 0.7 and e >= s:
            req["end_dim"] = e - rank if rng.random() < 0.5 else e
        add(next_name("flatten", "r%d_%s_in%s_s%s_e%s" % (rank, kind, _sx(shape), req.get("start_dim", "def"),
                                                         req.get("end_dim", "def"))), req)
    for i in range(32):  # batchnorm2d: eval / training, 3-D / 4-D, with and without each operand
        rank = 3 + i % 2
        training = (i // 2) % 2 == 1
        shape = _dims(rng, rank)
        if training and (shape[0] if rank == 4 else 1) * shape[-1] * shape[-2] < 2:
            shape[-1] = 2
        C = shape[-3]
        x, kind = rand_tensor(shape)
        req = {"op": "batchnorm2d", "input": x}
        tags = []
        if training:
            req["training"] = True
            tags.append("train")
        else:
            tags.append("eval")
        for key in ("weight", "bias", "running_mean", "running_var"):
            if rng.random() < 0.5:
                vals = rand_tensor([C], "dec")[0]
                if key == "running_var":
                    vals = [round(abs(v) + 0.1, 2) for v in vals]
                req[key] = vals
                tags.append(key.replace("running_", "r"))
        if rng.random() < 0.3:
            req["eps"] = rng.choice([1e-3, 0.1, 1e-5, 0.5])
            tags.append("eps")
        if rng.random() < 0.3:
            req["momentum"] = rng.choice([0.1, 0.5, 0.9])
            tags.append("mom")
        add(next_name("batchnorm2d", "r%d_%s_in%s_%s" % (rank, kind, _sx(shape), "_".join(tags))), req)
    for i in range(22):  # linear: vector or batch, with or without bias
        rank = 1 + i % 2
        n_in, n_out = rng.randint(1, 6), rng.randint(1, 5)
        shape = [n_in] if rank == 1 else [rng.randint(1, 4), n_in]
        x, kind = rand_tensor(shape)
        req = {"op": "linear", "input": x, "weight": rand_tensor([n_out, n_in], kind)[0]}
        bias = (i // 2) % 2 == 0
        if bias:
            req["bias"] = rand_tensor([n_out], kind)[0]
        add(next_name("linear", "r%d_%s_in%s_out%d%s" % (rank, kind, _sx(shape), n_out, "_bias" if bias else "")), req)
