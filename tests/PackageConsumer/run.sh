#!/usr/bin/env bash
# Packs the LstmGen runtime (with its source generator) in Release, then restores, builds and runs
# tests/PackageConsumer against that package only, the way a user of the package would. Then the same for
# LstmGen.Keras (tests/PackageConsumer/Keras), whose consumer references only LstmGen.Keras. Last, the first five
# minutes as the README and docs/tool.md tell them: the lstmgen tool installed from its package, a fresh console app
# that adds LstmGen from the local feed with the README's commands, and a class scaffolded from a PyTorch file that
# reproduces PyTorch's output.
#
# Isolation: the package goes to a fresh temporary feed; restore uses a generated nuget.config whose
# only source is that feed and a fresh temporary packages folder (--packages), so neither nuget.org
# nor a stale LstmGen of the same version in ~/.nuget/packages can be picked up. The consumer's
# obj/bin also live in the temporary folder (--artifacts-path). KEEP_TMP=1 keeps that folder.
# The Keras consumer restores the same way (LstmGen.Keras depends on LstmGen only), and both restored LstmGen packages
# are compared with the ones just packed.
#
# Usage: bash tests/PackageConsumer/run.sh   (from any directory)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runtime_proj="$root/runtime/LstmGen.csproj"
consumer_proj="$here/PackageConsumer.csproj"
config=Release

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

tmp="$(mktemp -d "${TMPDIR:-/tmp}/lstmgen-consumer.XXXXXX")"
cleanup() {
    if [[ "${KEEP_TMP:-0}" == 1 ]]; then echo "run.sh: kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo; echo "==> $*"; }

# The package version a pack from source gets (Directory.Build.targets): the release number with a prerelease label
# that names the commit.
version="$(dotnet msbuild "$runtime_proj" -nologo -t:LstmGenPackageVersion -getProperty:PackageVersion -p:Configuration=$config | tr -d '[:space:]')"
[[ -n "$version" ]] || fail "could not read PackageVersion from $runtime_proj"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+-(dev\.[0-9]+\.g[0-9a-f]{7}(\.dirty-[0-9a-f]{7})?|local\.[0-9]{14})$ ]] \
    || fail "a pack from source should have a prerelease version naming its commit, not '$version'"
echo "LstmGen version: $version"
echo "temp folder:     $tmp"

step "pack $runtime_proj ($config)"
feed="$tmp/feed"
dotnet pack "$runtime_proj" -c $config -o "$feed" -nologo -v minimal

