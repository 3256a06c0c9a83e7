#!/usr/bin/env bash
# Fuzzes one loader with AFL++ and SharpFuzz: builds the harness, instruments the loader assemblies, seeds AFL with
# the committed fixtures (and the saved corpus), and runs afl-fuzz until the given time or 1 million executions,
# whichever comes first.
#   tests/LstmGen.Fuzz/run.sh <safetensors|numpy|onnx|rtneural|keras-h5|keras-zip> [seconds, default 1800]
# Needs afl++ (Debian: apt-get install -y afl++) and the SharpFuzz.CommandLine tool (restored from
# dotnet-tools.json here). Output: $FUZZ_WORK (default /tmp/lstmgen-fuzz)/<loader>/out, AFL's usual layout;
# the closing summary is read from out/default/fuzzer_stats. Run one fuzzer at a time on a shared machine.
set -euo pipefail
loader=${1:?usage: run.sh <loader> [seconds]}
seconds=${2:-1800}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
fixtures=$repo/tests/LstmGen.Tests/Fixtures
work=${FUZZ_WORK:-/tmp/lstmgen-fuzz}/$loader
bin=${FUZZ_WORK:-/tmp/lstmgen-fuzz}/bin

case $loader in
  safetensors) seeds=("$fixtures"/torch/*.safetensors "$fixtures"/torch/models/*.safetensors "$fixtures"/torch/saved/*.safetensors) ;;
  numpy)       seeds=("$fixtures"/torch/*.npz "$fixtures"/torch/models/*.npz "$fixtures"/torch/npy/*.npy) ;;
  onnx)        seeds=("$fixtures"/onnx/*.onnx "$fixtures"/torch/*.onnx) ;;
  rtneural)    seeds=("$fixtures"/rtneural/models/*.json) ;;
  keras-h5)    seeds=("$fixtures"/keras*/*.h5) ;;
  keras-zip)   seeds=("$fixtures"/keras3/*.keras) ;;
  *) echo "unknown loader '$loader'" >&2; exit 2 ;;
esac

# Build once per checkout state into a separate folder, then instrument the copies there (SharpFuzz rewrites the
# assemblies in place; the loaders are instrumented, the harness and the framework are not).
if [[ ! -f $bin/.instrumented || ${FUZZ_REBUILD:-0} == 1 ]]; then
  rm -rf "$bin"
  dotnet publish "$here/LstmGen.Fuzz.csproj" -c Release -o "$bin" --nologo -v quiet
  (cd "$here" && dotnet tool restore >/dev/null)
  for dll in LstmGen.dll LstmGen.Keras.dll; do
    (cd "$here" && dotnet tool run sharpfuzz "$bin/$dll")
  done
  touch "$bin/.instrumented"
fi

rm -rf "$work"
mkdir -p "$work/in"
corpus=$fixtures/fuzz-corpus/$loader
[[ -d $corpus ]] && seeds+=("$corpus"/*)
for f in "${seeds[@]}"; do  # fixtures of the same name live in different folders
  cp "$f" "$work/in/$(basename "$(dirname "$f")")_$(basename "$f")"
done

export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 \
       AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_FORKSRV_INIT_TMOUT=60000
# -t 5000: AFL's own kill for a stuck input (the first one also JIT-compiles the loader); the 1-second step limit is
# the harness's (FuzzTargets.StepTimeLimit).
nice -n 10 afl-fuzz -i "$work/in" -o "$work/out" -t 5000 -m none -V "$seconds" -E "${FUZZ_EXECS:-1000000}" \
  -- dotnet "$bin/LstmGen.Fuzz.dll" "$loader" > "$work/afl.log" 2>&1 || true

stats=$work/out/default/fuzzer_stats
if [[ ! -f $stats ]]; then tail -30 "$work/afl.log"; exit 1; fi
grep -E '^(start_time|last_update|run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg)' "$stats"
ls "$work/out/default/crashes" "$work/out/default/hangs" 2>/dev/null | grep -v README || true
