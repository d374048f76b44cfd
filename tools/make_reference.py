#!/usr/bin/python3
"""Generate tests/data/reference_cases.jsonl: reference fixtures for `convscope compute`.

Every expected value is computed in float64 by the library the contract names
(PyTorch for the 2-D window ops and the layer ops, NumPy/SciPy for the 1-D ops
and autocorr2d; see DESIGN.md section 3). The layer ops (relu, softmax,
flatten, batchnorm2d, linear) live in tools/reference_layers.py and are drawn
after every other case, so adding them left the earlier lines unchanged; the
same holds for tools/reference_conv_extras.py (conv_transpose2d, groups,
padding "same" / "valid"), drawn after the layer ops.  Each case is additionally recomputed by a plain-Python
implementation of the documented rules below (`naive_*`) and the two must agree,
so the rules written here are exactly what the libraries do.

Output: one JSON object per line
    {"name": ..., "request": {...}, "expected": {"shape": [...], "output": [...]}}

Run with Debian's python (torch 1.13, scipy 1.10, numpy 1.24):
    /usr/bin/python3 tools/make_reference.py [output_path]

Semantics verified here (the C++ implementation must match them):
  * Window output size per axis (pooling, PyTorch pooling_output_shape):
        eff = d*(k-1)+1
        out = floor((n + 2p - eff) / s) + 1            (ceil_mode false)
        out = ceil ((n + 2p - eff) / s) + 1            (ceil_mode true), then
              if (out-1)*s >= n + p: out -= 1          (last window must start
                                                        inside input or left pad)
    out <= 0 is an error ("Output size is too small").  conv2d uses the floor
    formula and errors when the (dilated) kernel exceeds the padded input.
  * Pooling padding must satisfy p <= k // 2 per axis (k = kernel size, NOT the
    dilated size); torch 1.13: "pad should be at most half of kernel size, but
    got pad=P and kernel_size=K".
  * max_pool2d pads with -inf; with dilation a window can consist of padding only
    and torch then returns -inf (such cases are not emitted: JSON has no -inf).
  * avg_pool2d: window start hs = o*s - p; he = min(hs + k, n + p);
    pool_size = (he-hs)*(we-ws) (padding counts, cells beyond the right padding
    - only reachable in ceil_mode - do not); then clip hs,he to [0, n);
    divisor = pool_size if count_include_pad else clipped cell count.
  * lp_pool2d(x, p, k, s, ceil) = (sign(a)*relu(|a|) * kh*kw) ** (1/p) with
    a = avg_pool2d(x**p, k, s, padding=0, ceil) (count_include_pad true).  So a
    partial last window (ceil_mode) is sum/clipped_count*kh*kw, i.e. the sum is
    scaled UP by kh*kw/clipped_count.  norm_type 1 gives the plain (signed) sum,
    not the sum of |x|; a negative sum with a non-integer 1/p gives NaN.
  * padding_mode (xcorr2d/conv2d) as nn.Conv2d: F.pad(x, (pw,pw,ph,ph), mode),
    then conv with padding 0.  reflect needs p < n per axis, circular p <= n,
    replicate any p.
  * 1-D: numpy.convolve 'same' has length max(len f, len g) and starts at index
    (min(len f, len g)-1)//2 of the full result; 'valid' has length
    |len f - len g| + 1 starting at min-1 (symmetric in f, g).
    scipy.signal.correlate(in1, in2, 'same') has length len(in1) (NOT max) and
    starts at index (len(in2)-1)//2 of the full result; 'valid' has length
    |N-M|+1 starting at min(N,M)-1 (either order is accepted in 1-D).
"""
import json
import math
import os
import random
import sys
from collections import Counter

import numpy as np
import scipy.signal as ss
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_layers  # noqa: E402  (relu, softmax, flatten, batchnorm2d, linear)
import reference_conv_extras  # noqa: E402  (conv_transpose2d, groups, padding "same" / "valid")

torch.set_default_dtype(torch.float64)
SEED = 20240617
rng = random.Random(SEED)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(REPO, "tests", "data", "reference_cases.jsonl")

TOL = 1e-9


class Skip(Exception):
    """The drawn configuration is rejected (torch error, empty output, -inf/NaN)."""


# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------
def pair(v):
    if isinstance(v, (list, tuple)):
        return int(v[0]), int(v[1])
    return int(v), int(v)


def to_t(a):
    return torch.tensor(a, dtype=torch.float64)


def clean(obj):
    """Nested list of floats, -0.0 normalised to 0.0."""
    if isinstance(obj, list):
        return [clean(o) for o in obj]
    return float(obj) + 0.0


def nested_shape(a):
    shape = []
    while isinstance(a, list):
        shape.append(len(a))
        a = a[0] if a else None
    return shape


def flatten(a):
    if isinstance(a, list):
        out = []
        for x in a:
            out.extend(flatten(x))
        return out
    return [a]


