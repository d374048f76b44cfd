#!/usr/bin/env bash
# One epoch of `convscope train` against one epoch of the seed's PyTorch code
# (bench/seed_train_pytorch.py), back to back on this machine: batch 100, Adam
# lr 1e-3, the same thread count. A benchmark, not a test: it prints both
# epoch times (the training loop only, data loading excluded on both sides),
# both test accuracies and the ratios; CPU seconds too, the fairer figure
# on a machine other work shares.
#   bench/train_vs_pytorch.sh [THREADS (2)] [CONVSCOPE (build/convscope)]
set -euo pipefail
threads="${1:-2}"
bin="${2:-build/convscope}"
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

ours="$("$bin" train --epochs 1 --threads "$threads" --progress none -o "$out/m.safetensors")"
echo "$ours"
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  echo "train_vs_pytorch: /usr/bin/python3 has no torch (python3-torch); PyTorch side skipped"
  exit 0
fi
theirs="$(/usr/bin/python3 "$here/seed_train_pytorch.py" --epochs 1 --threads "$threads")"
echo "$theirs"
ours_s="$(echo "$ours" | sed -n 's/^epoch 1\/1:.* \([0-9.]*\) s (cpu \([0-9.]*\) s)$/\1/p')"
ours_cpu="$(echo "$ours" | sed -n 's/^epoch 1\/1:.* (cpu \([0-9.]*\) s)$/\1/p')"
ours_acc="$(echo "$ours" | sed -n 's/.*test accuracy \([0-9.]*\)%.*/\1/p')"
theirs_s="$(echo "$theirs" | sed -n 's/^pytorch epoch 1: \([0-9.]*\) s.*/\1/p')"
theirs_cpu="$(echo "$theirs" | sed -n 's/^pytorch epoch 1: .*(cpu \([0-9.]*\) s).*/\1/p')"
theirs_acc="$(echo "$theirs" | sed -n 's/.*test accuracy \([0-9.]*\)%.*/\1/p')"
awk -v a="$ours_s" -v b="$theirs_s" -v ac="$ours_cpu" -v bc="$theirs_cpu" -v aa="$ours_acc" -v ba="$theirs_acc" \
    -v t="$threads" 'BEGIN {
  printf "one epoch, %d threads: convscope %.2f s (cpu %.2f s, %.2f%% test), PyTorch %.2f s (cpu %.2f s, %.2f%% test)\n",
         t, a, ac, aa, b, bc, ba
  printf "convscope / PyTorch: wall %.2f, cpu %.2f\n", a / b, ac / bc }'
