# Shared by deploy/*.sh: installing what is missing, and reading test results.

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK is needed: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
    exit 2
  fi
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

# install_packages PKG...: apt-get install the Debian packages that are not installed yet.
install_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# count_trx_results DIR: prints "PASSED FAILED SKIPPED" summed over the .trx files under DIR (skipped = not executed).
count_trx_results() {
  local passed=0 failed=0 skipped=0 file counters
  while IFS= read -r -d '' file; do
    counters=$(grep -o '<Counters [^>]*' "$file" | head -n1 || true)
    passed=$((passed + $(counter "$counters" passed)))
    failed=$((failed + $(counter "$counters" failed) + $(counter "$counters" error) + $(counter "$counters" timeout) + $(counter "$counters" aborted)))
    skipped=$((skipped + $(counter "$counters" total) - $(counter "$counters" executed)))
  done < <(find "$1" -name '*.trx' -print0)
  echo "$passed $failed $skipped"
}

# counter COUNTERS NAME: the value of NAME="…" in a trx <Counters …> element, 0 when absent.
counter() {
  local value
  value=$(printf '%s' "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]*' | head -n1 || true)
  echo "${value:-0}"
}
