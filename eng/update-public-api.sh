#!/usr/bin/env bash
# Adds every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to
# src/FinQuery/PublicAPI.Unshipped.txt. Review the diff: each line is an API change users will see.
set -euo pipefail
cd "$(dirname "$0")/.."
file=src/FinQuery/PublicAPI.Unshipped.txt
[ -s "$file" ] || echo "#nullable enable" > "$file"
dotnet build src/FinQuery/FinQuery.csproj --no-incremental 2>&1 \
  | grep -oE "error RS0016: Symbol '.*' is not part of the declared public API" \
  | sed -E "s/^error RS0016: Symbol '(.*)' is not part of the declared public API$/\1/" \
  | sort -u >> "$file" || true
{ head -n 1 "$file"; tail -n +2 "$file" | sort -u; } > "$file.tmp" && mv "$file.tmp" "$file"
echo "$(($(wc -l < "$file") - 1)) public API lines in $file"
