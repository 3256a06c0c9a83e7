#!/usr/bin/env bash
# Runs the benchmark set once (LstmGen.Benchmarks, BenchmarkDotNet) and regenerates the generated part
# of docs/performance.md and results/chart.png from it (LstmGen.BenchReport). Takes about 40 minutes on a
# 2-core machine. The hand-written reading in docs/performance.md is not touched: update it after a run.
#
#   benchmarks/run.sh                      # Machine, Forward, Step, Batch and Team (StepSplitBenchmarks runs on its own, see docs/performance.md)
#   benchmarks/run.sh --filter '*Machine*' '*Step*'   # a subset (replaces the default filter); the report needs
#                                                      # the Machine rows (this machine's limits) in the same run
#
# Any arguments go to BenchmarkDotNet; the job is fixed here so runs compare.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# TorchSharp is opt-in in LstmGen.Benchmarks.csproj (libtorch is ~540 MB); a full run includes it.
export LSTMGEN_BENCH_TORCH=${LSTMGEN_BENCH_TORCH:-1}

job=(--launchCount 1 --warmupCount 5 --iterationCount 15)
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--filter '*MachineBenchmarks*' '*ForwardBenchmarks*' '*StepBenchmarks*' '*BatchBenchmarks*' '*TeamBenchmarks*') # StepSplitBenchmarks: see docs/performance.md
out=results
artifacts=$PWD/LstmGen.Benchmarks/BenchmarkDotNet.Artifacts # git-ignored

# Build the report tool first, so a broken build shows before the long run; the benchmarks too, so TorchSharp's
# packages are in the NuGet cache for the step below.
dotnet build -c Release LstmGen.BenchReport -v q -nologo >/dev/null
dotnet build -c Release LstmGen.Benchmarks -v q -nologo >/dev/null

# TorchSharp 0.107's native glue needs GCC 13's libstdc++ (GLIBCXX_3.4.32); Debian 12 has GCC 12's, so it does not load
# there. The torchsharp-debian12 fix beside the repository (see its README) makes it load: it patches a copy of the glue
# and preloads a one-symbol shim. Where the fix is absent, or TorchSharp still fails, the TorchSharp rows are skipped
# and the run log says why ("TorchSharp benchmarks skipped: ...").
torch_fix=${TORCHSHARP_FIX:-$PWD/../../shared/tools/torchsharp-debian12/env.sh}
if [ "$LSTMGEN_BENCH_TORCH" = 1 ] && [ -f "$torch_fix" ]; then
  # shellcheck source=/dev/null
  source "$torch_fix"
  torch_note="TorchSharp through $(basename "$(dirname "$torch_fix")")"
else
  torch_note="TorchSharp without the Debian 12 fix ($torch_fix not found, or LSTMGEN_BENCH_TORCH=0)"
fi

rm -rf "$artifacts/results"
rm -f "$out"/*-report.csv "$out"/*-report-github.md
mkdir -p "$out"
lscpu_field() { lscpu | sed -n "s/^$1: *//p"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
{
  echo "command: benchmarks/run.sh $*  (runs: dotnet run -c Release --project LstmGen.Benchmarks -- $(printf "%q " "${args[@]}")${job[*]})"
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- LstmGen.Benchmarks models ../runtime ../generator || echo ' plus uncommitted changes to the benchmarked code')"
  echo "CPU (lscpu): $(lscpu_field 'Model name'), $(nproc) cores, L1d $(lscpu_field 'L1d cache'), L2 $(lscpu_field 'L2 cache'), L3 $(lscpu_field 'L3 cache')"
  echo "vector width: $(grep -qw avx512f /proc/cpuinfo && echo 16 || echo 8) lanes (the widest generated kernels' path on this CPU)"
  echo "$torch_note"
  echo "started: $(date -u '+%Y-%m-%d %H:%M UTC'), load average (1, 5, 15 min) $(loadavg)"
} > "$out/run-info.txt"

dotnet run -c Release --project LstmGen.Benchmarks -- "${args[@]}" "${job[@]}" --artifacts "$artifacts" 2>&1 | tee "$out/run.log"

{
  echo "finished: $(date -u '+%Y-%m-%d %H:%M UTC'), load average (1, 5, 15 min) $(loadavg)"
  echo "BDN total: $(sed -n 's/^Global total time: //p' "$out/run.log")"
} >> "$out/run-info.txt"
cp "$artifacts"/results/*-report.csv "$artifacts"/results/*-report-github.md "$out"/
dotnet run -c Release --no-build --project LstmGen.BenchReport -- "$out" ../docs/performance.md "$out/chart.png"
