#!/usr/bin/env bash
# Installs what is missing, builds, and runs Samman on SQLite in ./var. On first run it creates an
# administrator and prints the password (also saved to var/admin-password.txt, mode 0600).
# Usage: scripts/run.sh [extra samman serve flags, e.g. --listen 0.0.0.0:8080]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/build.sh
data_dir="${SAMMAN_DATA_DIR:-./var}"
bin=build/samman
if [[ -z "$("$bin" user list --data-dir "$data_dir")" ]]; then
  password="${SAMMAN_ADMIN_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 20)}"
  org=$("$bin" org add --data-dir "$data_dir" --name "Samman administrators" --type ministry)
  "$bin" user add --data-dir "$data_dir" --username admin --password "$password" --org "$org" \
    --role system_admin --display-name "Administrator" >/dev/null
  umask 077
  echo "$password" > "$data_dir/admin-password.txt"
  echo "Created the first administrator: username 'admin', password '$password'"
  echo "(also in $data_dir/admin-password.txt — change it after signing in)"
fi
exec "$bin" serve --data-dir "$data_dir" "$@"
