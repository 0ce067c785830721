#!/usr/bin/env bash
# The README's test command: makes sure redis-server (the Withings.Sdk.Redis tests start their own, on a free loopback
# port), python3 (the folder-graph test runs eng/folder-graph.py on each package) and chromium (the dashboard's
# browser tests drive it) are installed, then runs every test with `dotnet test`, and ends with one line that sums up
# the test projects: "N passed, N failed" (.ci/run ends with it too). Arguments are passed on to `dotnet test`. Exits
# with dotnet test's status, or 1 when no test ran.
set -uo pipefail
cd "$(dirname "$0")/.."

has() { command -v "$1" > /dev/null 2>&1 || [ -x "/usr/bin/$1" ]; }

# The Debian packages of the programs the tests run that are missing here.
missing=()
has redis-server || missing+=(redis-server)
has python3 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "eng/test.sh: ${missing[*]} missing; installing the Debian package(s) ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo > /dev/null 2>&1; then
    sudo="sudo"
  fi
  if command -v apt-get > /dev/null 2>&1; then
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" > /dev/null
  fi
  if ! has redis-server; then
    cat >&2 <<'MSG'
eng/test.sh: redis-server could not be installed, and the Withings.Sdk.Redis tests need it.
Install Redis 6.2 or newer so that `redis-server` is on the PATH, then run `bash eng/test.sh` again:
  Debian/Ubuntu: sudo apt-get install -y redis-server
  Fedora/RHEL:   sudo dnf install -y redis
  macOS:         brew install redis
MSG
    exit 1
  fi
  if ! has python3; then
    cat >&2 <<'MSG'
eng/test.sh: python3 could not be installed, and the folder-graph test (eng/folder-graph.py) needs it.
Install Python 3 so that `python3` is on the PATH, then run `bash eng/test.sh` again:
  Debian/Ubuntu: sudo apt-get install -y python3
  Fedora/RHEL:   sudo dnf install -y python3
  macOS:         brew install python
MSG
    exit 1
  fi
fi

# The dashboard's browser tests (tests/Withings.Sdk.Dashboard.Tests) drive Debian's chromium through Playwright;
# Playwright's own browser download is never used.
if ! command -v chromium > /dev/null 2>&1 && [ ! -x /usr/bin/chromium ] && [ -z "${WITHINGS_CHROMIUM:-}" ]; then
  echo "eng/test.sh: chromium is missing; installing the Debian package chromium"
  sudo=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo > /dev/null 2>&1; then
    sudo="sudo"
  fi
  if command -v apt-get > /dev/null 2>&1; then
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium > /dev/null
  fi
  if ! command -v chromium > /dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
    cat >&2 <<'MSG'
eng/test.sh: chromium could not be installed, and the dashboard's browser tests need it.
Install Chromium so that /usr/bin/chromium exists (or set WITHINGS_CHROMIUM to its path), then run `bash eng/test.sh` again:
  Debian/Ubuntu: sudo apt-get install -y chromium
  Fedora/RHEL:   sudo dnf install -y chromium
MSG
    exit 1
  fi
fi

# The packaged service is not needed (the tests start their own servers): leave it as the package set it up.
log=$(mktemp "${TMPDIR:-/tmp}/withings-sdk-test-log.XXXXXX")
trap 'rm -f "$log"' EXIT
dotnet test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each test project ends with "Passed!  - Failed: F, Passed: P, …" (or "Failed!  - …"): add them up.
passed=0
failed=0
while read -r line; do
  [[ $line =~ Failed:[[:space:]]*([0-9]+) ]] && failed=$((failed + BASH_REMATCH[1]))
  [[ $line =~ Passed:[[:space:]]*([0-9]+) ]] && passed=$((passed + BASH_REMATCH[1]))
done < <(grep -E '^[[:space:]]*(Passed|Failed)!' "$log")

# A run that failed without a summary (a build error, a crashed test host) still counts as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "eng/test.sh: no test ran" >&2
  status=1
fi

echo
echo "${passed} passed, ${failed} failed"
exit "$status"
