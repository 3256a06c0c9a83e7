#!/usr/bin/env bash
# Long-run numerics of generated layers (Program.cs says what each part measures):
#   1. a STEPS-step streaming run (default 10,000,000) against a float64 reference, and a 1,000-step run of the same
#      stream: finite, no allocation after warm-up, no growth of the drift;
#   2. Step and Forward timed on normal, tiny and denormal inputs and states (ROUNDS rounds, default 9).
# Prints the machine, date, commit and command, then each part's markdown table. Runs under nice: it is long (about
# 25 µs of CPU per step, mostly the float64 reference: 4 to 5 CPU minutes for 10 million steps, 28 minutes of wall
# time on a 2-core VM with a load average near 100). docs/reliability.md holds the committed figures.
#
#   benchmarks/LstmGen.LongStream/long-stream.sh
#   STEPS=100000 benchmarks/LstmGen.LongStream/long-stream.sh      # a quick check
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
steps=${STEPS:-10000000}
rounds=${ROUNDS:-9}
dotnet build -c Release -nologo -v q > /dev/null
app=(nice -n 10 dotnet bin/Release/net10.0/LstmGen.LongStream.dll)
lscpu_field() { lscpu | sed -n "s/^$1: *//p"; }
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ../../runtime ../../generator || echo '+uncommitted')
echo "- machine: $(lscpu_field 'Model name'), $(nproc) cores, $(uname -sr), .NET SDK $(dotnet --version)"
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- command: STEPS=$steps ROUNDS=$rounds benchmarks/LstmGen.LongStream/long-stream.sh"
echo
status=0
"${app[@]}" stream 1000 || status=1
echo
"${app[@]}" stream "$steps" || status=1
echo
"${app[@]}" denormal "$rounds"
exit $status
