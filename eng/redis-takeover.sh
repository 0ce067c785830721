#!/usr/bin/env bash
# Times how long a notification held by a killed instance waits before another instance handles it, with the default
# Redis options: two `serve --redis` on one local redis-server, the holder (--handler-delay 600000) killed with SIGKILL.
# Usage: eng/redis-takeover.sh [RUNS]   (from the repository root; needs redis-server, redis-cli, curl, bc)
# Environment: REDIS_PORT (6398), HOLDER_PORT (5391), SURVIVOR_PORT (5392), SAMPLE (the built sample's dll).
set -euo pipefail
RUNS=${1:-3}
REDIS_PORT=${REDIS_PORT:-6398}; HOLDER_PORT=${HOLDER_PORT:-5391}; SURVIVOR_PORT=${SURVIVOR_PORT:-5392}
SAMPLE=${SAMPLE:-samples/Withings.Sdk.Sample/bin/Release/net10.0/Withings.Sdk.Sample.dll}
[ -f "$SAMPLE" ] || dotnet build samples/Withings.Sdk.Sample -c Release >/dev/null
WORK=$(mktemp -d); R="redis-cli -p $REDIS_PORT"
trap 'kill $(jobs -p) 2>/dev/null || true; $R shutdown nosave >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" --daemonize yes >/dev/null
until $R ping >/dev/null 2>&1; do sleep 0.1; done
for run in $(seq "$RUNS"); do
  $R flushall >/dev/null
  dotnet "$SAMPLE" serve --urls "http://127.0.0.1:$HOLDER_PORT" --secret S --redis "127.0.0.1:$REDIS_PORT" --handler-delay 600000 >"$WORK/holder.out" 2>"$WORK/holder.err" &
  HOLDER=$!
  until grep -q "Withings notifications at" "$WORK/holder.err"; do sleep 0.2; done
  curl -sf -o /dev/null -H 'Content-Type: application/x-www-form-urlencoded' \
    --data 'userid=4242&appli=1&startdate=1530576000&enddate=1530579600' "http://127.0.0.1:$HOLDER_PORT/withings/notify?secret=S"
  until [ "$($R xpending '{withings}:queue' receivers | head -1)" = "1" ]; do sleep 0.1; done
  dotnet "$SAMPLE" serve --urls "http://127.0.0.1:$SURVIVOR_PORT" --secret S --redis "127.0.0.1:$REDIS_PORT" >"$WORK/survivor.out" 2>"$WORK/survivor.err" &
  SURVIVOR=$!
  until [ "$($R hlen '{withings}:consumers')" = "2" ]; do sleep 0.1; done
  kill -9 "$HOLDER"; wait "$HOLDER" 2>/dev/null || true; KILLED=$(date +%s.%N)
  until grep -q '"handled":true' "$WORK/survivor.out"; do sleep 0.05; done
  echo "run $run: handled by the survivor $(echo "$(date +%s.%N) - $KILLED" | bc) s after the SIGKILL"
  kill "$SURVIVOR"; wait "$SURVIVOR" 2>/dev/null || true
done
