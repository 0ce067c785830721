#!/usr/bin/env bash
# The README's test command: makes sure redis-server is installed (the Withings.Sdk.Redis tests start their own, on
# a free loopback port), then runs every test with `dotnet test`. Arguments are passed on to `dotnet test`.
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server > /dev/null 2>&1 && [ ! -x /usr/bin/redis-server ]; then
  echo "eng/test.sh: redis-server is missing; installing the Debian package redis-server"
  sudo=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo > /dev/null 2>&1; then
    sudo="sudo"
  fi
  if command -v apt-get > /dev/null 2>&1; then
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server > /dev/null
  fi
  if ! command -v redis-server > /dev/null 2>&1 && [ ! -x /usr/bin/redis-server ]; then
    cat >&2 <<'MSG'
eng/test.sh: redis-server could not be installed, and the Withings.Sdk.Redis tests need it.
Install Redis 6.2 or newer so that `redis-server` is on the PATH, then run `bash eng/test.sh` again:
  Debian/Ubuntu: sudo apt-get install -y redis-server
  Fedora/RHEL:   sudo dnf install -y redis
  macOS:         brew install redis
MSG
    exit 1
  fi
fi

# The packaged service is not needed (the tests start their own servers): leave it as the package set it up.
exec dotnet test "$@"