# Exactly one package, named after the version.
mapfile -t pkgs < <(find "$feed" -maxdepth 1 -name '*.nupkg' -printf '%f\n' | sort)
[[ ${#pkgs[@]} -eq 1 ]] || fail "expected exactly one .nupkg in $feed, found ${#pkgs[@]}: ${pkgs[*]:-}"
nupkg="$feed/LstmGen.$version.nupkg"
[[ -f "$nupkg" ]] || fail "expected $nupkg, found ${pkgs[0]}"

zip_list() {
    if command -v unzip >/dev/null; then unzip -Z1 "$1"
    else python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$1"; fi
}
zip_cat() {
    if command -v unzip >/dev/null; then unzip -p "$1" "$2"
    else python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode("utf-8-sig"))' "$1" "$2"; fi
}
zip_bytes() {
    if command -v unzip >/dev/null; then unzip -p "$1" "$2"
    else python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "$1" "$2"; fi
}

# Lists a package and fails unless it holds the wanted entries and no other assets. Args: nupkg, a regex of the
# allowed asset paths, then the wanted entries.
check_entries() {
    local nupkg=$1 allowed=$2 want entries; shift 2
    step "inspect $(basename "$nupkg")"
    entries="$(zip_list "$nupkg")"
    echo "$entries" | sed 's/^/  /'
    for want in "$@"; do
        grep -qxF "$want" <<<"$entries" || fail "$want is missing from $(basename "$nupkg")"
    done
    if grep -E '^(lib|analyzers|ref|build|buildTransitive|runtimes)/' <<<"$entries" | grep -vxE "$allowed" >/dev/null; then
        fail "unexpected assets in $(basename "$nupkg") (see the listing above)"
    fi
}

# Fails unless the package id ($3) restored into the packages folder $2 is byte-identical to the one just packed ($1).
same_as_packed() {
    local restored="$2/${3,,}/$version/${3,,}.$version.nupkg"
    [[ -f "$restored" ]] || fail "$3 $version was not restored into $2"
    cmp -s "$1" "$restored" || fail "the restored $3 is not the package just packed"
}

# Writes a nuget.config ($1) whose only package source is the folder $2.
feed_only_config() {
    cat >"$1" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="lstmgen-local" value="$2" />
  </packageSources>
</configuration>
XML
}

# Restores a consumer project ($1) into a fresh packages folder ($3) and artifacts folder ($4) with a generated
# nuget.config whose only source is the temporary feed $2.
restore() {
    local proj=$1 feed=$2 packages=$3 artifacts=$4 config
    config="$tmp/nuget-$(basename "$proj" .csproj).config"
    feed_only_config "$config" "$feed"
    dotnet restore "$proj" --configfile "$config" --packages "$packages" -p:LstmGenVersion="$version" --artifacts-path "$artifacts" -v minimal
}

# Builds a restored consumer project into the artifacts folder $2 and runs it; fails unless it exits 0.
build_and_run() {
    local proj=$1 artifacts=$2 name dll status=0
    name="$(basename "$proj" .csproj)"
    step "build $name ($config)"
    dotnet build "$proj" -c $config --no-restore -nologo -v minimal -p:LstmGenVersion="$version" --artifacts-path "$artifacts"
    step "run $name"
    dll="$(find "$artifacts/bin" -name "$name.dll" -path "*${config,,}*" | head -n 1)"
    [[ -n "$dll" ]] || fail "$name.dll not found under $artifacts/bin"
    dotnet "$dll" || status=$?
    [[ $status -eq 0 ]] || fail "$name exited with $status"
}

# ---- LstmGen: no dependencies; the consumer gets it from the temporary feed alone.
check_entries "$nupkg" 'lib/net10.0/LstmGen\.(dll|xml)|analyzers/dotnet/cs/LstmGen\.Generator\.dll|build(Transitive)?/LstmGen\.targets' \
    lib/net10.0/LstmGen.dll lib/net10.0/LstmGen.xml analyzers/dotnet/cs/LstmGen.Generator.dll README.md LstmGen.nuspec \
    build/LstmGen.targets buildTransitive/LstmGen.targets
nuspec="$(zip_cat "$nupkg" LstmGen.nuspec)"
if grep -q '<dependency ' <<<"$nuspec"; then
    grep '<dependency ' <<<"$nuspec" >&2
    fail "the package declares dependencies (it must have none; Roslyn must not leak)"
fi
# Metadata for debugging into the package: the repository and commit in the nuspec, the PDB inside the dll.
grep -qE '<repository type="git" url="https://[^"]+"[^>]* commit="[0-9a-f]{40}"' <<<"$nuspec" \
    || fail "the nuspec has no repository URL and commit"
zip_bytes "$nupkg" lib/net10.0/LstmGen.dll | grep -ac MPDB >/dev/null || fail "lib/net10.0/LstmGen.dll has no embedded PDB"
echo "  nuspec: id LstmGen, version $version, no dependencies, repository and commit; PDB embedded in the dll"

step "restore the consumer from the temporary feed only"
restore "$consumer_proj" "$feed" "$tmp/packages" "$tmp/consumer"
same_as_packed "$nupkg" "$tmp/packages" LstmGen
build_and_run "$consumer_proj" "$tmp/consumer"
echo "PASS: LstmGen $version packs (lib + analyzer, no dependencies) and a PackageReference-only consumer's generated layer matches LstmKernel"

# The package's build/LstmGen.targets, as the consumer's MSBuild sees it: LstmGenInstructionSet reaches NativeAOT
# (IlcInstructionSet) and crossgen2 (PublishReadyToRunCrossgen2ExtraArgs), and a NativeAOT publish for x64 without an
# instruction set warns LSTMGEN100. Evaluation and one target only: no publish.
step "build/LstmGen.targets in the consumer"
consumer_msbuild() {
    dotnet msbuild "$consumer_proj" -nologo -p:LstmGenVersion="$version" -p:UseArtifactsOutput=true -p:ArtifactsPath="$tmp/consumer" "$@"
}
ilc="$(consumer_msbuild -p:LstmGenInstructionSet=x86-64-v3 -getProperty:IlcInstructionSet | tr -d '[:space:]')"
[[ "$ilc" == x86-64-v3 ]] || fail "LstmGenInstructionSet=x86-64-v3 gave IlcInstructionSet '$ilc'"
r2r="$(consumer_msbuild -p:LstmGenInstructionSet=x86-64-v3 -getProperty:PublishReadyToRunCrossgen2ExtraArgs)"
[[ "$r2r" == *--instruction-set:x86-64-v3* ]] || fail "LstmGenInstructionSet=x86-64-v3 gave PublishReadyToRunCrossgen2ExtraArgs '$r2r'"
ilc="$(consumer_msbuild -p:LstmGenInstructionSet=x86-64-v3 -p:IlcInstructionSet=native -getProperty:IlcInstructionSet | tr -d '[:space:]')"
[[ "$ilc" == native ]] || fail "an IlcInstructionSet set by the project was overridden: '$ilc'"
warn_target=(-t:_LstmGenWarnNativeAotInstructionSet -p:PublishAot=true -p:RuntimeIdentifier=linux-x64 -p:TreatWarningsAsErrors=false)
consumer_msbuild "${warn_target[@]}" >"$tmp/warn.log" 2>&1 || true
grep -q 'warning LSTMGEN100' "$tmp/warn.log" || { cat "$tmp/warn.log" >&2; fail "PublishAot for linux-x64 without an instruction set did not warn LSTMGEN100"; }
for quiet in -p:LstmGenInstructionSet=x86-64-v4 -p:LstmGenInstructionSetWarning=false -p:IlcInstructionSet=native; do
    consumer_msbuild "${warn_target[@]}" "$quiet" >"$tmp/warn.log" 2>&1 || { cat "$tmp/warn.log" >&2; fail "the warning target failed with $quiet"; }
    ! grep -q LSTMGEN100 "$tmp/warn.log" || fail "LSTMGEN100 despite $quiet"
done
echo "PASS: LstmGenInstructionSet sets IlcInstructionSet and crossgen2's --instruction-set; LSTMGEN100 warns only when no instruction set is chosen"

# ---- LstmGen.Keras: depends on LstmGen only. Its consumer references LstmGen.Keras only, so LstmGen, and
# with it the source generator, must flow in through the dependency.
keras_proj="$root/runtime-keras/LstmGen.Keras.csproj"
keras_consumer="$here/Keras/KerasConsumer.csproj"

step "pack $keras_proj ($config)"
keras_feed="$tmp/feed-keras"
dotnet pack "$keras_proj" -c $config -o "$keras_feed" -nologo -v minimal
keras_nupkg="$keras_feed/LstmGen.Keras.$version.nupkg"
[[ -f "$keras_nupkg" ]] || fail "expected $keras_nupkg"
cp "$nupkg" "$keras_feed/" # the LstmGen package packed above: the only LstmGen the Keras consumer may get

check_entries "$keras_nupkg" 'lib/net10.0/LstmGen\.Keras\.(dll|xml)' \
    lib/net10.0/LstmGen.Keras.dll lib/net10.0/LstmGen.Keras.xml README.md LstmGen.Keras.nuspec
nuspec="$(zip_cat "$keras_nupkg" LstmGen.Keras.nuspec)"
dep_lstmgen="$(grep -E '<dependency id="LstmGen" ' <<<"$nuspec" || true)"
[[ -n "$dep_lstmgen" ]] || fail "LstmGen.Keras does not depend on LstmGen"
[[ "$dep_lstmgen" == *"version=\"$version\""* ]] || fail "LstmGen.Keras should depend on LstmGen $version: $dep_lstmgen"
[[ "$dep_lstmgen" != *'exclude='*'Analyzers'* ]] || fail "LstmGen.Keras's dependency excludes LstmGen's analyzer: $dep_lstmgen"
[[ "$(grep -c '<dependency ' <<<"$nuspec")" -eq 1 ]] || { grep '<dependency ' <<<"$nuspec" >&2; fail "LstmGen.Keras should depend on LstmGen only"; }
echo "  nuspec: depends on LstmGen $version only (analyzer included)"

step "restore the Keras consumer from the temporary feed only"
restore "$keras_consumer" "$keras_feed" "$tmp/packages-keras" "$tmp/keras-consumer"
same_as_packed "$keras_nupkg" "$tmp/packages-keras" LstmGen.Keras
same_as_packed "$nupkg" "$tmp/packages-keras" LstmGen
build_and_run "$keras_consumer" "$tmp/keras-consumer"

echo
echo "PASS: LstmGen.Keras $version packs (lib, depends on LstmGen only) and a consumer referencing only it loads a .keras file into a generated model that matches the reference"

# ---- The first five minutes: the lstmgen tool from its package, a fresh app set up with the README's commands, and a
# class scaffolded from a PyTorch state_dict that must reproduce PyTorch's output.
tool_proj="$root/tool/LstmGen.Tool/LstmGen.Tool.csproj"
fixtures="$root/tests/LstmGen.Tests/Fixtures/torch/models"

step "pack $tool_proj ($config)"
tool_feed="$tmp/feed-tool"
dotnet pack "$tool_proj" -c $config -o "$tool_feed" -nologo -v minimal
[[ -f "$tool_feed/LstmGen.Tool.$version.nupkg" ]] || fail "expected $tool_feed/LstmGen.Tool.$version.nupkg"

step "install lstmgen from the temporary feed only (docs/tool.md)"
feed_only_config "$tmp/nuget-tool.config" "$tool_feed"
dotnet tool install LstmGen.Tool --tool-path "$tmp/tools" --add-source "$tool_feed" --configfile "$tmp/nuget-tool.config" --prerelease
lstmgen="$tmp/tools/lstmgen"
"$lstmgen" --help >"$tmp/help.txt" || fail "lstmgen --help failed"
grep -q scaffold "$tmp/help.txt" || { cat "$tmp/help.txt" >&2; fail "lstmgen --help does not list scaffold"; }
"$lstmgen" inspect "$fixtures/model_stack2.safetensors" >"$tmp/inspect.txt" || { cat "$tmp/inspect.txt" >&2; fail "lstmgen inspect failed"; }
grep -q Units "$tmp/inspect.txt" || { cat "$tmp/inspect.txt" >&2; fail "lstmgen inspect does not explain Units"; }
if "$lstmgen" inspect "$tmp/help.txt" >"$tmp/bad.txt" 2>&1; then fail "lstmgen inspect accepted a text file"; fi
! grep -q '   at ' "$tmp/bad.txt" || { cat "$tmp/bad.txt" >&2; fail "lstmgen printed a stack trace for a bad file"; }

step "a fresh console app with LstmGen added as the README says"
app="$tmp/app"
export NUGET_PACKAGES="$tmp/app-packages" # the app's restores see no package cached by earlier runs
dotnet new console -o "$app" -n ScaffoldedApp --framework net10.0
(
    cd "$app"
    dotnet new nugetconfig
    dotnet nuget add source "$feed" --name lstmgen-local --configfile nuget.config
    dotnet add package LstmGen --prerelease
)
grep -q "Include=\"LstmGen\" Version=\"$version\"" "$app/ScaffoldedApp.csproj" \
    || { cat "$app/ScaffoldedApp.csproj" >&2; fail "dotnet add package LstmGen --prerelease did not add LstmGen $version"; }
same_as_packed "$nupkg" "$NUGET_PACKAGES" LstmGen

step "lstmgen scaffold a PyTorch state_dict into the app"
"$lstmgen" scaffold "$fixtures/model_stack2.safetensors" --class Stack2 --namespace ScaffoldedApp --steps 9 >"$app/Stack2.cs"
cat "$app/Stack2.cs"
cat >"$app/Program.cs" <<'CS'
using System.Globalization;
using ScaffoldedApp;

// PyTorch's nn.LSTM(7, 16, num_layers=2) over 9 steps (tests/LstmGen.Tests/Fixtures/torch/models): every step's h.
static float[] Csv(string path) => File.ReadAllLines(path).SelectMany(line => line.Split(','))
    .Select(value => float.Parse(value, CultureInfo.InvariantCulture)).ToArray();
var model = Stack2.Load(Path.Combine(args[0], "model_stack2.safetensors"));
float[] x = Csv(Path.Combine(args[0], "model_stack2_x.csv")), expected = Csv(Path.Combine(args[0], "model_stack2_y.csv"));
var y = new float[expected.Length];
model.Predict(x, y);
double worst = expected.Zip(y, (e, a) => Math.Abs(e - a)).Max();
Console.WriteLine($"{y.Length} outputs, max |PyTorch - LstmGen| = {worst:E2}");
return worst <= 1e-5 ? 0 : 1;
CS
dotnet build "$app" -c $config -nologo -v minimal
dotnet run --project "$app" -c $config --no-build -- "$fixtures" || fail "the scaffolded Stack2 does not reproduce PyTorch within 1e-5"

echo
echo "PASS: lstmgen $version installs from its package; a fresh app set up with the README's commands runs the class lstmgen scaffolded from a PyTorch file and reproduces PyTorch"
