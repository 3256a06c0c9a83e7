#!/usr/bin/env bash
# The kernel and model tests of tests/LstmGen.Tests, executed on linux-arm64 under QEMU user-mode emulation: publishes
# LstmGen.Arm64Runner (which links those tests) self-contained for linux-arm64 and runs it with
#   qemu-aarch64-static -L /usr/aarch64-linux-gnu ... with DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 (and W^X off, below).
# The runner refuses to start unless it is an arm64 process whose widest accelerated vector is Vector128 on AdvSimd;
# afterwards the JIT's own list of the methods it compiled must show the generated kernels' Vector128 methods and none
# of their Vector256/Vector512 ones. The tests compare the kernels with float64 references, as on x64.
#
#   tests/arm64/run.sh          the CI subset (see SUBSETS below): a few minutes of emulation after the publish
#   tests/arm64/run.sh all      every kernel, model, conformance and loader test (docs/edge.md has the timing)
#   tests/arm64/run.sh -- ARGS  the runner with your own filters, e.g. -- --class KernelTests (see Program.cs)
#
# Needs the .NET 10 SDK (the linux-arm64 runtime pack comes from NuGet) and the Debian packages qemu-user-static,
# libc6-arm64-cross and libstdc++6-arm64-cross. ARM64_OUT sets the publish folder (default tests/arm64/bin/publish).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
out=${ARM64_OUT:-$here/bin/publish}
sysroot=/usr/aarch64-linux-gnu

# SUBSETS. Left out everywhere: the generator tests (they compile C# with Roslyn, nothing arm64-specific, and take
# minutes each under emulation), JitTests (they start the x64 JIT probe) and PathTests (its RunsOnTheExpectedSimdPath
# reads the CPU's flags from /proc/cpuinfo, which QEMU user mode passes through from the x64 host; --require-arm64 and
# the JIT list below check the path instead). "ci" runs the generated layers and models against float64 references and
# PyTorch, ONNX and RTNeural fixtures; "all" adds KernelTests (about 17 minutes of emulation), LstmMathTests (8 minutes:
# activation sweeps), TrainedModelTests (14 minutes: a training run) and the loaders.
skip=(--skip-category Jit --skip-class PathTests)
case "${1:-ci}" in
  ci)  filters=(--class ModelKernelsTests --class LayerContractTests --class RtNeuralConformanceTests --class OnnxConformanceTests
                --class TorchFixtureTests --class ModelTests --class HalfWeightTests "${skip[@]}") ;;
  all) filters=(--category Kernel --class LayerContractTests --class LstmHalfDecodeTests --class TrainedModelTests
                --class ShippedWeightsTests --class SteadyStateAllocationsTests "${skip[@]}") ;;
  --)  shift; filters=("$@") ;;
  *)   echo "usage: $0 [ci | all | -- RUNNER-ARGS]" >&2; exit 2 ;;
esac

command -v qemu-aarch64-static >/dev/null && [[ -e $sysroot/lib/ld-linux-aarch64.so.1 ]] || {
  echo "run.sh: needs qemu-aarch64-static and an arm64 sysroot in $sysroot:" >&2
  echo "  apt-get install -y qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross" >&2
  exit 2
}

started=$SECONDS
echo "==> publish LstmGen.Arm64Runner for linux-arm64 (self-contained) to $out"
dotnet publish "$here/LstmGen.Arm64Runner" -c Release -r linux-arm64 --self-contained -o "$out" -nologo -v minimal
published=$SECONDS

jitlog=$(mktemp) runlog=$(mktemp)
trap 'rm -f "$jitlog" "$runlog"' EXIT
echo "==> run under qemu-aarch64-static: ${filters[*]}"
status=0
# DOTNET_EnableWriteXorExecute=0: with W^X the runtime writes new code through a second, writable mapping of the same
# memory, a write QEMU's translation cache does not see; reflection's emitted invoke stubs then ran stale code and threw
# NullReferenceException before the test body (33 test cases in one run; none with W^X off).
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_EnableWriteXorExecute=0 DOTNET_JitStdOutFile="$jitlog" DOTNET_JitDisasmSummary=1 \
  qemu-aarch64-static -L "$sysroot" "$out/LstmGen.Arm64Runner" --require-arm64 "${filters[@]}" | tee "$runlog" || status=$?
# Seen once: SIGABRT (134) while the emulated process shut down, after every test had passed and the closing line was
# printed. That teardown abort does not overrule the tests' verdict; any other failure does.
if [[ $status -eq 134 ]] && grep -qE '^arm64 runner: Failed: 0, Passed: [1-9]' "$runlog"; then
  echo "note: the emulated process aborted at shutdown, after the runner's closing line; the tests' verdict stands"
  status=0
fi
finished=$SECONDS

# The JIT's list: "JIT compiled Namespace.Type:Method(...) [Tier..., IL size=..., code size=...]". The generated kernels'
# per-path methods carry the path in their names (RecurTileVector128x2, ...).
v128=$(grep -cE 'JIT compiled [^ ]*:[A-Za-z]*Vector128' "$jitlog" || true)
wide=$(grep -E 'JIT compiled [^ ]*:[A-Za-z]*Vector(256|512)' "$jitlog" | grep -v 'System\.' || true)
echo "JIT: $(grep -c 'JIT compiled' "$jitlog" || true) methods compiled, $v128 of them Vector128 kernel methods"
if [[ "$v128" -eq 0 ]]; then
  echo "FAIL: the JIT compiled no Vector128 kernel method: the kernels did not run their Vector128 path" >&2; status=1
fi
if [[ -n "$wide" ]]; then
  echo "FAIL: the JIT compiled Vector256/Vector512 kernel methods on arm64:" >&2; echo "$wide" | head -5 >&2; status=1
fi
echo "time: publish $((published - started)) s, tests under QEMU $((finished - published)) s"
exit $status
