#!/usr/bin/env bash
# Packs the LstmGen runtime (with its source generator) in Release, then restores, builds and runs
# tests/PackageConsumer against that package only, the way a user of the package would. Then the same for
# LstmGen.Keras (tests/PackageConsumer/Keras), whose consumer references only LstmGen.Keras.
#
# Isolation: the package goes to a fresh temporary feed; restore uses a generated nuget.config whose
# only source is that feed and a fresh temporary packages folder (--packages), so neither nuget.org
# nor a stale LstmGen of the same version in ~/.nuget/packages can be picked up. The consumer's
# obj/bin also live in the temporary folder (--artifacts-path). KEEP_TMP=1 keeps that folder.
# The Keras consumer needs PureHDF from nuget.org too: its nuget.config maps LstmGen and LstmGen.* to the temporary
# feed only (packageSourceMapping), and both restored LstmGen packages are compared with the ones just packed.
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

# The package version as the runtime project evaluates it (Directory.Build.props sets <Version>).
version="$(dotnet msbuild "$runtime_proj" -nologo -getProperty:Version -p:Configuration=$config | tr -d '[:space:]')"
[[ -n "$version" ]] || fail "could not read Version from $runtime_proj"
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

step "inspect $(basename "$nupkg")"
zip_list() {
    if command -v unzip >/dev/null; then unzip -Z1 "$1"
    else python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$1"; fi
}
zip_cat() {
    if command -v unzip >/dev/null; then unzip -p "$1" "$2"
    else python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode("utf-8-sig"))' "$1" "$2"; fi
}
entries="$(zip_list "$nupkg")"
echo "$entries" | sed 's/^/  /'
for want in lib/net10.0/LstmGen.dll lib/net10.0/LstmGen.xml analyzers/dotnet/cs/LstmGen.Generator.dll README.md LstmGen.nuspec; do
    grep -qxF "$want" <<<"$entries" || fail "$want is missing from the package"
done
if grep -E '^(lib|analyzers|ref|build|buildTransitive|runtimes)/' <<<"$entries" \
    | grep -vxE 'lib/net10.0/LstmGen\.(dll|xml)|analyzers/dotnet/cs/LstmGen\.Generator\.dll' >/dev/null; then
    fail "unexpected assets in the package (see the listing above)"
fi
nuspec="$(zip_cat "$nupkg" LstmGen.nuspec)"
if grep -q '<dependency ' <<<"$nuspec"; then
    grep '<dependency ' <<<"$nuspec" >&2
    fail "the package declares dependencies (it must have none; Roslyn must not leak)"
fi
echo "  nuspec: id LstmGen, version $version, no dependencies"

step "restore the consumer from the temporary feed only"
packages="$tmp/packages"
artifacts="$tmp/consumer"
cat >"$tmp/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="lstmgen-local" value="$feed" />
  </packageSources>
</configuration>
XML
common=(-p:LstmGenVersion="$version" --artifacts-path "$artifacts")
dotnet restore "$consumer_proj" --configfile "$tmp/nuget.config" --packages "$packages" "${common[@]}" -v minimal
[[ -f "$packages/lstmgen/$version/lstmgen.$version.nupkg" ]] || fail "LstmGen $version was not restored into $packages"
cmp -s "$nupkg" "$packages/lstmgen/$version/lstmgen.$version.nupkg" || fail "the restored LstmGen is not the package just packed"

step "build the consumer ($config)"
dotnet build "$consumer_proj" -c $config --no-restore -nologo -v minimal "${common[@]}"

step "run the consumer"
dll="$(find "$artifacts/bin" -name PackageConsumer.dll -path "*${config,,}*" | head -n 1)"
[[ -n "$dll" ]] || fail "PackageConsumer.dll not found under $artifacts/bin"
status=0
dotnet "$dll" || status=$?
[[ $status -eq 0 ]] || fail "the consumer exited with $status"

echo "PASS: LstmGen $version packs (lib + analyzer, no dependencies) and a PackageReference-only consumer's generated layer matches LstmKernel"

