#!/usr/bin/env python3
"""convscope's CPU image filter against OpenCV on the same image and kernels.

Runs, interleaved (one OpenCV measurement, then one `convscope bench --image`,
per round, so a change in machine load hits both), the kernels of issue 12:
3x3, 5x5, 7x7, 9x9, 15x15, 31x31 general (random, rank > 1) and Gaussian 15 / 31
(rank 1: convscope takes two 1-D passes, OpenCV's sepFilter2D is shown too),
on a 1920 x 1080 RGB image, reflect padding (cv2.BORDER_REFLECT_101), float
output (cv2.filter2D(img, cv2.CV_32F, K): the work `convscope bench` times).

    python3 bench/filter_vs_opencv.py [--convscope build/convscope] [--image IMG]
                                      [--rounds 5] [--reference] [--before BINARY]

--reference adds the scalar reference (`--backend reference`, one thread:
what the CPU engine ran before the fast path) as a "before" column.
--before BINARY adds another convscope build's CPU path (say, the last
release's) as a "before ms" column, interleaved with the rest.
Needs python3-opencv (Debian) and numpy; says so and exits 1 without them.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

try:
    import cv2
    import numpy as np
except ImportError as e:
    sys.exit(f"filter_vs_opencv: OpenCV for Python is not installed ({e}).\n"
             "  Install it with: sudo apt-get install python3-opencv\n"
             "  (a pyenv or venv python does not see it: run /usr/bin/python3 bench/filter_vs_opencv.py)")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_matrix(path, k):
    with open(path, "w") as f:
        for row in k:
            f.write(" ".join(repr(float(v)) for v in row) + "\n")


def make_image(path):
    src = cv2.imread(os.path.join(ROOT, "assets", "images", "astronaut.png"), cv2.IMREAD_COLOR)
    if src is None:
        sys.exit("filter_vs_opencv: assets/images/astronaut.png is missing; give --image")
    cv2.imwrite(path, cv2.resize(src, (1920, 1080), interpolation=cv2.INTER_CUBIC))


def kernels(tmp):
    """(label, kernel file, 2-D float32 kernel, 1-D factor or None)."""
    rng = np.random.default_rng(12)
    out = []
    for k in (3, 5, 7, 9, 15, 31):
        K = rng.uniform(-1, 1, (k, k)).astype(np.float32) / (k * k)
        path = os.path.join(tmp, f"general{k}.txt")
        write_matrix(path, K)
        out.append((f"{k}x{k} general", path, K, None))
    for k in (15, 31):
        g = cv2.getGaussianKernel(k, 0).astype(np.float32)  # OpenCV's default sigma for size k
        K = (g @ g.T).astype(np.float32)
        path = os.path.join(tmp, f"gauss{k}.txt")
        write_matrix(path, K)
        out.append((f"Gaussian {k}", path, K, g))
    return out


def time_ms(fn, runs):
    fn()  # warm-up
    t = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        t.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(t)


def convscope_ms(binary, image, kernel, backend, repeat):
    cmd = [binary, "bench", "--image", image, "--kernel", kernel, "--backend", backend,
           "--padding-mode", "reflect", "--repeat", str(repeat), "--json"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"filter_vs_opencv: {' '.join(cmd)} failed:\n{r.stderr}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--convscope", default=os.path.join(ROOT, "build", "convscope"))
    ap.add_argument("--image", help="a 1920 x 1080 RGB image (default: astronaut.png resized)")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds per kernel (median taken)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per measurement (median taken)")
    ap.add_argument("--reference", action="store_true", help="also time the scalar reference (slow)")
    ap.add_argument("--before", help="another convscope binary, timed too (a 'before ms' column)")
    a = ap.parse_args()
    if not os.access(a.convscope, os.X_OK):
        sys.exit(f"filter_vs_opencv: {a.convscope} is not built (bash scripts/build.sh)")
    with tempfile.TemporaryDirectory() as tmp:
        image = a.image or os.path.join(tmp, "photo1080.png")
        if not a.image:
            make_image(image)
        img = cv2.imread(image, cv2.IMREAD_COLOR)
        h, w = img.shape[:2]
        print(f"{w} x {h} RGB, reflect padding, float output; OpenCV {cv2.__version__} with "
              f"{cv2.getNumThreads()} threads; {a.rounds} interleaved rounds, each the median of {a.runs} runs")
        rows = []
        for label, path, K, g in kernels(tmp):
            f2d, sep, cs, ref, old = [], [], [], [], []
            info = None
            for _ in range(a.rounds):
                f2d.append(time_ms(lambda: cv2.filter2D(img, cv2.CV_32F, K, borderType=cv2.BORDER_REFLECT_101), a.runs))
                if g is not None:
                    sep.append(time_ms(lambda: cv2.sepFilter2D(img, cv2.CV_32F, g, g,
                                                               borderType=cv2.BORDER_REFLECT_101), a.runs))
                info = convscope_ms(a.convscope, image, path, "cpu", a.runs)
                cs.append(info["median_ms"])
                if a.before:
                    old.append(convscope_ms(a.before, image, path, "cpu", a.runs)["median_ms"])
                if a.reference:
                    ref.append(convscope_ms(a.convscope, image, path, "reference", 1)["median_ms"])
            rows.append((label, info["path"], info["threads"], statistics.median(cs),
                         statistics.median(ref) if ref else None, statistics.median(f2d),
                         statistics.median(sep) if sep else None, statistics.median(old) if old else None))
            print(".", end="", flush=True)
        print("\n")
        head = f"{'kernel':<16}{'path':>10}{'thr':>4}"
        if a.before:
            head += f"{'before ms':>11}"
        head += f"{'convscope ms':>14}"
        if a.reference:
            head += f"{'reference ms':>14}{'speed-up':>10}"
        head += f"{'filter2D ms':>13}{'vs filter2D':>13}{'sepFilter2D':>13}{'vs sep':>9}"
        print(head)
        print("-" * len(head))
        for label, path, thr, cs, ref, f2d, sep, before in rows:
            line = f"{label:<16}{path:>10}{thr:>4}"
            if a.before:
                line += f"{before:>11.1f}"
            line += f"{cs:>14.1f}"
            if a.reference:
                line += f"{ref:>14.1f}{ref / cs:>9.1f}x"
            line += f"{f2d:>13.1f}{cs / f2d:>12.2f}x"
            line += f"{sep:>13.1f}{cs / sep:>8.2f}x" if sep is not None else f"{'-':>13}{'-':>9}"
            print(line)
        print("\nvs filter2D / vs sep = convscope ms / OpenCV ms (below 1: convscope is faster).")
        print("speed-up = reference ms / convscope ms. convscope is exact (the reference's bits); "
              "OpenCV sums in float.")


if __name__ == "__main__":
    main()
