#!/usr/bin/env bash
# Native AOT check (not run by CI: it needs a C toolchain and takes a minute or two).
# Publishes eng/aot-check, a small app over the FinQuery library, as a native executable with every trim and
# AOT analysis warning treated as an error, then runs it: it exits 0 only when every query gives the expected
# answer. Needs clang, or gcc (pass CC=gcc). The library itself is built with IsAotCompatible, so its own
# code is checked on every build; this also checks what it depends on (Sprache) as it is published.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
linker=()
if [ "${CC:-}" = gcc ] || ! command -v clang >/dev/null; then linker=(-p:CppCompilerAndLinker=gcc); fi
rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)
dotnet publish eng/aot-check -c Release -r "$rid" -o "$out" -p:TreatWarningsAsErrors=true -warnaserror "${linker[@]}"
ls -l "$out/AotCheck"
"$out/AotCheck"
