#!/usr/bin/env bash
# Training throughput: LstmGen against TorchSharp 0.107 (BenchmarkDotNet, benchmarks/LstmGen.TrainingBenchmarks) and
# Debian's PyTorch 1.13 (pytorch_train_bench.py), on 1 and 2 threads, with this machine's clock and FMA peak.
# Writes everything to benchmarks/training/results/. See docs/training-performance.md.
#   TORCHSHARP_DEBIAN12  the folder of env.sh that makes TorchSharp 0.107 load on Debian 12
#                        (default: ../shared/tools/torchsharp-debian12 beside the repository)
#   OPENBLAS_CORETYPE    OpenBLAS's name for this CPU family (default Cooperlake: the newest Debian 12's OpenBLAS knows)
#   BENCH_FILTER         BenchmarkDotNet --filter (default '*')
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
project="$repo/benchmarks/LstmGen.TrainingBenchmarks"
results="$here/results"
mkdir -p "$results"
log="$results/run-info.txt"

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit: $(git -C "$repo" rev-parse --short HEAD)"
  lscpu | grep -E '^(Model name|CPU\(s\)|Thread|Core|Socket|L1d|L2|L3|Hypervisor)'
  echo "flags (SIMD): $(grep -m1 -o -E 'avx512[a-z_0-9]*|avx2|fma|amx[a-z_0-9]*' /proc/cpuinfo | sort -u | tr '\n' ' ')"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  dotnet --version
} > "$log"

build_log=$(mktemp)
dotnet build -c Release "$project" > "$build_log" || { cat "$build_log"; exit 1; }
rm -f "$build_log"
dll="$project/bin/Release/net10.0/LstmGen.TrainingBenchmarks.dll"
fix=${TORCHSHARP_DEBIAN12:-$repo/../shared/tools/torchsharp-debian12}
if [ -f "$fix/env.sh" ]; then
  # shellcheck disable=SC1091
  source "$fix/env.sh"
else
  echo "no $fix/env.sh: TorchSharp 0.107 will likely not load on Debian 12 (its rows then fail with the loader's message)" | tee -a "$log"
fi

(cd "$results" && dotnet "$dll" peak) | tee -a "$log"
(cd "$results" && dotnet "$dll" --filter "${BENCH_FILTER:-*}" --artifacts "$results/bdn") | tee "$results/bdn.log"
rm -f "$results"/bdn/*.log # the same as bdn.log

export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Cooperlake}
: > "$results/pytorch.log"
for threads in 1 2; do
  OPENBLAS_NUM_THREADS=$threads /usr/bin/python3 "$here/pytorch_train_bench.py" --threads "$threads" | tee -a "$results/pytorch.log"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
