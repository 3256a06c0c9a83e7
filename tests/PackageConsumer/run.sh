#!/usr/bin/env bash
# Packs the LstmGen runtime (with its source generator) in Release, then restores, builds and runs
# tests/PackageConsumer against that package only, the way a user of the package would.
#
# Isolation: the package goes to a fresh temporary feed; restore uses a generated nuget.config whose
# only source is that feed and a fresh temporary packages folder (--packages), so neither nuget.org
# nor a stale LstmGen of the same version in ~/.nuget/packages can be picked up. The consumer's
# obj/bin also live in the temporary folder (--artifacts-path). KEEP_TMP=1 keeps that folder.
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

echo
echo "PASS: LstmGen $version packs (lib + analyzer, no dependencies) and a PackageReference-only consumer's generated layer matches LstmKernel"
