#!/usr/bin/env bash
# Benchmarks smoke test, not a measurement: every benchmark runs once in-process (BenchmarkDotNet's dry job, a few
# seconds), then --counts checks that batch planning of the seeded 10 000-notification stream still sends at least
# 3x fewer Withings requests than planning one by one. Timed runs are for people: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
artifacts=$(mktemp -d)
trap 'rm -rf "$artifacts"' EXIT

project=tests/Withings.Sdk.Benchmarks
dotnet run -c Release --no-build --project "$project" -- --filter '*' --job dry --inProcess --artifacts "$artifacts" > "$artifacts/dry.log" 2>&1 \
  || { tail -n 60 "$artifacts/dry.log"; exit 1; }
grep -E '^\| (NotificationParser.Parse|Plan |batch)' "$artifacts/dry.log" | head -n 20
dotnet run -c Release --no-build --project "$project" -- --counts