def close(a, b):
    fa, fb = flatten(a), flatten(b)
    if len(fa) != len(fb):
        return False
    return all(abs(x - y) <= TOL * (1 + abs(y)) for x, y in zip(fa, fb))


# ----------------------------------------------------------------------------
# library references (these produce the expected values)
# ----------------------------------------------------------------------------
def lib_conv(req):
    op = req["op"]
    x = to_t(req["input"])
    k = to_t(req["kernel"])
    in2d = x.dim() == 2
    if in2d:
        x = x.unsqueeze(0)
    C = x.shape[0]
    b = to_t(req["bias"]) if "bias" in req else None
    if k.dim() == 2:
        # a plain kernel is one filter applied to each channel: a single bias goes to each
        if b is not None and b.numel() != 1:
            raise Skip("plain kernel takes one bias")
        w = k[None, None].repeat(C, 1, 1, 1)
        groups = C
        if b is not None:
            b = b.repeat(C)
    elif k.dim() == 4:
        w = k
        groups = int(req.get("groups", 1))
    else:
        raise Skip("kernel rank")
    if op == "conv2d":
        w = torch.flip(w, [-2, -1])
    stride = pair(req.get("stride", 1))
    padding = req.get("padding", 0)
    padding = padding if isinstance(padding, str) else pair(padding)
    dilation = pair(req.get("dilation", 1))
    mode = req.get("padding_mode", "zeros")
    xb = x.unsqueeze(0)
    if mode != "zeros" and isinstance(padding, str):
        # nn.Conv2d's own padding="same" with a padding mode (asymmetric F.pad)
        m = torch.nn.Conv2d(C, w.shape[0], tuple(w.shape[-2:]), stride, padding, dilation, groups,
                            b is not None, mode)
        with torch.no_grad():
            m.weight.copy_(w)
            if b is not None:
                m.bias.copy_(b)
            y = m(xb)[0]
    else:
        if mode != "zeros":
            xb = F.pad(xb, (padding[1], padding[1], padding[0], padding[0]), mode=mode)
            padding = (0, 0)
        y = F.conv2d(xb, w, b, stride, padding, dilation, groups)[0]
    if in2d and k.dim() == 2:
        y = y[0]
    return y


def lib_pool(req):
    op = req["op"]
    x = to_t(req["input"])
    in2d = x.dim() == 2
    xb = x.unsqueeze(0) if in2d else x
    xb = xb.unsqueeze(0)
    if op == "globalavgpool":
        y = F.adaptive_avg_pool2d(xb, 1)
    elif op == "globalmaxpool":
        y = F.adaptive_max_pool2d(xb, 1)
    else:
        ks = pair(req["kernel_size"])
        st = pair(req["stride"]) if "stride" in req else None
        ceil = bool(req.get("ceil_mode", False))
        if op == "maxpool2d":
            y = F.max_pool2d(xb, ks, st, pair(req.get("padding", 0)),
                             pair(req.get("dilation", 1)), ceil_mode=ceil)
        elif op == "avgpool2d":
            y = F.avg_pool2d(xb, ks, st, pair(req.get("padding", 0)), ceil_mode=ceil,
                             count_include_pad=bool(req.get("count_include_pad", True)))
        elif op == "lppool2d":
            y = F.lp_pool2d(xb, req["norm_type"], ks, st, ceil_mode=ceil)
        else:
            raise ValueError(op)
    y = y[0]
    if in2d:
        y = y[0]
    return y


def lib_1d(req):
    op = req["op"]
    mode = req.get("mode", "full")
    f = np.array(req["f"], dtype=np.float64)
    if op == "conv1d":
        return np.convolve(f, np.array(req["g"], dtype=np.float64), mode)
    if op == "xcorr1d":
        return ss.correlate(np.array(req["g"], dtype=np.float64), f, mode, method="direct")
    if op == "autocorr1d":
        return ss.correlate(f, f, mode, method="direct")
    raise ValueError(op)


def lib_compute(req):
    op = req["op"]
    if op in ("xcorr2d", "conv2d"):
        y = lib_conv(req)
    elif op == "conv_transpose2d":
        y = reference_conv_extras.lib_transposed(req)
    elif op in ("maxpool2d", "avgpool2d", "lppool2d", "globalavgpool", "globalmaxpool"):
        y = lib_pool(req)
    elif op in reference_layers.LAYER_OPS:
        y = reference_layers.lib_layer(req)
    elif op == "autocorr2d":
        x = np.array(req["input"], dtype=np.float64)
        y = torch.from_numpy(ss.correlate2d(x, x, "full"))
    else:
        y = torch.from_numpy(np.asarray(lib_1d(req), dtype=np.float64))
    if y.numel() == 0:
        raise Skip("empty output")
    if not torch.isfinite(y).all():
        raise Skip("non-finite output")
    return list(y.shape), clean(y.tolist())


