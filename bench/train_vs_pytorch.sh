#!/usr/bin/env bash
# One epoch of `convscope train` against one epoch of the seed's PyTorch code
# (bench/seed_train_pytorch.py), back to back on this machine: batch 100, Adam
# lr 1e-3, the same thread count. A benchmark, not a test: it prints both
# epoch times (the training loop only, data loading excluded on both sides),
# both test accuracies and the ratios; CPU seconds too, the fairer figure
# on a machine other work shares.
#   bench/train_vs_pytorch.sh [--limit N] [--rounds R] [THREADS (2)] [CONVSCOPE (build/convscope)]
# --limit N trains both on the first N training images only (a fraction of an
# epoch; test accuracy is then not comparable with a full epoch's).
# --rounds R runs the pair R times interleaved (A B A B ...), so load from
# other work falls on both sides alike, and prints the medians and the load.
set -euo pipefail
limit=0
rounds=1
while [[ $# -gt 0 && "$1" == --* ]]; do
  case "$1" in
    --limit) limit="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "train_vs_pytorch: unknown option '$1' (--limit N, --rounds R)" >&2; exit 2 ;;
  esac
done
threads="${1:-2}"
bin="${2:-build/convscope}"
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
have_torch=1
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  echo "train_vs_pytorch: /usr/bin/python3 has no torch (python3-torch); PyTorch side skipped"
  have_torch=0
fi

# One sed expression applied to a run's output; each round appends "wall cpu accuracy" per side.
field() { sed -n "$1" <<<"$2"; }
for ((r = 1; r <= rounds; ++r)); do
  echo "round $r/$rounds, load: $(uptime | sed 's/.*load average: //')"
  ours="$("$bin" train --epochs 1 --threads "$threads" --limit "$limit" --progress none -o "$out/m.safetensors")"
  echo "$ours" | grep '^epoch'
  echo "$(field 's/^epoch 1\/1:.* \([0-9.]*\) s (cpu .*/\1/p' "$ours") $(field 's/^epoch 1\/1:.* (cpu \([0-9.]*\) s)$/\1/p' "$ours") $(field 's/.*test accuracy \([0-9.]*\)%.*/\1/p' "$ours")" >>"$out/ours"
  [[ $have_torch == 1 ]] || continue
  theirs="$(/usr/bin/python3 "$here/seed_train_pytorch.py" --epochs 1 --threads "$threads" --limit "$limit")"
  echo "$theirs"
  echo "$(field 's/^pytorch epoch 1: \([0-9.]*\) s.*/\1/p' "$theirs") $(field 's/^pytorch epoch 1: .*(cpu \([0-9.]*\) s).*/\1/p' "$theirs") $(field 's/.*test accuracy \([0-9.]*\)%.*/\1/p' "$theirs")" >>"$out/theirs"
done

# The median of column $2 of file $1.
median() { cut -d' ' -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
images=$([[ $limit -gt 0 ]] && echo "$limit images" || echo "one epoch")
echo "load after: $(uptime | sed 's/.*load average: //')"
if [[ $have_torch == 0 ]]; then
  echo "$images, $threads threads, median of $rounds: convscope $(median "$out/ours" 1) s (cpu $(median "$out/ours" 2) s, $(median "$out/ours" 3)% test)"
  exit 0
fi
awk -v a="$(median "$out/ours" 1)" -v b="$(median "$out/theirs" 1)" -v ac="$(median "$out/ours" 2)" \
    -v bc="$(median "$out/theirs" 2)" -v aa="$(median "$out/ours" 3)" -v ba="$(median "$out/theirs" 3)" \
    -v t="$threads" -v r="$rounds" -v what="$images" 'BEGIN {
  printf "%s, %d threads, median of %d: convscope %.2f s (cpu %.2f s, %.2f%% test), PyTorch %.2f s (cpu %.2f s, %.2f%% test)\n",
         what, t, r, a, ac, aa, b, bc, ba
  printf "convscope / PyTorch: wall %.2f, cpu %.2f\n", a / b, ac / bc }'
