#!/usr/bin/env bash
# Packaging check (run by .ci/run): the packages alone must work.
#  1. dotnet pack the library (FinQuery) and the tool (finq) into a temporary folder;
#  2. install the tool from that folder into a temporary tool path and run `finq eval "1 + 1"`
#     and the bundled Meta query;
#  3. create a fresh console app that references the FinQuery package from that folder,
#     evaluates a query against a small dataset and prints the right answer.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
feed="$work/feed"

echo "== pack $version into $feed"
dotnet pack "$root/FinQuery.sln" -c Release -o "$feed" -p:ContinuousIntegrationBuild=true >/dev/null
ls "$feed"
for f in "FinQuery.$version.nupkg" "FinQuery.$version.snupkg" "finq.$version.nupkg"; do
  [ -f "$feed/$f" ] || { echo "missing $f" >&2; exit 1; }
done
if command -v unzip >/dev/null; then contents=$(unzip -l "$feed/FinQuery.$version.nupkg"); else contents=$(python3 -m zipfile -l "$feed/FinQuery.$version.nupkg"); fi
grep -q "lib/net10.0/FinQuery.xml" <<<"$contents" || { echo "no XML docs in the package" >&2; exit 1; }
grep -q "README.md" <<<"$contents" || { echo "no README in the package" >&2; exit 1; }

echo "== install the finq tool from the feed"
# An isolated NuGet config: the local feed for our packages, nuget.org for their dependencies.
cat > "$work/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
CONFIG
dotnet tool install finq --version "$version" --tool-path "$work/tools" --configfile "$work/nuget.config" >/dev/null
out=$("$work/tools/finq" eval "1 + 1")
[ "$out" = "2" ] || { echo "finq eval \"1 + 1\" printed '$out'" >&2; exit 1; }
echo "finq eval \"1 + 1\" => $out"
out=$("$work/tools/finq" eval "yoy(revenue, 2023Q2)")
[ "$out" = "+11.0%" ] || { echo "finq eval with the bundled data printed '$out'" >&2; exit 1; }
echo "finq eval \"yoy(revenue, 2023Q2)\" => $out"
# finq plot needs SkiaSharp's native library from the tool package.
"$work/tools/finq" plot -o "$work/plot.png" revenue "yoy(revenue)" >/dev/null
[ -s "$work/plot.png" ] || { echo "finq plot wrote no chart" >&2; exit 1; }
echo "finq plot => $(wc -c < "$work/plot.png") bytes of PNG"

echo "== a fresh console app referencing the FinQuery package"
app="$work/app"
mkdir -p "$app"
cp "$work/nuget.config" "$app/nuget.config"
cat > "$app/app.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="FinQuery" Version="$version" />
  </ItemGroup>
</Project>
PROJ
cat > "$app/Program.cs" <<'CS'
using FinQuery;
var data = Dataset.ParseJson("""
{ "entities": [ { "id": "ACME", "series": [
  { "metric": "revenue", "unit": "USD", "scale": 1e6, "aggregation": "sum",
    "values": { "2022Q2": 100, "2023Q2": 125 } } ] } ] }
""", "inline");
Console.WriteLine(Query.Parse("yoy(revenue, 2023Q2)").Bind(data).Evaluate().Display);
CS
out=$(cd "$app" && dotnet run 2>&1 | tail -n 1)
[ "$out" = "+25.0%" ] || { echo "the console app printed '$out'" >&2; exit 1; }
echo "console app => $out"
echo "packaging check passed"
