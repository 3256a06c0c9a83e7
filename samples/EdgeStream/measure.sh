#!/usr/bin/env bash
# Publishes EdgeStream six ways (linux-x64, Release) and starts each build RUNS times (default 10) in a fresh process,
# round-robin over the builds, then prints the machine, the commands and a markdown table (median, and min or max, over
# the runs). The raw lines go to bin/measure/runs.csv, the publish output to bin/measure/publish.log (git-ignored).
#
#   jit         framework-dependent, JIT only                     dotnet publish -c Release -r linux-x64 --self-contained false -p:EdgeBuild=jit
#   r2r         framework-dependent, PublishReadyToRun=true       ... -p:EdgeBuild=r2r
#   r2r-avx512  the same, crossgen2 --instruction-set:x86-64-v4   ... -p:EdgeBuild=r2r-avx512
#   r2r-composite  self-contained, PublishReadyToRunComposite=true, x86-64-v4   dotnet publish -c Release -r linux-x64 -p:EdgeBuild=r2r-composite
#   aot         PublishAot=true (NativeAOT, x86-64-v2 on x64)     dotnet publish -c Release -r linux-x64 -p:EdgeBuild=aot
#   aot-native  PublishAot=true, IlcInstructionSet=native         ... -p:EdgeBuild=aot-native
#
# Stopwatch and wall-clock figures of one small app, not BenchmarkDotNet measurements. Program.cs says what each is.
#   samples/EdgeStream/measure.sh          # a few minutes of publishing, then RUNS × 6 processes of about a second
#   PUBLISH=0 samples/EdgeStream/measure.sh   # the runs only, on the builds already in bin/measure
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
runs=${RUNS:-10}
out=$PWD/bin/measure
log=$out/publish.log
csv=$out/runs.csv
builds=(jit r2r r2r-avx512 r2r-composite aot aot-native)
mkdir -p "$out"

for b in "${builds[@]}"; do
  [[ ${PUBLISH:-1} == 1 ]] || break
  [[ $b == "${builds[0]}" ]] && : > "$log"
  args=(-c Release -r linux-x64 -p:EdgeBuild="$b")
  [[ $b == aot* || $b == r2r-composite ]] || args+=(--self-contained false)
  echo "== dotnet publish ${args[*]}" >> "$log"
  rm -rf "${out:?}/$b"
  dotnet publish "${args[@]}" -o "$out/$b" -nologo -v n >> "$log" 2>&1 || { echo "publish $b failed; see $log" >&2; tail -30 "$log" >&2; exit 1; }
done

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
{
  echo "# build,start→Main ms,start→first result ms,first Step µs,first window µs,Step median ns,Step p99 ns,peak RSS KiB,JIT'd at Main,JIT'd before first Step,JIT'd after first Step,SIMD path,accuracy,Step vs Predict"
  for ((r = 1; r <= runs; r++)); do
    for b in "${builds[@]}"; do
      # $EPOCHREALTIME is read by the shell right before it starts the program: the program's "start".
      echo "$b,$("$out/$b/EdgeStream" --csv --start "$EPOCHREALTIME")"
    done
  done
} > "$csv"
load_after=$(loadavg)

echo "- machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores ($(lscpu | sed -n 's/^Flags:.*\(avx512f\).*/AVX-512/p' | head -1)), $(uname -sr), .NET SDK $(dotnet --version)"
echo "- command: samples/EdgeStream/measure.sh (RUNS=$runs), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ../../runtime ../../generator || echo '+uncommitted')"
echo "- started $started, load average (1, 5, 15 min) before: $load_before, after: $load_after"
echo "- trim/AOT warnings (IL*, NETSDK*) in the publishes: $(grep -cE 'warning (IL[0-9]+|NETSDK[0-9]+)' "$log" || true)"
echo
echo "| build | app binary | publish folder | start→first result (ms) | first Step (µs) | Step, median (ns) | Step, p99 (ns) | peak RSS (MiB) | JIT'd by first Step | SIMD path |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for b in "${builds[@]}"; do
  # NativeAOT: the executable, everything included; otherwise EdgeStream.dll (plus LstmGen.dll), which needs a runtime.
  if [[ $b == aot* ]]; then binary=$(stat -c %s "$out/$b/EdgeStream"); else binary=$(( $(stat -c %s "$out/$b/EdgeStream.dll") + $(stat -c %s "$out/$b/LstmGen.dll") )); fi
  folder=$(du -sb "$out/$b" | cut -f1)
  awk -F, -v b="$b" -v bin="$binary" -v dir="$folder" '
    function median(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
                                        return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
    function lo(a, n,   i, m) { m = a[1]; for (i = 2; i <= n; i++) if (a[i] < m) m = a[i]; return m }
    function hi(a, n,   i, m) { m = a[1]; for (i = 2; i <= n; i++) if (a[i] > m) m = a[i]; return m }
    $1 == b { n++; first[n] = $3; step1[n] = $4; med[n] = $6; p99[n] = $7; rss[n] = $8; jit[n] = $11; path = $12 }
    END {
      printf "| %s | %.2f MB | %.1f MB | %.1f (min %.1f) | %.0f (min %.0f) | %.0f (min %.0f) | %.0f (min %.0f) | %.1f (max %.1f) | %d | %s |\n",
        b, bin / 1e6, dir / 1e6, median(first, n), lo(first, n), median(step1, n), lo(step1, n), median(med, n), lo(med, n),
        median(p99, n), lo(p99, n), median(rss, n) / 1024, hi(rss, n) / 1024, median(jit, n), path
    }' "$csv"
done