# ---- LstmGen.Keras: a second package that depends on LstmGen and PureHDF. Its consumer references LstmGen.Keras only,
# so LstmGen, and with it the source generator, must flow in through the dependency.
keras_proj="$root/runtime-keras/LstmGen.Keras.csproj"
keras_consumer="$here/Keras/KerasConsumer.csproj"

step "pack $keras_proj ($config)"
keras_feed="$tmp/feed-keras"
dotnet pack "$keras_proj" -c $config -o "$keras_feed" -nologo -v minimal
keras_nupkg="$keras_feed/LstmGen.Keras.$version.nupkg"
[[ -f "$keras_nupkg" ]] || fail "expected $keras_nupkg"
cp "$nupkg" "$keras_feed/" # the LstmGen package packed above: the only LstmGen the Keras consumer may get

step "inspect $(basename "$keras_nupkg")"
entries="$(zip_list "$keras_nupkg")"
echo "$entries" | sed 's/^/  /'
for want in lib/net10.0/LstmGen.Keras.dll lib/net10.0/LstmGen.Keras.xml README.md LstmGen.Keras.nuspec; do
    grep -qxF "$want" <<<"$entries" || fail "$want is missing from the package"
done
if grep -E '^(lib|analyzers|ref|build|buildTransitive|runtimes)/' <<<"$entries" | grep -vxE 'lib/net10.0/LstmGen\.Keras\.(dll|xml)' >/dev/null; then
    fail "unexpected assets in LstmGen.Keras (see the listing above)"
fi
nuspec="$(zip_cat "$keras_nupkg" LstmGen.Keras.nuspec)"
dep_lstmgen="$(grep -E '<dependency id="LstmGen" ' <<<"$nuspec" || true)"
[[ -n "$dep_lstmgen" ]] || fail "LstmGen.Keras does not depend on LstmGen"
[[ "$dep_lstmgen" == *"version=\"$version\""* ]] || fail "LstmGen.Keras should depend on LstmGen $version: $dep_lstmgen"
[[ "$dep_lstmgen" != *'exclude='*'Analyzers'* ]] || fail "LstmGen.Keras's dependency excludes LstmGen's analyzer: $dep_lstmgen"
grep -q '<dependency id="PureHDF" ' <<<"$nuspec" || fail "LstmGen.Keras does not depend on PureHDF"
echo "  nuspec: depends on LstmGen $version (analyzer included) and PureHDF"

step "restore the Keras consumer: LstmGen* from the temporary feed only, PureHDF and its dependencies from nuget.org"
keras_packages="$tmp/packages-keras"
keras_artifacts="$tmp/keras-consumer"
cat >"$tmp/nuget-keras.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="lstmgen-local" value="$keras_feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="lstmgen-local">
      <package pattern="LstmGen" />
      <package pattern="LstmGen.*" />
    </packageSource>
    <packageSource key="nuget.org">
      <package pattern="*" />
    </packageSource>
  </packageSourceMapping>
</configuration>
XML
keras_common=(-p:LstmGenVersion="$version" --artifacts-path "$keras_artifacts")
dotnet restore "$keras_consumer" --configfile "$tmp/nuget-keras.config" --packages "$keras_packages" "${keras_common[@]}" -v minimal
cmp -s "$keras_nupkg" "$keras_packages/lstmgen.keras/$version/lstmgen.keras.$version.nupkg" || fail "the restored LstmGen.Keras is not the package just packed"
cmp -s "$nupkg" "$keras_packages/lstmgen/$version/lstmgen.$version.nupkg" || fail "the LstmGen restored through LstmGen.Keras is not the package just packed"

step "build the Keras consumer ($config)"
dotnet build "$keras_consumer" -c $config --no-restore -nologo -v minimal "${keras_common[@]}"

step "run the Keras consumer"
dll="$(find "$keras_artifacts/bin" -name KerasConsumer.dll -path "*${config,,}*" | head -n 1)"
[[ -n "$dll" ]] || fail "KerasConsumer.dll not found under $keras_artifacts/bin"
status=0
dotnet "$dll" || status=$?
[[ $status -eq 0 ]] || fail "the Keras consumer exited with $status"

echo
echo "PASS: LstmGen.Keras $version packs (lib, depends on LstmGen and PureHDF) and a consumer referencing only it loads a .keras file into a generated model that matches the reference"
