#!/usr/bin/env bash
# Runs every test of the project. Installs the Debian packages the tests need when they are missing:
# a real Prometheus (prometheus, promtool), headless Chromium with its driver, Python with the notebook
# and scoring libraries, and wrk for the load benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
# Debian's prometheus package ships promtool too (rule unit tests, backfills)
{ command -v prometheus && command -v promtool; } >/dev/null 2>&1 || need+=(prometheus)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v jupyter-nbconvert >/dev/null 2>&1 || need+=(jupyter-nbconvert)
if ! /usr/bin/python3 -c 'import numpy, pandas, sklearn, statsmodels, matplotlib, nbclient, ipykernel' >/dev/null 2>&1; then
  need+=(python3-numpy python3-pandas python3-sklearn python3-statsmodels python3-matplotlib python3-nbclient python3-ipykernel)
fi
if ((${#need[@]})); then
  echo "installing test prerequisites: ${need[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${need[@]}"
fi

exec mvn -B -ntp verify "$@"
