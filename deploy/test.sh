#!/usr/bin/env bash
# Installs what the tests need, builds, runs every test, and prints "N passed, N failed".
# Usage: bash deploy/test.sh            (from anywhere; needs the .NET 10 SDK)
# Exit code: non-zero if any test failed, none ran, or the build failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source deploy/lib/common.sh

require_dotnet
# Debian packages the test suite needs: PostgreSQL 15 with PostGIS for the storage tests (the fixture starts
# its own throwaway server from these binaries); Chromium and a Chinese font for the console's browser tests
# (Playwright drives /usr/bin/chromium and never downloads a browser of its own).
install_packages postgresql-15 postgresql-15-postgis-3 mosquitto chromium fonts-wqy-microhei

results="$(pwd)/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet restore Monitoring.sln --nologo
dotnet build Monitoring.sln -c Release --no-restore --nologo
status=0
dotnet test Monitoring.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" || status=$?

read -r passed failed skipped <<<"$(count_trx_results "$results")"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
