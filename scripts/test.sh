#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: unit and HTTP tests on SQLite, the same tests on a
# throwaway PostgreSQL 15 (pg_virtualenv), two server processes sharing one PostgreSQL, the UI's unit
# tests, and the browser tests in Chromium against a real server. Ends with one line:
# "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --test || exit 1
scripts/build.sh || exit 1

logs=build/test-logs
rm -rf "$logs" && mkdir -p "$logs"
passed=0
failed=0
count_ctest() {  # adds the counts from a ctest log
  local line total fails
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of' "$1" | tail -1)
  total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
  fails=$(sed -E 's/.* ([0-9]+) tests? failed.*/\1/' <<<"$line")
  [[ -z "$line" ]] && { failed=$((failed + 1)); return; }
  passed=$((passed + total - fails))
  failed=$((failed + fails))
}
count_node() {  # adds the counts from a node --test / vitest log
  local p f
  local plain
  plain=$(sed -E 's/\x1b\[[0-9;]*m//g' "$1")
  p=$(grep -E '^(# pass|ℹ pass) ' <<<"$plain" | tail -1 | grep -oE '[0-9]+$')
  f=$(grep -E '^(# fail|ℹ fail) ' <<<"$plain" | tail -1 | grep -oE '[0-9]+$')
  if [[ -z "$p" ]]; then
    p=$(grep -E '^ *Tests +.*[0-9]+ passed' <<<"$plain" | tail -1 | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
    f=$(grep -E '^ *Tests +.*[0-9]+ failed' <<<"$plain" | tail -1 | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
  fi
  # A runner that ran nothing (e.g. skipped for want of a browser) is a failure, not a pass.
  if [[ -z "$p" || "$p" == 0 ]]; then f=$(( ${f:-0} + 1 )); fi
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
}

echo "== unit and HTTP tests on SQLite"
ctest --test-dir build -L sqlite -j "$(nproc)" --output-on-failure 2>&1 | tee "$logs/sqlite.log" \
  | grep -vE '^ *(Start|[0-9]+/[0-9]+ Test) ' | tail -n 40
count_ctest "$logs/sqlite.log"

echo "== the same tests on PostgreSQL 15"
# pg_virtualenv makes a throwaway cluster and exports PGHOST/PGPORT/PGUSER/PGPASSWORD for the tests.
pg_virtualenv -v 15 -o fsync=off ctest --test-dir build -L pg -j "$(nproc)" --output-on-failure \
  2>&1 | tee "$logs/pg.log" | grep -vE '^ *(Start|[0-9]+/[0-9]+ Test) |^20[0-9-]+ .* UTC \[' \
  | tail -n 40
count_ctest "$logs/pg.log"

echo "== two samman serve processes on one PostgreSQL database"
pg_virtualenv -v 15 -o fsync=off tests/scaleout.sh 2>&1 | tee "$logs/scaleout.log" | grep -E '^scaleout:'
line=$(grep -E '^scaleout: [0-9]+ passed, [0-9]+ failed' "$logs/scaleout.log" | tail -1)
if [[ -z "$line" ]]; then
  failed=$((failed + 1))
else
  passed=$((passed + $(sed -E 's/scaleout: ([0-9]+) passed.*/\1/' <<<"$line")))
  failed=$((failed + $(sed -E 's/.* ([0-9]+) failed/\1/' <<<"$line")))
fi

if [[ -f web/package.json ]]; then
  echo "== UI unit tests"
  (cd web && npx vitest run 2>&1) | tee "$logs/vitest.log" | tail -n 15
  count_node "$logs/vitest.log"

  echo "== browser tests (Chromium) against a real server"
  data=$(mktemp -d)
  port=$((20000 + RANDOM % 12000))  # below the ephemeral range, which clients may hold
  admin_pw="browser test password"
  org=$(build/samman org add --data-dir "$data" --name "Samman administrators" --type ministry)
  build/samman user add --data-dir "$data" --username admin --password "$admin_pw" --org "$org" \
    --role system_admin --display-name "Test Administrator" >/dev/null
  SAMMAN_LOG_LEVEL=warn build/samman serve --data-dir "$data" --listen "127.0.0.1:$port" \
    --static-dir web/dist >"$logs/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  (cd web && SAMMAN_URL="http://127.0.0.1:$port" SAMMAN_ADMIN_USER=admin \
    SAMMAN_ADMIN_PASSWORD="$admin_pw" node --test --test-reporter=spec e2e/ 2>&1) \
    | tee "$logs/e2e.log" | tail -n 40
  count_node "$logs/e2e.log"
  kill -TERM "$server" 2>/dev/null
  wait "$server" 2>/dev/null
  rm -rf "$data"
fi

echo
if ((failed)); then
  # CI shows only the tail of this output: name what failed here, where it will be read.
  echo "== what failed (logs in $logs)"
  for engine in sqlite pg; do
    sed -n '/The following tests FAILED:/,$p' "$logs/$engine.log" | grep -E '^\s+[0-9]+ - ' | head -n 25
    grep -A3 -E ': Failure$' "$logs/$engine.log" | head -n 24
  done
  grep -hE '^scaleout: (FAILED|server)' "$logs/scaleout.log" 2>/dev/null | head -n 20
  sed -E 's/\x1b\[[0-9;]*m//g' "$logs/vitest.log" 2>/dev/null | grep -E '^ *(FAIL|×) ' | head -n 20
  sed -E 's/\x1b\[[0-9;]*m//g' "$logs/e2e.log" 2>/dev/null | grep -E '^ *✖ ' | head -n 20
  echo
fi
echo "tests: $passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
