#!/usr/bin/env bash
# Builds the server (build/samman), the test binary and, when web/ exists, the UI (web/dist).
# Usage: scripts/build.sh [--no-web]
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/samman-ccache}"
if [[ ! -f build/build.ninja ]]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
# Two cores: one compile per core; Beast's one translation unit needs ~700 MB.
ninja -C build -j "$(nproc)"
if [[ "${1:-}" != "--no-web" && -f web/package.json ]]; then
  (cd web && npm run --silent build)
fi
