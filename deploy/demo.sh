#!/usr/bin/env bash
# The main job: a private PostgreSQL (installed where missing), the service with its embedded MQTT broker, and a
# simulated fleet of Huaihua's 两客一危 vehicles on an accelerated clock; episodes print as they open and close.
# Usage: bash deploy/demo.sh [monitoring demo options, e.g. --vehicles 500 --speedup 120]   (Ctrl+C stops)
# Needs the .NET 10 SDK; installs postgresql-15, postgresql-15-postgis-3 and mosquitto with apt where missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source deploy/lib/common.sh

require_dotnet
install_packages postgresql-15 postgresql-15-postgis-3 mosquitto
dotnet build src/Monitoring.Host -c Release --nologo -v quiet -o artifacts/monitoring >/dev/null
exec artifacts/monitoring/monitoring demo --data .data "$@"
