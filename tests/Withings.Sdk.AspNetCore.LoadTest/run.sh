#!/usr/bin/env bash
# Load and fault test of the Withings receiver: a real Kestrel on 127.0.0.1 and an HttpClient driver in one process.
# Bounded: a fixed number of notifications (default 120 000) and a time limit (default 180 s). Needs only the .NET SDK.
#   tests/Withings.Sdk.AspNetCore.LoadTest/run.sh              # throughput, latency and the counting invariant
#   tests/Withings.Sdk.AspNetCore.LoadTest/run.sh --fault      # kill -9 of the receiver's process under load, restart
#                                                              # on the same store; every acknowledged one handled
#   tests/Withings.Sdk.AspNetCore.LoadTest/run.sh --dashboard  # the dashboard's page size and p95 serve time with
#                                                              # 10 000 notifications in the store (alone, no option)
#   tests/Withings.Sdk.AspNetCore.LoadTest/run.sh --hostile    # legitimate p99 and peak memory alone and alongside
#                                                              # huge windows, forged posts, slow and 64 KiB bodies
# Options: --count N  --connections N  --max-seconds N  --handler-delay-ms N  --handlers N  --warmup N
#          --store memory|durable|durable-full (several with commas; load: all three by default, fault: durable,
#          hostile: memory)  --huge N (hostile: huge windows of each kind)
#          --baseline (first measures the same server and driver against an endpoint that does nothing)
#          --httpclient (drive with HttpClient instead of the lean raw-socket HTTP/1.1 client)
#          --redis 127.0.0.1:PORT (in one run: the in-memory receiver, then one and two instances sharing that Redis)
set -euo pipefail
cd "$(dirname "$0")/../.."
exec dotnet run -c Release --project tests/Withings.Sdk.AspNetCore.LoadTest -- "$@"
