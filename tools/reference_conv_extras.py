"""conv_transpose2d, grouped and depthwise xcorr2d/conv2d, padding "same" /
"valid" and a plain kernel's single bias: fixtures for tools/make_reference.py
(DESIGN.md section 3), computed by PyTorch in float64 and recomputed by the
plain-Python rules below, which must agree.

Semantics verified here (the C++ implementation must match them):
  * conv_transpose2d(x, W, b, stride, padding, output_padding, groups,
    dilation), W of shape C_in x C_out/groups x kh x kw: every input cell
    scatters x[c][i][j] * W[c][o'][u][v] to output cell
    (i*s - p + u*d, j*s - p + v*d) of channel g*C_out/groups + o'.  Output size
    per axis (n-1)*s - 2p + d*(k-1) + output_padding + 1; torch needs
    output_padding < stride or < dilation.  A plain kh x kw kernel is applied
    to each channel on its own (groups = C); its one bias goes to each channel.
  * groups: C_in and O divisible; filter o sees input channels
    [g*C/groups, (g+1)*C/groups) for g = o // (O/groups); groups = C is
    depthwise.
  * padding="same" (stride 1 only): total d*(k-1) per axis, total//2 before,
    the rest after (the odd cell at the bottom / right); with a padding mode
    nn.Conv2d pads asymmetrically with that mode.  padding="valid" is 0.
"""
import torch
import torch.nn.functional as F


def _t(a):
    return torch.tensor(a, dtype=torch.float64)


def _pair(v):
    if isinstance(v, (list, tuple)):
        return int(v[0]), int(v[1])
    return int(v), int(v)


def lib_transposed(req):
    x = _t(req["input"])
    k = _t(req["kernel"])
    in2d = x.dim() == 2
    if in2d:
        x = x.unsqueeze(0)
    C = x.shape[0]
    b = _t(req["bias"]) if "bias" in req else None
    if k.dim() == 2:
        w = k[None, None].repeat(C, 1, 1, 1)
        groups = C
        if b is not None:
            if b.numel() != 1:
                raise ValueError("plain kernel takes one bias")
            b = b.repeat(C)
    else:
        w = k
        groups = int(req.get("groups", 1))
    y = F.conv_transpose2d(x.unsqueeze(0), w, b, _pair(req.get("stride", 1)), _pair(req.get("padding", 0)),
                           _pair(req.get("output_padding", 0)), groups, _pair(req.get("dilation", 1)))[0]
    if in2d and k.dim() == 2:
        y = y[0]
    return y


