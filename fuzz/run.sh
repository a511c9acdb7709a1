#!/usr/bin/env bash
# Fuzz FinQuery with SharpFuzz and AFL++ (not part of CI; see fuzz/README.md).
#   fuzz/run.sh [query|json|csv] [seconds]
# Installs afl++ (Debian) and the SharpFuzz command-line tool (NuGet) if missing, instruments FinQuery.dll,
# seeds a corpus from the test cases and samples, and runs afl-fuzz. Findings go to fuzz/findings/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-query}"
seconds="${2:-600}"

command -v afl-fuzz >/dev/null || { apt-get update && apt-get install -y afl++; }
export PATH="$PATH:$HOME/.dotnet/tools"
command -v sharpfuzz >/dev/null || dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0

out=fuzz/bin/FinQuery.Fuzz
rm -rf "$out"   # a fresh publish: sharpfuzz refuses an assembly it already instrumented
dotnet publish fuzz/FinQuery.Fuzz -c Release -o "$out" -warnaserror
sharpfuzz "$out/FinQuery.dll"   # instrument the library (in place, once per publish)

corpus="fuzz/corpus/$target"
rm -rf "$corpus" && mkdir -p "$corpus"
case "$target" in
  query)
    i=0
    while IFS= read -r line; do
      [[ -z "$line" || "$line" == \#* ]] && continue
      printf '%s' "${line% => *}" > "$corpus/case$((i++))"
    done < tests/FinQuery.Tests/Evaluation/Cases/functions.cases
    grep -v '^#' samples/meta-q2-2023/claims.fq | sed -n 's/^[^:]*: //p' | while IFS= read -r q; do printf '%s' "$q" > "$corpus/claim$((i++))"; done
    printf 'let m = revenue / 2; -sum(m, 2021..2023Q2)' > "$corpus/lets"
    ;;
  json) cp samples/meta-q2-2023/meta.json tests/FinQuery.Tests/Evaluation/Cases/testdata.json "$corpus/" ;;
  csv) cp samples/meta-q2-2023/meta-facts.csv "$corpus/" ;;
  *) echo "unknown target '$target': use query, json or csv" >&2; exit 2 ;;
esac

findings="fuzz/findings/$target"
mkdir -p "$findings"
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
# -t: a case taking over 5 s is a hang; -m none: .NET reserves much virtual memory.
afl-fuzz -V "$seconds" -t 5000 -m none -i "$corpus" -o "$findings" -- dotnet "$out/FinQuery.Fuzz.dll" "$target"
echo "Crashes and hangs (replay one with: dotnet run --project fuzz/FinQuery.Fuzz -- $target FILE):"
ls "$findings"/default/crashes 2>/dev/null || true
ls "$findings"/default/hangs 2>/dev/null || true
