#!/usr/bin/env bash
# The main job, as far as it goes today: build `monitoring` and decode the real JT/T 808 frames of
# protocols/jt808/jt808-vectors.tsv, one JSON line per message (bad frames answer with their error).
# Usage: bash deploy/demo.sh            (from anywhere; needs the .NET 10 SDK)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source deploy/lib/common.sh

require_dotnet
dotnet build src/Monitoring.Host -c Release --nologo -v quiet -o artifacts/monitoring >/dev/null
tail -n +2 protocols/jt808/jt808-vectors.tsv | cut -f7 | artifacts/monitoring/monitoring jt808 decode || true