def naive_transposed(req):
    x = req["input"]
    k = req["kernel"]
    in2d = not isinstance(x[0][0], list)
    xs = [x] if in2d else x
    C, H, W = len(xs), len(xs[0]), len(xs[0][0])
    k2d = not isinstance(k[0][0], list)
    if k2d:
        bank = [[k] for _ in range(C)]  # C_in x 1 x kh x kw, groups = C
        groups = C
    else:
        bank = k
        groups = req.get("groups", 1)
    kh, kw = len(bank[0][0]), len(bank[0][0][0])
    cout_g = len(bank[0])
    O = cout_g * groups
    sh, sw = _pair(req.get("stride", 1))
    ph, pw = _pair(req.get("padding", 0))
    oph, opw = _pair(req.get("output_padding", 0))
    dh, dw = _pair(req.get("dilation", 1))
    OH = (H - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1
    OW = (W - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1
    out = [[[0.0] * OW for _ in range(OH)] for _ in range(O)]
    cg = C // groups
    for c in range(C):
        g = c // cg
        for o2 in range(cout_g):
            o = g * cout_g + o2
            for i in range(H):
                for j in range(W):
                    for u in range(kh):
                        for v in range(kw):
                            a, b = i * sh - ph + u * dh, j * sw - pw + v * dw
                            if 0 <= a < OH and 0 <= b < OW:
                                out[o][a][b] += xs[c][i][j] * bank[c][o2][u][v]
    if "bias" in req:
        bias = req["bias"]
        out = [[[v + (bias[0] if len(bias) == 1 else bias[o]) for v in r] for r in out[o]] for o in range(O)]
    return out[0] if in2d and k2d else out


# conv_arithmetic's figures (vdumoulin, "A guide to convolution arithmetic"):
# name -> (input side, kernel, stride, padding, dilation) of the direct
# convolution; each transposed figure undoes its shape (output_padding where
# the stride leaves a choice: padding_strides_odd).
ARITHMETIC = [
    ("no_padding_no_strides", 4, 3, 1, 0, 1),
    ("arbitrary_padding_no_strides", 5, 4, 1, 2, 1),
    ("same_padding_no_strides", 5, 3, 1, 1, 1),
    ("full_padding_no_strides", 5, 3, 1, 2, 1),
    ("no_padding_strides", 5, 3, 2, 0, 1),
    ("padding_strides", 5, 3, 2, 1, 1),
    ("padding_strides_odd", 6, 3, 2, 1, 1),
    ("dilation", 7, 3, 1, 0, 2),
]


def _direct_out(n, k, s, p, d):
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def gen_extras(rng, add, rand_tensor, Skip):
    """Every case of this module, drawn from rng after all earlier ones."""
    def draw(make, tries=2000):
        for _ in range(tries):
            try:
                return make()
            except Skip:
                continue
        raise RuntimeError("could not draw a valid case")

    # conv_arithmetic's 8 figures, direct and transposed, integer values
    for name, n, k, s, p, d in ARITHMETIC:
        x, _ = rand_tensor((n, n), "int", nonneg=True)
        kern, _ = rand_tensor((k, k), "int", nonneg=True)
        req = {"op": "xcorr2d", "input": x, "kernel": kern}
        if s != 1:
            req["stride"] = s
        if p != 0:
            req["padding"] = p
        if d != 1:
            req["dilation"] = d
        add("arith_%s" % name, req)
        m = _direct_out(n, k, s, p, d)
        xt, _ = rand_tensor((m, m), "int", nonneg=True)
        treq = {"op": "conv_transpose2d", "input": xt, "kernel": kern}
        for key, val, default in (("stride", s, 1), ("padding", p, 0), ("dilation", d, 1)):
            if val != default:
                treq[key] = val
        back = (m - 1) * s - 2 * p + d * (k - 1) + 1
        if back != n:
            treq["output_padding"] = n - back
        out = add("arith_%s_transposed" % name, treq)
        assert len(out) == n, name  # the transposed figure restores the input's size

    # conv_transpose2d, random: every layout, stride, padding, output_padding, dilation, groups, bias
    counter = [0]

    def transposed(layout, want_op=False, want_groups=False):
        def make():
            C = rng.randint(1, 4) if layout.startswith("3d") else 1
            H, W = rng.randint(1, 5), rng.randint(1, 5)
            kh, kw = rng.randint(1, 4), rng.randint(1, 4)
            sh, sw = rng.choice([1, 2, 2, 3]), rng.choice([1, 2, 3])
            dh, dw = rng.choice([1, 1, 2, 3]), rng.choice([1, 1, 2])
            ph, pw = rng.randint(0, 3), rng.randint(0, 3)
            oph = rng.randint(0, max(sh, dh) - 1)
            opw = rng.randint(0, max(sw, dw) - 1)
            if want_op and oph == 0 and opw == 0:
                raise Skip("want output_padding")
            x, kind = rand_tensor((H, W) if layout.startswith("2d") else (C, H, W))
            req = {"op": "conv_transpose2d", "input": x}
            groups = 1
            if layout.endswith("k2d"):
                req["kernel"], _ = rand_tensor((kh, kw), kind)
                if rng.random() < 0.3:
                    req["bias"] = [rand_tensor((1,), kind)[0][0]]
            else:
                divisors = [g for g in range(1, C + 1) if C % g == 0]
                groups = rng.choice(divisors[1:]) if want_groups and len(divisors) > 1 else (
                    1 if want_groups else rng.choice(divisors))
                if want_groups and groups == 1:
                    raise Skip("want groups")
                cout_g = rng.randint(1, 3)
                req["kernel"], _ = rand_tensor((C, cout_g, kh, kw), kind)
                if groups != 1:
                    req["groups"] = groups
                if rng.random() < 0.5:
                    req["bias"], _ = rand_tensor((cout_g * groups,), kind)
            for key, h, w, default in (("stride", sh, sw, 1), ("padding", ph, pw, 0),
                                       ("output_padding", oph, opw, 0), ("dilation", dh, dw, 1)):
                if (h, w) != (default, default) or rng.random() < 0.2:
                    req[key] = h if h == w else [h, w]
            OH = (H - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1
            OW = (W - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1
            if OH < 1 or OW < 1:
                raise Skip("empty output")
            counter[0] += 1
            desc = "%s_%s_in%s_k%dx%d_s%dx%d_p%dx%d_op%dx%d_d%dx%d_g%d%s" % (
                layout, kind, "%dx%d" % (H, W) if C == 1 and layout.startswith("2d") else "%dx%dx%d" % (C, H, W),
                kh, kw, sh, sw, ph, pw, oph, opw, dh, dw, groups, "_bias" if "bias" in req else "")
            try:
                add("conv_transpose2d_%03d_%s" % (counter[0], desc), req)
            except Skip:
                counter[0] -= 1
                raise
        draw(make)

    for layout in ("2d_k2d", "3d_k2d", "2d_k4d", "3d_k4d"):
        for _ in range(8):
            transposed(layout)
    for layout in ("2d_k2d", "3d_k4d"):
        for _ in range(4):
            transposed(layout, want_op=True)
    for _ in range(6):
        transposed("3d_k4d", want_groups=True)

    # groups on xcorr2d / conv2d, depthwise (groups = C, one or two filters per channel)
    gcount = [0]

    def grouped(op, depthwise):
        def make():
            C = rng.choice([2, 3, 4]) if depthwise else rng.choice([2, 4, 6])
            groups = C if depthwise else rng.choice([g for g in (2, 3) if C % g == 0])
            O = groups * rng.randint(1, 2)
            H, W = rng.randint(2, 6), rng.randint(2, 6)
            kh, kw = rng.randint(1, 3), rng.randint(1, 3)
            x, kind = rand_tensor((C, H, W))
            kern, _ = rand_tensor((O, C // groups, kh, kw), kind)
            req = {"op": op, "input": x, "kernel": kern, "groups": groups}
            if rng.random() < 0.5:
                req["padding"] = rng.randint(0, 2)
            if rng.random() < 0.4:
                req["stride"] = rng.randint(1, 2)
            if rng.random() < 0.3:
                req["dilation"] = 2
            if rng.random() < 0.5:
                req["bias"], _ = rand_tensor((O,), kind)
            gcount[0] += 1
            add("groups_%s_%03d_%s_in%dx%dx%d_o%d_g%d_k%dx%d%s" % (
                op, gcount[0], kind, C, H, W, O, groups, kh, kw, "_depthwise" if depthwise else ""), req)
        draw(make)

    for op in ("xcorr2d", "conv2d"):
        for depthwise in (False, True):
            for _ in range(4):
                grouped(op, depthwise)

    # padding "same" / "valid": odd and even kernels, dilation, every padding mode
    scount = [0]

    def padding_rule(op, rule, mode, even):
        def make():
            H, W = rng.randint(2, 6), rng.randint(2, 6)
            kh = rng.choice([2, 4] if even else [1, 3])
            kw = rng.choice([2, 4] if even else [1, 3, 5])
            d = rng.choice([1, 1, 2])
            if rule == "same" and mode == "reflect" and (d * (kh - 1) - d * (kh - 1) // 2 >= H or
                                                         d * (kw - 1) - d * (kw - 1) // 2 >= W):
                raise Skip("reflect needs padding below the side")
            layout = rng.choice(["2d_k2d", "3d_k4d"])
            C = rng.randint(1, 3) if layout == "3d_k4d" else 1
            x, kind = rand_tensor((H, W) if layout == "2d_k2d" else (C, H, W))
            kern, _ = rand_tensor((kh, kw) if layout == "2d_k2d" else (rng.randint(1, 3), C, kh, kw), kind)
            req = {"op": op, "input": x, "kernel": kern, "padding": rule}
            if d != 1:
                req["dilation"] = d
            if mode != "zeros":
                req["padding_mode"] = mode
            scount[0] += 1
            add("padrule_%s_%03d_%s_%s_%s_in%dx%dx%d_k%dx%d_d%d%s" % (
                op, scount[0], rule, mode, kind, C, H, W, kh, kw, d, "_even" if even else ""), req)
        draw(make)

    for op in ("xcorr2d", "conv2d"):
        for even in (True, False):
            padding_rule(op, "same", "zeros", even)
            padding_rule(op, "same", "zeros", even)
            padding_rule(op, "valid", "zeros", even)
        for mode in ("reflect", "replicate", "circular"):
            padding_rule(op, "same", mode, True)

    # a plain kh x kw kernel with one bias: one filter (xcorr2d, conv2d on a matrix and on channels)
    x, kind = rand_tensor((4, 5), "dec")
    kern, _ = rand_tensor((2, 3), kind)
    add("plain_bias_xcorr2d_2d", {"op": "xcorr2d", "input": x, "kernel": kern, "bias": [0.5]})
    add("plain_bias_conv2d_2d", {"op": "conv2d", "input": x, "kernel": kern, "bias": [-1.25], "padding": 1})
    x3, _ = rand_tensor((3, 4, 4), kind)
    add("plain_bias_xcorr2d_3d", {"op": "xcorr2d", "input": x3, "kernel": kern, "bias": [2]})
    add("plain_bias_conv_transpose2d_3d", {"op": "conv_transpose2d", "input": x3, "kernel": kern, "bias": [1.5],
                                           "stride": 2})
