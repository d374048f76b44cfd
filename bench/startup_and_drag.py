#!/usr/bin/env python3
"""Start-up, the lab's answer to an edit and a drag, and PNG encoding (issue 12).

Times one or more convscope binaries side by side, interleaved (the order
turns each round, so a change in machine load falls on every binary alike):

  - start-up: the seed lesson, and the image lab on a 1920 x 1080 photo, to
    the swap of the first frame (`--bench-startup`, which prints steady-clock
    stamps: the script's time.monotonic() at launch to the app's stamp at the
    swap), and on the lab to the first frame showing the full result;
  - the lab (`--bench-drag N` on the photo, a 3x3 kernel): one edit of the
    kernel's centre value to the swap of the frame that shows its full
    result (the median of 7), the frames per second while that value is
    dragged for N frames, the results shown per second meanwhile, and the
    time from the drag's last edit to its full result;
  - PNG encoding of the photo and of a photo-like filter output (Gaussian 5)
    in memory: `convscope bench --image IMG --png` against OpenCV's
    cv2.imencode('.png') with its default parameters (what cv2.imwrite
    encodes).

    /usr/bin/python3 bench/startup_and_drag.py --binary before=/path/a --binary after=build/src/convscope \\
        [--rounds 5] [--drag-frames 120] [--kernel sobel-x]

The app runs in one Xvfb server the script starts (1920 x 1080 x 24; Mesa
llvmpipe), window 1600 x 900, each run with its own empty HOME, so neither
settings nor Mesa's shader cache carry over from elsewhere; the first run of
each binary fills its shader cache and is not counted ("warm": the figures;
`--cold` sets MESA_SHADER_CACHE_DISABLE=true instead, every run compiling).
Xvfb's own start (what xvfb-run adds) is measured apart.
Needs Xvfb, python3-opencv and numpy.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

try:
    import cv2
    import numpy as np
except ImportError as e:
    sys.exit(f"startup_and_drag: OpenCV for Python is not installed ({e}); sudo apt-get install python3-opencv, "
             "and run it with /usr/bin/python3")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def make_images(tmp):
    src = cv2.imread(os.path.join(ROOT, "assets", "images", "astronaut.png"), cv2.IMREAD_COLOR)
    if src is None:
        sys.exit("startup_and_drag: assets/images/astronaut.png is missing")
    photo = os.path.join(tmp, "photo1080.png")
    cv2.imwrite(photo, cv2.resize(src, (1920, 1080), interpolation=cv2.INTER_CUBIC))
    return photo


def start_xvfb():
    """An Xvfb server on a free display; (process, DISPLAY, seconds to ready)."""
    if shutil.which("Xvfb") is None:
        sys.exit("startup_and_drag: Xvfb is not installed (sudo apt-get install xvfb)")
    r, w = os.pipe()
    t0 = time.monotonic()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                            pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(w)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(r, 16)
        if not chunk:
            break
        number += chunk
    ready = time.monotonic() - t0
    os.close(r)
    if not number.strip():
        proc.kill()
        sys.exit("startup_and_drag: Xvfb did not start")
    return proc, ":" + number.decode().strip(), ready


class Runner:
    def __init__(self, display, tmp, cold):
        self.display, self.tmp, self.cold = display, tmp, cold
        self.homes = {}

    def env(self, name):
        home = self.homes.setdefault(name, tempfile.mkdtemp(prefix=f"home-{name}-", dir=self.tmp))
        e = dict(os.environ, DISPLAY=self.display, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"),
                 XDG_CACHE_HOME=os.path.join(home, ".cache"))
        e.pop("WAYLAND_DISPLAY", None)
        if self.cold:
            e["MESA_SHADER_CACHE_DISABLE"] = "true"
        return e

    def startup(self, name, binary, args):
        """Seconds from launch to the first frame's swap (and to the first full result, or None)."""
        t0 = time.monotonic()
        r = subprocess.run([binary, "--size", "1600x900", *args, "--bench-startup"], env=self.env(name),
                           capture_output=True, text=True, timeout=120)
        stamps = {}
        for line in r.stderr.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] == "convscope-timing":
                stamps[parts[1]] = float(parts[2]) - t0
        if r.returncode != 0 or "first_frame" not in stamps:
            sys.exit(f"startup_and_drag: {binary} {' '.join(args)} --bench-startup failed "
                     f"(exit {r.returncode}):\n{r.stderr[-2000:]}")
        return stamps

    def drag(self, name, binary, image, kernel, frames):
        cmd = [binary, "--size", "1600x900", "--image", image, "--kernel", kernel, "--bench-drag", str(frames)]
        r = subprocess.run(cmd, env=self.env(name), capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            sys.exit(f"startup_and_drag: {' '.join(cmd)} failed (exit {r.returncode}):\n{r.stderr[-2000:]}")
        out = {}
        for line in r.stdout.splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[0] == "convscope-bench":
                out[parts[1]] = parts[2] if len(parts) == 3 else " ".join(parts[2:])
        return out


def convscope_png_ms(binary, image, runs):
    r = subprocess.run([binary, "bench", "--image", image, "--png", "--repeat", str(runs), "--json"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"startup_and_drag: {binary} bench --png failed:\n{r.stderr}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def opencv_png_ms(img, runs):
    ok, buf = cv2.imencode(".png", img)  # warm-up
    t = []
    for _ in range(runs):
        t0 = time.perf_counter()
        ok, buf = cv2.imencode(".png", img)
        t.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(t), len(buf)


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, unit="", digits=0):
    return "-" if v is None else f"{v:.{digits}f}{unit}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", action="append", default=[],
                    help="NAME=PATH of a convscope built with --bench-startup/--bench-drag (repeat to compare)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--drag-frames", type=int, default=120)
    ap.add_argument("--kernel", default="sobel-x", help="the lab's kernel for the drag (3x3 by default)")
    ap.add_argument("--png-runs", type=int, default=3)
    ap.add_argument("--cold", action="store_true", help="no Mesa shader cache: every run compiles its shaders")
    ap.add_argument("--skip", default="", help="comma list of parts to leave out: startup,drag,png")
    a = ap.parse_args()
    binaries = []
    for spec in a.binary or [f"now={os.path.join(ROOT, 'build', 'convscope')}"]:
        name, _, path = spec.partition("=")
        if not os.access(path, os.X_OK):
            sys.exit(f"startup_and_drag: {path} is not an executable")
        binaries.append((name, path))
    skip = set(filter(None, a.skip.split(",")))
    print(f"load average at the start: {load_average()}")
    with tempfile.TemporaryDirectory() as tmp:
        photo = make_images(tmp)
        xvfb, display, xvfb_ready = start_xvfb()
        try:
            run = Runner(display, tmp, a.cold)
            results = {name: {"seed": [], "lab": [], "lab_result": [], "edit": [], "fps": [], "results_s": [],
                              "settle": [], "idle": []} for name, _ in binaries}
            if "startup" not in skip:
                for name, path in binaries:  # fills each binary's shader cache (not counted)
                    run.startup(name, path, ["--lesson", "seed"])
                    run.startup(name, path, ["--image", photo])
                for rnd in range(a.rounds):
                    order = binaries if rnd % 2 == 0 else binaries[::-1]
                    for name, path in order:
                        results[name]["seed"].append(run.startup(name, path, ["--lesson", "seed"])["first_frame"])
                        s = run.startup(name, path, ["--image", photo])
                        results[name]["lab"].append(s["first_frame"])
                        results[name]["lab_result"].append(s.get("first_result"))
                    print(".", end="", flush=True)
            if "drag" not in skip:
                for rnd in range(max(2, a.rounds // 2)):
                    order = binaries if rnd % 2 == 0 else binaries[::-1]
                    for name, path in order:
                        d = run.drag(name, path, photo, a.kernel, a.drag_frames)
                        r = results[name]
                        r["edit"].append(float(d["edit_to_frame_ms"]))
                        r["fps"].append(float(d["drag_fps"]))
                        r["results_s"].append(float(d["drag_results_per_s"]))
                        r["settle"].append(float(d["last_edit_to_full_ms"]))
                        r["idle"].append(float(d["idle_frame_ms"]) if "idle_frame_ms" in d else None)
                        r["info"] = d.get("image", "")
                        r["edits"] = d.get("edit_to_frame_ms_all", "")
                    print(".", end="", flush=True)
        finally:
            xvfb.terminate()
            xvfb.wait()
        png_rows = []
        if "png" not in skip:
            output = os.path.join(tmp, "gauss5.png")
            r = subprocess.run([binaries[-1][1], "filter", photo, "-k", "gaussian:5", "-o", output],
                               capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(f"startup_and_drag: convscope filter failed:\n{r.stderr}")
            for label, image in (("1080p photo", photo), ("1080p Gaussian 5 output", output)):
                img = cv2.imread(image, cv2.IMREAD_COLOR)
                cs = {name: [] for name, _ in binaries}
                cv, size = [], 0
                cs_size = {}
                for rnd in range(a.rounds):
                    ms, size = opencv_png_ms(img, a.png_runs)
                    cv.append(ms)
                    for name, path in (binaries if rnd % 2 == 0 else binaries[::-1]):
                        j = convscope_png_ms(path, image, a.png_runs)
                        cs[name].append(j["median_ms"])
                        cs_size[name] = j["bytes"]
                png_rows.append((label, {n: (med(v), cs_size[n]) for n, v in cs.items()}, (med(cv), size)))
    print("\n")
    print(f"Xvfb alone, to ready: {xvfb_ready * 1000:.0f} ms (what xvfb-run adds; not in the figures below)")
    print(f"shader cache: {'off (every run compiles)' if a.cold else 'warm (each binary ran once first)'}; "
          f"{a.rounds} rounds, medians")
    names = [n for n, _ in binaries]
    head = f"{'figure':<44}" + "".join(f"{n:>14}" for n in names) + f"{'target':>12}"
    print(head)
    print("-" * len(head))

    def row(label, key, scale=1.0, unit="", digits=0, target="", higher=False):
        vals = [med([v * scale if v is not None else None for v in results[n][key]]) for n in names]
        print(f"{label:<44}" + "".join(f"{fmt(v, unit, digits):>14}" for v in vals) + f"{target:>12}")

    if "startup" not in skip:
        row("seed lesson: first frame", "seed", 1000, " ms", 0, "300 ms")
        row("lab, 1080p photo: first frame", "lab", 1000, " ms", 0, "600 ms")
        row("lab, 1080p photo: first full result", "lab_result", 1000, " ms", 0, "")
    if "drag" not in skip:
        row(f"lab: one {a.kernel} edit to its frame", "edit", 1, " ms", 1, "50 ms")
        row(f"lab: frames/s while dragging", "fps", 1, "", 1, "")
        row(f"lab: results shown/s while dragging", "results_s", 1, "", 1, "")
        row(f"lab: drag's last edit to full result", "settle", 1, " ms", 0, "")
        row(f"lab: an idle frame (draw + swap)", "idle", 1, " ms", 1, "")
    for label, cs, (cv, size) in png_rows:
        print(f"{'PNG ' + label:<44}" + "".join(f"{fmt(cs[n][0], ' ms', 1):>14}" for n in names) +
              f"{'<= ' + fmt(cv, ' ms', 1):>12}")
        print(f"{'  bytes (OpenCV: ' + str(size) + ')':<44}" + "".join(f"{cs[n][1]:>14}" for n in names))
    if "drag" not in skip:
        for n in names:
            print(f"{n}: drag run on {results[n].get('info', '')}; single edits (ms, last run): "
                  f"{results[n].get('edits', '')}")
    print(f"load average at the end: {load_average()}")
    print("PNG target: OpenCV's cv2.imencode('.png') (its defaults, as cv2.imwrite) on the same pixels, "
          f"OpenCV {cv2.__version__}.")


if __name__ == "__main__":
    main()
