#!/usr/bin/env bash
# Saves a small corpus from a finished run.sh run for CI to replay (FuzzCorpusTests): afl-cmin keeps the inputs
# that cover distinct edges, then the smallest of them up to a size budget go to
# tests/LstmGen.Tests/Fixtures/fuzz-corpus/<loader>/ (replacing all but the finding-* files).
#   tests/LstmGen.Fuzz/minimize.sh <loader> [budget in bytes, default 49152]
set -euo pipefail
loader=${1:?usage: minimize.sh <loader> [budget bytes]}
budget=${2:-49152}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${FUZZ_WORK:-/tmp/lstmgen-fuzz}/$loader
bin=${FUZZ_WORK:-/tmp/lstmgen-fuzz}/bin
dest=$repo/tests/LstmGen.Tests/Fixtures/fuzz-corpus/$loader

export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_FORKSRV_INIT_TMOUT=60000
cmin=$here/.cmin-$loader  # afl-cmin refuses to work with folders under /tmp
rm -rf "$cmin" "$cmin-in"
trap 'rm -rf "$cmin" "$cmin-in"' EXIT
cp -r "$work/out/default/queue" "$cmin-in"
(cd "$here" && nice -n 10 afl-cmin -i "$cmin-in" -o "$cmin" -t 5000 -m none \
  -- "$(command -v dotnet)" "$bin/LstmGen.Fuzz.dll" "$loader") > "$work/cmin.log" 2>&1
mkdir -p "$dest"
find "$dest" -maxdepth 1 -type f ! -name 'finding-*' -delete  # the findings stay: FuzzRegressionTests reads them
total=0
n=0
# Smallest first, so the budget keeps as many distinct paths as it can; names are afl's ids.
while read -r size file; do
  (( total + size > budget )) && continue
  total=$((total + size))
  n=$((n + 1))
  cp "$file" "$dest/$(printf '%03d' "$n")-$(basename "$file" | sed -E 's/^id:([0-9]+).*/id\1/')"
done < <(find "$cmin" -maxdepth 1 -type f -printf '%s %p\n' | sort -n)
echo "$loader: $(find "$cmin" -maxdepth 1 -type f | wc -l) inputs after afl-cmin; saved $n ($total bytes) to $dest"
