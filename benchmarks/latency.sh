#!/usr/bin/env bash
# First-call latency of a generated layer: publishes LstmGen.Latency four ways and starts each build
# in a fresh process RUNS times (default 10), round-robin so a burst of other load hits every mode alike:
#
#   jit         framework-dependent, default JIT (tiered compilation, tiered PGO)
#   r2r         framework-dependent, PublishReadyToRun=true (crossgen'd app and LstmGen.dll)
#   r2r-v4      the same, crossgen2 --instruction-set:x86-64-v4 (this CPU's level: AVX-512)
#   aot         PublishAot=true (NativeAOT, default instruction set)
#   aot-native  PublishAot=true, IlcInstructionSet=native (NativeAOT compiled for this CPU)
#
# Prints the machine, commit, load average, every trim/AOT warning the publishes printed, and a markdown table
# (median and min over the runs; LstmGen.Latency/Program.cs says what each column times). The raw lines go to
# results/latency-runs.csv, the publish output to LstmGen.Latency/bin/latency/publish.log (git-ignored).
#
#   benchmarks/latency.sh            # about 2 minutes of publishing, then RUNS × 4 processes of ~1.1 s each
#   RUNS=20 benchmarks/latency.sh
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
runs=${RUNS:-10}
out=$PWD/LstmGen.Latency/bin/latency # git-ignored
csv=results/latency-runs.csv
log=$out/publish.log
modes=(jit r2r r2r-v4 aot aot-native)
mkdir -p results "$out"
: > "$log"

publish() {
  local name=$1; shift
  echo "== publish $name: dotnet publish LstmGen.Latency -c Release -r linux-x64 $*" >> "$log"
  rm -rf "${out:?}/$name"
  # -v n: the warnings of every project (runtime included) are printed, not only the summary.
  dotnet publish LstmGen.Latency -c Release -r linux-x64 -o "$out/$name" "$@" -nologo -v n >> "$log" 2>&1 \
    || { echo "publish $name failed; see $log" >&2; tail -30 "$log" >&2; exit 1; }
}
# LatencyMode sets PublishReadyToRun / PublishAot / IlcInstructionSet inside LstmGen.Latency.csproj (as -p: on the
# command line they would also reach the netstandard2.0 generator, whose restore then fails with NETSDK1207).
publish jit --self-contained false -p:LatencyMode=jit
publish r2r --self-contained false -p:LatencyMode=r2r
publish r2r-v4 --self-contained false -p:LatencyMode=r2r-v4
publish aot -p:LatencyMode=aot
publish aot-native -p:LatencyMode=aot-native

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
lscpu_field() { lscpu | sed -n "s/^$1: *//p"; }
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- LstmGen.Latency ../runtime ../generator || echo '+uncommitted')
load_before=$(loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')

{
  echo "# mode,start→Main µs,start→first result µs,first Forward µs,calls 2-1000 µs,calls 1001-2000 µs,after 1 s µs,JIT'd before first,JIT'd after first,SIMD path,JIT'd at Main"
  for ((r = 1; r <= runs; r++)); do
    for m in "${modes[@]}"; do
      # $EPOCHREALTIME is read by the shell right before it executes the program: the program's "start".
      line=$("$out/$m/LstmGen.Latency" "$EPOCHREALTIME")
      echo "$m,$line"
    done
  done
} > "$csv"
load_after=$(loadavg)

echo "- machine: $(lscpu_field 'Model name'), $(nproc) cores, $(uname -sr), .NET SDK $(dotnet --version)"
echo "- command: benchmarks/latency.sh (RUNS=$runs), commit $commit"
echo "- started $started, load average (1, 5, 15 min) before: $load_before, after: $load_after"
sizes=""
for m in "${modes[@]}"; do sizes+="$m $(du -sh "$out/$m" | cut -f1), "; done
echo "- published output size: ${sizes%, }"
linker=$(grep -oE '^ *"(gcc|clang[^"]*)" "obj/' "$log" | grep -oE '(gcc|clang[^"]*)' | sort -u | paste -sd ',')
echo "- NativeAOT linked with: ${linker:-?}"
warnings=$(grep -E 'warning (IL[0-9]+|NETSDK[0-9]+)' "$log" | sed -E 's/^ +//; s/ \[[^]]*\]$//' | sort -u || true)
if [ -z "$warnings" ]; then
  echo "- trim/AOT warnings (IL*, NETSDK*) in the five publishes: none"
else
  echo "- trim/AOT warnings (IL*, NETSDK*) in the five publishes:"
  echo "$warnings" | sed 's/^/    /'
fi
# One more, untimed run of each JIT-using mode with the JIT's own log (DOTNET_JitDisasmSummary): the LstmGen methods
# it compiled at tier 0, i.e. for which no precompiled code was used (this includes LstmKernel's, run after the timing).
for m in jit r2r r2r-v4; do
  jitlog=$(mktemp)
  DOTNET_JitStdOutFile=$jitlog DOTNET_JitDisasmSummary=1 "$out/$m/LstmGen.Latency" "$EPOCHREALTIME" > /dev/null
  names=$(grep -E 'JIT compiled (FashionLstm|LstmGen\.[A-Za-z]+):' "$jitlog" | grep 'Tier0' \
    | sed -E 's/.*JIT compiled ([^(]+)\(.*/\1/' | sort -u | paste -sd ',' | sed 's/,/, /g')
  echo "- $m: LstmGen methods JIT-compiled at tier 0: ${names:-none}"
  rm -f "$jitlog"
done
echo
"$out/jit/LstmGen.Latency" --summarize "$csv" "$commit" "$load_before → $load_after"
