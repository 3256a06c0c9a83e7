#!/usr/bin/env bash
# Experiment: what bounds the generated Forward 28x32x28 (see README.md). Builds LstmGen.Benchmarks to get
# the generated kernel, derives the variants (Debian's /usr/bin/python3, standard library only), checks that the
# exact ones agree, then runs BenchmarkDotNet. Needs a quiet machine; about 4 minutes.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release ../../LstmGen.Benchmarks -v q -nologo
cp ../../LstmGen.Benchmarks/obj/Release/net10.0/generated/LstmGen.Generator/LstmGen.Generator.LstmLayerGenerator/LstmGen.Benchmarks.Forward28x32x28.LstmLayer.g.cs Generated.g.cs
/usr/bin/python3 make_variants.py
dotnet build -c Release -v q -nologo
echo "commit $(git rev-parse --short HEAD), $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet bin/Release/net10.0/Forward28x32Limits.dll --filter '*' --launchCount "${LAUNCHES:-2}" --warmupCount 5 --iterationCount 10 --artifacts bin/artifacts "$@"
