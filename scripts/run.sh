#!/usr/bin/env bash
# Installs what is missing, builds, and runs Samman on SQLite in ./var. On first run it fills the
# database with demo data and prints the demo users (password samman-demo-2083).
# Usage: scripts/run.sh [extra samman serve flags, e.g. --listen 0.0.0.0:8080]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/build.sh
data_dir="${SAMMAN_DATA_DIR:-./var}"
bin=build/samman
if [[ -z "$("$bin" user list --data-dir "$data_dir")" ]]; then
  # A fresh data directory gets the demo data: organisations, a user per role, survivors' cases.
  "$bin" demo --data-dir "$data_dir" --cases "${SAMMAN_DEMO_CASES:-2000}"
fi
exec "$bin" serve --data-dir "$data_dir" "$@"
