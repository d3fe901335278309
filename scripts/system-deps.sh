#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, when they are missing. Idempotent.
set -euo pipefail
# chromium: browser tests; wrk: benchmarks/serve_load.py; gcc, python3-dev: the compiled engine (make fast)
packages=(fonts-noto-cjk fonts-wqy-zenhei postgresql chromium wrk gcc python3-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
