#!/usr/bin/env bash
# Load and fault test of the Withings receiver: a real Kestrel on 127.0.0.1 and an HttpClient driver in one process.
# Bounded: a fixed number of notifications (default 120 000) and a time limit (default 180 s). Needs only the .NET SDK.
#   tests/Withings.Sdk.AspNetCore.LoadTest/run.sh              # throughput, latency and the counting invariant
#   tests/Withings.Sdk.AspNetCore.LoadTest/run.sh --fault      # stops the host under load; every acknowledged one handled
# Options: --count N  --connections N  --max-seconds N  --handler-delay-ms N  --handlers N  --warmup N
#          --baseline (first measures the same server and driver against an endpoint that does nothing)
#          --httpclient (drive with HttpClient instead of the lean raw-socket HTTP/1.1 client)
#          --redis 127.0.0.1:PORT (in one run: the in-memory receiver, then one and two instances sharing that Redis)
set -euo pipefail
cd "$(dirname "$0")/../.."
exec dotnet run -c Release --project tests/Withings.Sdk.AspNetCore.LoadTest -- "$@"
