#!/usr/bin/env bash
# Installs what Samman needs to build, run and test: Debian packages (only those missing) and the UI's npm
# packages (from web/package-lock.json). Idempotent; quick when everything is already there.
# Usage: scripts/bootstrap.sh [--test|--bench]   (--test adds PostgreSQL 15 and Chromium for the tests,
# --bench PostgreSQL 15 and wrk for the benchmarks)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config curl
  libboost1.81-dev nlohmann-json3-dev libsqlite3-dev libpq-dev libsodium-dev libssl-dev
  libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev libexpected-dev libicu-dev
  libgtest-dev libgmock-dev libcpp-httplib-dev
  libpango1.0-dev libcairo2-dev fonts-lohit-deva fonts-dejavu-core libxlsxwriter-dev libzip-dev
  libgoogle-perftools-dev
)
# The machine image ships Node.js 20 with npm 11 (Debian's npm package conflicts with it): use Debian's only
# when there is no node at all.
if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi
case "${1:-}" in
  --test) packages+=(postgresql-15 postgresql-contrib chromium poppler-utils) ;;
  --bench) packages+=(postgresql-15 postgresql-contrib wrk bc) ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ -f web/package-lock.json ]]; then
  stamp=web/node_modules/.samman-lock
  if [[ ! -f "$stamp" ]] || ! cmp -s web/package-lock.json "$stamp"; then
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
    cp web/package-lock.json "$stamp"
  fi
fi
