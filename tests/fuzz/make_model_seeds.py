#!/usr/bin/env python3
"""Writes the seeds of the safetensors and idx fuzz harnesses (tests/fuzz/corpus/).

Standard library only. The model seeds start from the shipped model
(assets/models/fashion_convnet.safetensors) and the small io fixture, each
with one thing wrong the way a real broken file is: cut short, a header
length that lies, offsets that overlap, a wrong dtype or shape, a tensor
missing or extra, a NaN weight. The IDX seeds are tiny image and label files,
raw and gzip, good and bad. Run from anywhere; it overwrites the seeds.
"""
import gzip
import json
import math
import pathlib
import struct

here = pathlib.Path(__file__).resolve().parent
root = here.parent.parent
st_dir = here / "corpus" / "safetensors"
idx_dir = here / "corpus" / "idx"


def split(blob):
    n = struct.unpack("<Q", blob[:8])[0]
    return json.loads(blob[8:8 + n]), blob[8 + n:]


def join(header, data):
    text = json.dumps(header, separators=(",", ":")).encode()
    return struct.pack("<Q", len(text)) + text + data


def write(folder, name, blob):
    (folder / name).write_bytes(blob)


model = (root / "assets" / "models" / "fashion_convnet.safetensors").read_bytes()
small = (root / "tests" / "data" / "safetensors" / "small.safetensors").read_bytes()
write(st_dir, "model.safetensors", model)
write(st_dir, "small.safetensors", small)
write(st_dir, "truncated.safetensors", small[: len(small) // 2])
write(st_dir, "empty.bin", b"")
write(st_dir, "header_lies.safetensors", struct.pack("<Q", 1 << 40) + model[8:200])
write(st_dir, "no_tensors.safetensors", join({"__metadata__": {"format": "pt"}}, b""))

def variant(name, change, blob=model):
    header, data = split(blob)
    h = json.loads(json.dumps(header))
    d = bytearray(data)
    d = change(h, d) or d
    write(st_dir, name, join(h, bytes(d)))


def overlap(h, d):
    a, b = [k for k in h if k != "__metadata__"][:2]
    h[b]["data_offsets"] = [h[a]["data_offsets"][0], h[a]["data_offsets"][0] + (h[b]["data_offsets"][1] - h[b]["data_offsets"][0])]


def wrong_dtype(h, d):
    h["fc.bias"]["dtype"] = "F16"


def wrong_shape(h, d):
    h["fc.bias"]["shape"] = [5, 2]


def missing(h, d):
    del h["fc.bias"]


def extra(h, d):
    end = max(v["data_offsets"][1] for k, v in h.items() if k != "__metadata__")
    h["fc.extra"] = {"dtype": "F32", "shape": [1], "data_offsets": [end, end + 4]}
    return bytearray(d) + struct.pack("<f", 1.0)


def nan_weight(h, d):
    at = h["fc.bias"]["data_offsets"][0]
    d[at:at + 4] = struct.pack("<f", math.nan)


def out_of_range(h, d):
    last = max((k for k in h if k != "__metadata__"), key=lambda k: h[k]["data_offsets"][1])
    begin, end = h[last]["data_offsets"]
    h[last]["data_offsets"] = [begin + 8, end + 8]


def i64_as_f32(h, d):
    h["layer1.1.num_batches_tracked"]["dtype"] = "F64"


variant("overlapping.safetensors", overlap, small)
variant("wrong_dtype.safetensors", wrong_dtype)
variant("wrong_shape.safetensors", wrong_shape)
variant("missing_tensor.safetensors", missing)
variant("extra_tensor.safetensors", extra)
variant("nan_weight.safetensors", nan_weight)
variant("offsets_out_of_range.safetensors", out_of_range, small)
variant("batches_tracked_f64.safetensors", i64_as_f32)


def idx_images(count, rows, cols, extra=b""):
    pixels = bytes((i * 37) % 256 for i in range(count * rows * cols))
    return struct.pack(">IIII", 0x803, count, rows, cols) + pixels + extra


def idx_labels(labels, extra=b""):
    return struct.pack(">II", 0x801, len(labels)) + bytes(labels) + extra


images = idx_images(3, 4, 5)
labels = idx_labels([0, 9, 3])
write(idx_dir, "images.idx", images)
write(idx_dir, "images.idx.gz", gzip.compress(images, mtime=0))
write(idx_dir, "labels.idx", labels)
write(idx_dir, "labels.idx.gz", gzip.compress(labels, mtime=0))
write(idx_dir, "images_truncated.idx", images[:-7])
write(idx_dir, "images_trailing.idx", idx_images(3, 4, 5, b"\x00\x01"))
write(idx_dir, "images_gz_truncated.gz", gzip.compress(images, mtime=0)[:-9])
write(idx_dir, "wrong_magic.idx", struct.pack(">IIII", 0x802, 1, 2, 2) + bytes(4))
write(idx_dir, "absurd_size.idx", struct.pack(">IIII", 0x803, 0xFFFFFFF0, 28, 28))
write(idx_dir, "promises_a_lot.gz", gzip.compress(struct.pack(">IIII", 0x803, 60000, 28, 28) + bytes(4096), mtime=0))
write(idx_dir, "zero_rows.idx", struct.pack(">IIII", 0x803, 2, 0, 28))
write(idx_dir, "header_only.idx", struct.pack(">II", 0x803, 1))
write(idx_dir, "empty.bin", b"")
