#!/usr/bin/env python3
"""Safetensors for PyTorch users without the safetensors package.

convscope keeps its models as safetensors with the tensor names of PyTorch's
state_dict() (README: "Model files"). This file reads and writes that format
with torch alone (F32, F64 and I64, the dtypes of the seed's ConvNet; other
dtypes are refused rather than converted behind your back):

    import torch, safetensors_torch as st
    st.save(model.state_dict(), "model.safetensors")        # for convscope
    model.load_state_dict(st.load("model.safetensors"))     # from convscope

Command line: `safetensors_torch.py show FILE` lists the tensors;
`safetensors_torch.py dump FILE` prints them as one JSON object
{name: {"dtype", "shape", "values"}} and `safetensors_torch.py copy IN OUT`
reads IN and writes it again (both for convscope's round-trip test).
"""
import json
import struct
import sys

import torch

_DTYPES = {torch.float32: ("F32", 4), torch.float64: ("F64", 8), torch.int64: ("I64", 8)}
_BY_NAME = {name: (dtype, size) for dtype, (name, size) in _DTYPES.items()}
_MAX_HEADER = 100 << 20
assert sys.byteorder == "little", "safetensors data is little-endian; this writer assumes the machine is too"


def save(state_dict, path):
    """Writes the tensors in insertion order, contiguous, little-endian."""
    header, chunks, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, tensor in state_dict.items():
        if tensor.dtype not in _DTYPES:
            raise ValueError(f"{name}: dtype {tensor.dtype} is not float32, float64 or int64")
        data = tensor.detach().cpu().contiguous().numpy().tobytes()  # native order: little, checked below
        header[name] = {"dtype": _DTYPES[tensor.dtype][0], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in chunks:
            f.write(data)


def load(path):
    """Returns {name: tensor} in the order of the data offsets."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise ValueError(f"{path}: truncated")
    (n,) = struct.unpack("<Q", blob[:8])
    if n > _MAX_HEADER or 8 + n > len(blob):
        raise ValueError(f"{path}: header length {n} is larger than the file")
    header = json.loads(blob[8:8 + n])
    data = blob[8 + n:]
    header.pop("__metadata__", None)
    out, end = {}, 0
    for name, entry in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        if entry["dtype"] not in _BY_NAME:
            raise ValueError(f"{path}: tensor {name}: dtype {entry['dtype']} is not F32, F64 or I64")
        dtype, size = _BY_NAME[entry["dtype"]]
        begin, stop = entry["data_offsets"]
        count = 1
        for d in entry["shape"]:
            count *= d
        if begin != end or stop - begin != count * size or stop > len(data):
            raise ValueError(f"{path}: tensor {name}: data_offsets {entry['data_offsets']} do not fit")
        flat = torch.frombuffer(bytearray(data[begin:stop]), dtype=dtype) if count else torch.empty(0, dtype=dtype)
        out[name] = flat.reshape(entry["shape"]).clone()
        end = stop
    if end != len(data):
        raise ValueError(f"{path}: {len(data) - end} bytes after the last tensor")
    return out


def main(argv):
    if len(argv) == 3 and argv[1] == "show":
        for name, t in load(argv[2]).items():
            print(name, str(t.dtype).replace("torch.", ""), list(t.shape), t.flatten()[:4].tolist())
        return 0
    if len(argv) == 3 and argv[1] == "dump":
        tensors = load(argv[2])
        print(json.dumps({name: {"dtype": _DTYPES[t.dtype][0], "shape": list(t.shape),
                                 "values": t.flatten().tolist()} for name, t in tensors.items()}))
        return 0
    if len(argv) == 4 and argv[1] == "copy":
        save(load(argv[2]), argv[3])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