# ----------------------------------------------------------------------------
# independent plain-Python implementations of the documented rules
# ----------------------------------------------------------------------------
def pool_out(n, k, s, p, d, ceil):
    eff = d * (k - 1) + 1
    num = n + 2 * p - eff
    o = (-(-num // s) if ceil else num // s) + 1
    if ceil and (o - 1) * s >= n + p:
        o -= 1
    return o


def padded_get(x, i, j, mode):
    H, W = len(x), len(x[0])
    if 0 <= i < H and 0 <= j < W:
        return x[i][j]
    if mode == "zeros":
        return 0.0
    if mode == "replicate":
        return x[min(max(i, 0), H - 1)][min(max(j, 0), W - 1)]
    if mode == "circular":
        return x[i % H][j % W]
    if mode == "reflect":
        def r(t, n):
            if t < 0:
                t = -t
            if t >= n:
                t = 2 * (n - 1) - t
            return t
        return x[r(i, H)][r(j, W)]
    raise ValueError(mode)


def naive_xcorr_plane(x, k, stride, pad, dil, mode, extra=(0, 0)):
    """extra: padding="same"'s one more row / column at the bottom / right."""
    H, W = len(x), len(x[0])
    kh, kw = len(k), len(k[0])
    oh = (H + 2 * pad[0] + extra[0] - dil[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (W + 2 * pad[1] + extra[1] - dil[1] * (kw - 1) - 1) // stride[1] + 1
    out = [[0.0] * ow for _ in range(oh)]
    for a in range(oh):
        for b in range(ow):
            s = 0.0
            for u in range(kh):
                for v in range(kw):
                    s += k[u][v] * padded_get(x, a * stride[0] - pad[0] + u * dil[0],
                                              b * stride[1] - pad[1] + v * dil[1], mode)
            out[a][b] = s
    return out


def add_planes(a, b):
    return [[p + q for p, q in zip(ra, rb)] for ra, rb in zip(a, b)]


def naive_conv(req):
    x = req["input"]
    k = req["kernel"]
    in2d = not isinstance(x[0][0], list)
    xs = [x] if in2d else x
    stride, dil = pair(req.get("stride", 1)), pair(req.get("dilation", 1))
    mode = req.get("padding_mode", "zeros")
    k2d = not isinstance(k[0][0], list)
    kh, kw = (len(k), len(k[0])) if k2d else (len(k[0][0]), len(k[0][0][0]))
    padding = req.get("padding", 0)
    extra = (0, 0)
    if padding == "valid":
        pad = (0, 0)
    elif padding == "same":  # total d(k-1) per axis, the odd cell after the input
        th, tw = dil[0] * (kh - 1), dil[1] * (kw - 1)
        pad, extra = (th // 2, tw // 2), (th % 2, tw % 2)
    else:
        pad = pair(padding)

    def prep(kern):
        kern = [list(map(float, r)) for r in kern]
        if req["op"] == "conv2d":
            kern = [r[::-1] for r in kern[::-1]]
        return kern

    if k2d:
        outs = [naive_xcorr_plane(c, prep(k), stride, pad, dil, mode, extra) for c in xs]
        if "bias" in req:
            outs = [[[v + req["bias"][0] for v in r] for r in o] for o in outs]
        return outs[0] if in2d else outs
    groups = req.get("groups", 1)
    per_group = len(k) // groups
    cg = len(xs) // groups
    outs = []
    for o, ko in enumerate(k):
        acc = None
        for c, kc in enumerate(ko):
            plane = naive_xcorr_plane(xs[(o // per_group) * cg + c], prep(kc), stride, pad, dil, mode, extra)
            acc = plane if acc is None else add_planes(acc, plane)
        if "bias" in req:
            acc = [[v + req["bias"][o] for v in r] for r in acc]
        outs.append(acc)
    return outs


def naive_pool_plane(x, req):
    op = req["op"]
    H, W = len(x), len(x[0])
    if op == "globalavgpool":
        return [[sum(map(sum, x)) / (H * W)]]
    if op == "globalmaxpool":
        return [[max(map(max, x))]]
    kh, kw = pair(req["kernel_size"])
    sh, sw = pair(req.get("stride", req["kernel_size"]))
    ph, pw = pair(req.get("padding", 0))
    dh, dw = pair(req.get("dilation", 1))
    ceil = req.get("ceil_mode", False)
    oh = pool_out(H, kh, sh, ph, dh, ceil)
    ow = pool_out(W, kw, sw, pw, dw, ceil)
    out = [[0.0] * ow for _ in range(oh)]
    for a in range(oh):
        for b in range(ow):
            hs, ws = a * sh - ph, b * sw - pw
            if op == "maxpool2d":
                vals = [x[hs + u * dh][ws + v * dw] for u in range(kh) for v in range(kw)
                        if 0 <= hs + u * dh < H and 0 <= ws + v * dw < W]
                out[a][b] = max(vals) if vals else -math.inf
                continue
            p = req.get("norm_type", 1)
            he, we = min(hs + kh, H + ph), min(ws + kw, W + pw)
            pool_size = (he - hs) * (we - ws)
            hs0, ws0, he0, we0 = max(hs, 0), max(ws, 0), min(he, H), min(we, W)
            if op == "avgpool2d":
                s = sum(x[i][j] for i in range(hs0, he0) for j in range(ws0, we0))
                div = pool_size if req.get("count_include_pad", True) else (he0 - hs0) * (we0 - ws0)
                out[a][b] = s / div
            else:  # lppool2d: padding 0, count_include_pad true
                s = sum(x[i][j] ** p for i in range(hs0, he0) for j in range(ws0, we0))
                v = s / pool_size * (kh * kw)
                try:
                    out[a][b] = math.pow(v, 1.0 / p)
                except ValueError:
                    out[a][b] = math.nan
    return out


def naive_pool(req):
    x = req["input"]
    if not isinstance(x[0][0], list):
        return naive_pool_plane(x, req)
    return [naive_pool_plane(c, req) for c in x]


def naive_full_conv1d(f, g):
    out = [0.0] * (len(f) + len(g) - 1)
    for i, a in enumerate(f):
        for j, b in enumerate(g):
            out[i + j] += a * b
    return out


def naive_xcorr1d_full(f, g):
    # (f * g)[n] = sum_m f[m] g[n+m],  n = -(len f - 1) .. len g - 1
    out = []
    for n in range(-(len(f) - 1), len(g)):
        out.append(sum(f[m] * g[n + m] for m in range(len(f)) if 0 <= n + m < len(g)))
    return out


def naive_1d(req):
    op, mode = req["op"], req.get("mode", "full")
    f = [float(v) for v in req["f"]]
    g = [float(v) for v in req.get("g", req["f"])]
    if op == "conv1d":
        full = naive_full_conv1d(f, g)
        lo, hi = min(len(f), len(g)), max(len(f), len(g))
        if mode == "full":
            return full
        if mode == "same":
            st = (lo - 1) // 2
            return full[st:st + hi]
        st = lo - 1
        return full[st:st + hi - lo + 1]
    # xcorr1d == scipy.correlate(in1=g, in2=f); autocorr1d: in1 = in2 = f
    full = naive_xcorr1d_full(f, g)
    n1, n2 = len(g), len(f)
    if mode == "full":
        return full
    if mode == "same":
        st = (n2 - 1) // 2
        return full[st:st + n1]
    lo = min(n1, n2)
    st = lo - 1
    return full[st:st + abs(n1 - n2) + 1]


def naive_autocorr2d(x):
    H, W = len(x), len(x[0])
    out = [[0.0] * (2 * W - 1) for _ in range(2 * H - 1)]
    for dy in range(-(H - 1), H):
        for dx in range(-(W - 1), W):
            s = 0.0
            for i in range(H):
                for j in range(W):
                    if 0 <= i + dy < H and 0 <= j + dx < W:
                        s += x[i][j] * x[i + dy][j + dx]
            out[dy + H - 1][dx + W - 1] = s
    return out


def naive_compute(req):
    op = req["op"]
    if op in ("xcorr2d", "conv2d"):
        return naive_conv(req)
    if op == "conv_transpose2d":
        return reference_conv_extras.naive_transposed(req)
    if op in ("maxpool2d", "avgpool2d", "lppool2d", "globalavgpool", "globalmaxpool"):
        return naive_pool(req)
    if op == "autocorr2d":
        return naive_autocorr2d(req["input"])
    if op in reference_layers.LAYER_OPS:
        return reference_layers.naive_layer(req)
    return naive_1d(req)


# ----------------------------------------------------------------------------
# case collection
# ----------------------------------------------------------------------------
CASES = []
NAMES = set()


def add(name, req, expect=None):
    """Compute the case; raise Skip if torch rejects it or output is unusable."""
    try:
        shape, out = lib_compute(req)
    except Skip:
        raise
    except (RuntimeError, ValueError) as e:
        raise Skip(str(e))
    naive = naive_compute(req)
    if not close(out, naive):
        raise AssertionError("naive mismatch for %s: %r\nlib=%r\nnaive=%r" % (name, req, out, naive))
    if nested_shape(out) != shape:
        raise AssertionError("shape mismatch %s" % name)
    if expect is not None and not close(out, expect):
        raise AssertionError("%s: expected %r, got %r" % (name, expect, out))
    assert name not in NAMES, name
    NAMES.add(name)
    CASES.append({"name": name, "request": req, "expected": {"shape": shape, "output": out}})
    return out


def draw(make, tries=2000):
    """Call make() until it produces an accepted case."""
    for _ in range(tries):
        try:
            return make()
        except Skip:
            continue
    raise RuntimeError("could not draw a valid case")


# ----------------------------------------------------------------------------
# random values / parameters
# ----------------------------------------------------------------------------
def rand_scalar(kind, nonneg=False):
    if kind == "int":
        return rng.randint(0, 3) if nonneg else rng.randint(-3, 3)
    lo = 0.0 if nonneg else -3.0
    return round(rng.uniform(lo, 3.0), 2)


def rand_tensor(shape, kind=None, nonneg=False):
    kind = kind or rng.choice(["int", "dec"])
    def build(dims):
        if len(dims) == 1:
            return [rand_scalar(kind, nonneg) for _ in range(dims[0])]
        return [build(dims[1:]) for _ in range(dims[0])]
    return build(list(shape)), kind


def as_param(h, w):
    """int form when equal (mostly), else [h, w]."""
    if h == w and rng.random() < 0.6:
        return h
    return [h, w]


def fmt(v):
    if isinstance(v, list):
        return "%dx%d" % tuple(v)
    return str(v)


def maybe_set(req, key, value, default):
    """Set a parameter, sometimes omitting it when it equals the default."""
    if value == default and rng.random() < 0.5:
        return
    req[key] = value


counter = Counter()


def next_name(op, desc):
    counter[op] += 1
    return "%s_%03d_%s" % (op, counter[op], desc)


# ----------------------------------------------------------------------------
# generators
# ----------------------------------------------------------------------------
PADMODES = ["zeros", "reflect", "replicate", "circular"]


def gen_conv(op, padmode, layout=None, force_bias=None):
    def make():
        lay = layout or rng.choice(["2d_k2d", "3d_k2d", "2d_k4d", "3d_k4d"])
        C = rng.randint(1, 3) if lay.startswith("3d") else 1
        H, W = rng.randint(1, 9), rng.randint(1, 9)
        kh, kw = rng.randint(1, 4), rng.randint(1, 4)
        O = rng.randint(1, 4)
        sh, sw = rng.choice([1, 1, 2, 3]), rng.choice([1, 1, 2, 3])
        dh = rng.choice([1, 1, 1, 2, 3])
        dw = dh if rng.random() < 0.5 else rng.choice([1, 1, 2, 3])
        ph, pw = rng.randint(0, 3), rng.randint(0, 3)
        if padmode == "reflect":
            ph, pw = min(ph, H - 1), min(pw, W - 1)
        if padmode == "circular":
            ph, pw = min(ph, H), min(pw, W)
        x, kind = rand_tensor((H, W) if lay.startswith("2d") else (C, H, W))
        if lay.endswith("k2d"):
            k, _ = rand_tensor((kh, kw), kind)
        else:
            k, _ = rand_tensor((O, C, kh, kw), kind)
        req = {"op": op, "input": x, "kernel": k}
        stride, padding, dilation = as_param(sh, sw), as_param(ph, pw), as_param(dh, dw)
        maybe_set(req, "stride", stride, 1)
        maybe_set(req, "padding", padding, 0)
        maybe_set(req, "dilation", dilation, 1)
        if padmode != "zeros" or rng.random() < 0.3:
            req["padding_mode"] = padmode
        bias = False
        if lay.endswith("k4d"):
            bias = force_bias if force_bias is not None else rng.random() < 0.5
            if bias:
                req["bias"] = rand_tensor((O,), kind)[0]
        desc = "%s_%s_in%s_k%dx%d%s_s%s_p%s_d%s_%s%s" % (
            lay, kind, ("%dx%d" % (H, W)) if lay.startswith("2d") else ("%dx%dx%d" % (C, H, W)),
            kh, kw, ("_o%d" % O) if lay.endswith("k4d") else "",
            fmt(stride), fmt(padding), fmt(dilation), padmode, "_bias" if bias else "")
        name = "%s_%03d_%s" % (op, counter[op] + 1, desc)
        add(name, req)
        counter[op] += 1
    draw(make)


def pool_params(op, H, W):
    kh, kw = rng.randint(1, 4), rng.randint(1, 4)
    if rng.random() < 0.5:
        kw = kh
    ks = as_param(kh, kw)
    req = {"kernel_size": ks}
    st = None
    if rng.random() < 0.75:
        sh, sw = rng.randint(1, 3), rng.randint(1, 3)
        if rng.random() < 0.5:
            sw = sh
        st = as_param(sh, sw)
        req["stride"] = st
    pad = None
    if op in ("maxpool2d", "avgpool2d"):
        ph, pw = rng.randint(0, kh // 2), rng.randint(0, kw // 2)
        pad = as_param(ph, pw)
        maybe_set(req, "padding", pad, 0)
    dil = None
    if op == "maxpool2d":
        dh = rng.choice([1, 1, 2, 3])
        dw = dh if rng.random() < 0.5 else rng.choice([1, 2, 3])
        dil = as_param(dh, dw)
        maybe_set(req, "dilation", dil, 1)
    ceil = rng.random() < 0.5
    maybe_set(req, "ceil_mode", ceil, False)
    cip = None
    if op == "avgpool2d":
        cip = rng.random() < 0.5
        maybe_set(req, "count_include_pad", cip, True)
    return req


def pool_flags(req, H, W):
    """(drop, partial) for the drawn pooling request."""
    kh, kw = pair(req["kernel_size"])
    sh, sw = pair(req.get("stride", req["kernel_size"]))
    ph, pw = pair(req.get("padding", 0))
    dh, dw = pair(req.get("dilation", 1))
    drop = partial = False
    if req.get("ceil_mode"):
        for n, k, s, p, d in ((H, kh, sh, ph, dh), (W, kw, sw, pw, dw)):
            eff = d * (k - 1) + 1
            naive = -(-(n + 2 * p - eff) // s) + 1
            final = pool_out(n, k, s, p, d, True)
            if naive != final:
                drop = True
            # last window reaches past the right padding edge
            if (final - 1) * s - p + eff > n + p:
                partial = True
    return drop, partial


def gen_pool(op, want=None, layout=None):
    """want: None, 'drop' (ceil_mode dropping a window) or 'partial'."""
    def make():
        lay = layout or rng.choice(["2d", "3d"])
        C = rng.randint(1, 3) if lay == "3d" else 1
        H, W = rng.randint(1, 9), rng.randint(1, 9)
        req = {"op": op}
        if op == "lppool2d":
            r = rng.random()
            norm = 2 if r < 0.6 else (1 if r < 0.8 else (3 if r < 0.95 else 1.5))
            req["norm_type"] = norm
            nonneg = norm != 2
        else:
            nonneg = False
        x, kind = rand_tensor((H, W) if lay == "2d" else (C, H, W), nonneg=nonneg)
        req["input"] = x
        if op in ("globalavgpool", "globalmaxpool"):
            desc = "%s_%s_in%s" % (lay, kind, ("%dx%d" % (H, W)) if lay == "2d" else ("%dx%dx%d" % (C, H, W)))
        else:
            req.update(pool_params(op, H, W))
            if want is not None:
                req["ceil_mode"] = True
            drop, partial = pool_flags(req, H, W)
            if want == "drop" and not drop:
                raise Skip("want drop")
            if want == "partial" and not partial:
                raise Skip("want partial")
            desc = "%s_%s_in%s_k%s_s%s" % (
                lay, kind, ("%dx%d" % (H, W)) if lay == "2d" else ("%dx%dx%d" % (C, H, W)),
                fmt(req["kernel_size"]), fmt(req["stride"]) if "stride" in req else "def")
            if op == "lppool2d":
                desc = "p%s_" % str(req["norm_type"]).replace(".", "_") + desc
            if op in ("maxpool2d", "avgpool2d"):
                desc += "_p%s" % fmt(req.get("padding", 0))
            if op == "maxpool2d":
                desc += "_d%s" % fmt(req.get("dilation", 1))
            desc += "_ceil" if req.get("ceil_mode") else "_floor"
            if op == "avgpool2d":
                desc += "_cip" if req.get("count_include_pad", True) else "_nocip"
            if drop:
                desc += "_ceildrop"
            if partial:
                desc += "_partial"
        name = "%s_%03d_%s" % (op, counter[op] + 1, desc)
        add(name, req)
        counter[op] += 1
    draw(make, tries=20000)


def gen_autocorr2d():
    def make():
        H, W = rng.randint(1, 9), rng.randint(1, 9)
        x, kind = rand_tensor((H, W))
        add(next_name("autocorr2d", "%s_in%dx%d" % (kind, H, W)), {"op": "autocorr2d", "input": x})
    draw(make)


def gen_1d(op, mode, rel, parity):
    """rel: 'g_longer' | 'f_longer' | 'equal'; parity of the shorter length."""
    def make():
        short = rng.choice([1, 3, 5, 7] if parity == "odd" else [2, 4, 6, 8])
        if op == "autocorr1d":
            lf = short + rng.choice([0, 0, 2, 4]) if short <= 8 else short
            lg = None
        elif rel == "equal":
            lf = lg = short
        else:
            longer = rng.randint(short + 1, 12)
            lf, lg = (short, longer) if rel == "g_longer" else (longer, short)
        kind = rng.choice(["int", "dec"])
        req = {"op": op, "f": rand_tensor((lf,), kind)[0]}
        if lg is not None:
            req["g"] = rand_tensor((lg,), kind)[0]
        maybe_set(req, "mode", mode, "full")
        desc = "%s_%s_lf%d" % (mode, kind, lf) + ("_lg%d_%s" % (lg, rel) if lg is not None else "")
        add(next_name(op, desc), req)
    draw(make)


# ----------------------------------------------------------------------------
# main
# ----------------------------------------------------------------------------
def seeds():
    X = [[1, 0, 1, 0], [0, 1, 0, 1], [1, 0, 1, 0], [0, 1, 0, 1]]
    K = [[1, 1, 1], [0, 0, 0], [1, 1, 1]]
    add("seed_xcorr", {"op": "xcorr2d", "input": X, "kernel": K, "padding": 1, "stride": 2},
        [[1, 2], [2, 4]])
    add("seed_conv", {"op": "conv2d", "input": X, "kernel": K, "padding": 1, "stride": 2},
        [[1, 2], [2, 4]])
    P = [[1, 2, 3, 0], [4, 5, 6, 1], [3, 4, 7, 2], [1, 2, 1, 0]]
    add("seed_maxpool", {"op": "maxpool2d", "input": P, "kernel_size": 2, "stride": 2}, [[5, 6], [4, 7]])
    add("seed_avgpool", {"op": "avgpool2d", "input": P, "kernel_size": 2, "stride": 2},
        [[3, 2.5], [2.5, 2.5]])
    add("seed_globalavg", {"op": "globalavgpool", "input": P}, [[2.625]])
    add("seed_globalmax", {"op": "globalmaxpool", "input": P}, [[7]])
    add("seed_l2pool", {"op": "lppool2d", "input": P, "norm_type": 2, "kernel_size": 2},
        [[math.sqrt(46), math.sqrt(46)], [math.sqrt(30), math.sqrt(54)]])
    add("seed_autocorr2d", {"op": "autocorr2d", "input": [[1, 2], [3, 4]]},
        [[4, 11, 6], [14, 30, 14], [6, 11, 4]])
    f, g = [1, 2, 3], [0, 1, 0.5]
    exp = {
        "conv1d": {"full": [0, 1, 2.5, 4, 1.5], "same": [1, 2.5, 4], "valid": [2.5]},
        # (f*g)[n] = sum_m f[m] g[n+m], n = -2..2
        "xcorr1d": {"full": [0, 3, 3.5, 2, 0.5], "same": [3, 3.5, 2], "valid": [3.5]},
        "autocorr1d": {"full": [3, 8, 14, 8, 3], "same": [8, 14, 8], "valid": [14]},
    }
    for op in ("conv1d", "xcorr1d", "autocorr1d"):
        for mode in ("full", "same", "valid"):
            req = {"op": op, "f": f, "mode": mode}
            if op != "autocorr1d":
                req["g"] = g
            add("seed_%s_%s" % (op, mode), req, exp[op][mode])
    # g longer than f: shows scipy's 'same' length = len(in1) = len(g) for xcorr1d,
    # numpy's 'same' length = max(len f, len g) for conv1d.
    for op in ("conv1d", "xcorr1d"):
        for mode in ("full", "same", "valid"):
            add("seed_%s_%s_g_longer" % (op, mode), {"op": op, "f": [1, 2], "g": [1, 2, 3, 4], "mode": mode})
            add("seed_%s_%s_f_longer" % (op, mode), {"op": op, "f": [1, 2, 3, 4], "g": [1, 2], "mode": mode})
    # asymmetric kernel: conv2d and xcorr2d differ
    A = [[1, 2, 0, 1], [0, 1, 3, 2], [2, 0, 1, 1], [1, 3, 0, 2]]
    KA = [[1, 2], [0, -1]]
    a = add("asym_kernel_xcorr2d", {"op": "xcorr2d", "input": A, "kernel": KA})
    b = add("asym_kernel_conv2d", {"op": "conv2d", "input": A, "kernel": KA})
    assert a != b
    # lp_pool2d partial-window quirk: ones 3x3, kernel 2, ceil -> every window = 2
    add("quirk_lppool2d_partial_window_ones", {"op": "lppool2d", "input": [[1, 1, 1], [1, 1, 1], [1, 1, 1]],
        "norm_type": 2, "kernel_size": 2, "ceil_mode": True}, [[2, 2], [2, 2]])
    # lp_pool2d norm 1 = signed sum (not sum of |x|)
    add("quirk_lppool2d_norm1_signed_sum", {"op": "lppool2d", "input": [[1, -2, 3], [-4, -5, -6]],
        "norm_type": 1, "kernel_size": [2, 2], "stride": 1}, [[-10, -10]])
    # avg pool ceil_mode with padding: windows past right padding are clipped in the divisor
    add("quirk_avgpool2d_ceil_pad_cip", {"op": "avgpool2d", "input": [[1] * 4 for _ in range(4)],
        "kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True},
        [[4 / 9, 6 / 9, 1 / 3], [6 / 9, 1, 0.5], [1 / 3, 0.5, 0.25]])
    add("quirk_avgpool2d_ceil_pad_nocip", {"op": "avgpool2d", "input": [[1] * 4 for _ in range(4)],
        "kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True, "count_include_pad": False},
        [[1, 1, 1], [1, 1, 1], [1, 1, 1]])
    # ceil_mode drops the window that would start in the right padding:
    # n=5,k=2,s=2,p=1: ceil((5+2-2)/2)+1 = 4, but (4-1)*2 = 6 >= 5+1 -> 3
    add("quirk_maxpool2d_ceil_drop", {"op": "maxpool2d", "input": [[1, 2, 3, 4, 5]],
        "kernel_size": [1, 2], "stride": [1, 2], "padding": [0, 1], "ceil_mode": True}, [[1, 3, 5]])
    # each padding mode on one small example
    E = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    for mode in PADMODES:
        add("padmode_%s_xcorr2d_3x3_p1" % mode, {"op": "xcorr2d", "input": E,
            "kernel": [[1, 0, 0], [0, 0, 0], [0, 0, 0]], "padding": 1, "padding_mode": mode})
    add("padmode_circular_p_equals_side", {"op": "xcorr2d", "input": [[1, 2], [3, 4]],
        "kernel": [[1]], "padding": 2, "padding_mode": "circular"})
    add("padmode_reflect_p_side_minus_1", {"op": "xcorr2d", "input": [[1, 2, 3], [4, 5, 6]],
        "kernel": [[1]], "padding": [1, 2], "padding_mode": "reflect"})


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    seeds()

    # 2-D convolution / correlation
    layouts = ["2d_k2d", "3d_k2d", "2d_k4d", "3d_k4d"]
    for op, reps in (("xcorr2d", 5), ("conv2d", 4)):
        for mode in PADMODES:
            for lay in layouts:
                for _ in range(reps):
                    gen_conv(op, mode, lay)
    for _ in range(20):
        gen_autocorr2d()

    # pooling
    for op, n in (("maxpool2d", 50), ("avgpool2d", 50), ("lppool2d", 36)):
        for i in range(n):
            gen_pool(op, layout=["2d", "3d"][i % 2])
        for i in range(8):
            gen_pool(op, want="drop", layout=["2d", "3d"][i % 2])
        for i in range(8):
            gen_pool(op, want="partial", layout=["2d", "3d"][i % 2])
    for op in ("globalavgpool", "globalmaxpool"):
        for i in range(14):
            gen_pool(op, layout=["2d", "3d"][i % 2])

    # 1-D
    for op in ("conv1d", "xcorr1d"):
        for mode in ("full", "same", "valid"):
            for rel in ("g_longer", "f_longer", "equal"):
                for parity in ("odd", "even"):
                    gen_1d(op, mode, rel, parity)
                if rel != "equal":
                    gen_1d(op, mode, rel, rng.choice(["odd", "even"]))
    for mode in ("full", "same", "valid"):
        for parity in ("odd", "even", "odd", "even", "odd", "even", "odd", "even"):
            gen_1d("autocorr1d", mode, None, parity)

    # layer ops (after every earlier case, so those keep their draws)
    reference_layers.gen_layers(rng, add, rand_tensor, next_name)
    # conv_transpose2d, groups, padding "same"/"valid", a plain kernel's bias
    # (after the layer ops, so every earlier line keeps its draws)
    reference_conv_extras.gen_extras(rng, add, rand_tensor, Skip)

    # ---- write
    # A case already in the file with the same name and request keeps its line
    # byte for byte when its values agree within TOL: float64 sums differ in
    # the last bits between machines (SIMD widths), which is noise, not change.
    previous = {}
    if os.path.exists(out_path):
        with open(out_path) as fh:
            for line in fh.read().splitlines():
                obj = json.loads(line)
                previous[obj["name"]] = obj
    kept = 0
    for i, c in enumerate(CASES):
        old = previous.get(c["name"])
        if old is not None and old["request"] == c["request"] and \
                old["expected"]["shape"] == c["expected"]["shape"] and \
                close(c["expected"]["output"], old["expected"]["output"]):
            CASES[i] = old
            kept += 1
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w") as fh:
        for c in CASES:
            fh.write(json.dumps(c, allow_nan=False, separators=(", ", ": ")) + "\n")

    # ---- self-check
    per_op = Counter()
    names = set()
    with open(out_path) as fh:
        lines = fh.read().splitlines()
    for line, c in zip(lines, CASES):
        obj = json.loads(line)
        assert obj == c, "round-trip mismatch: %s" % c["name"]
        assert obj["name"] not in names
        names.add(obj["name"])
        assert nested_shape(obj["expected"]["output"]) == obj["expected"]["shape"]
        # recompute from the parsed request
        shape, out = lib_compute(obj["request"])
        assert shape == obj["expected"]["shape"] and close(out, obj["expected"]["output"]), obj["name"]
        per_op[obj["request"]["op"]] += 1
    assert len(lines) == len(CASES)
    tags = Counter()
    for c in CASES:
        for t in ("ceildrop", "partial", "bias", "reflect", "replicate", "circular"):
            if t in c["name"]:
                tags[t] += 1
    for op in sorted(per_op):
        print("%-14s %4d" % (op, per_op[op]))
    print("%-14s %4d" % ("TOTAL", len(CASES)))
    print("tags:", dict(tags))
    print("kept %d earlier lines as they were" % kept)
    print("size: %d bytes -> %s" % (os.path.getsize(out_path), out_path))


if __name__ == "__main__":
    main()
