#!/usr/bin/env bash
# make bench: generates demo data with `samman demo`, serves it, and loads the server over loopback with
# wrk — /healthz as the baseline, sign-in, case read, case search by name, case create, directory search
# and a national statistics breakdown (district x sex x exploitation type) — at 1, 16 and 64
# connections, on SQLite and on PostgreSQL 15 (pg_virtualenv). Writes docs/benchmarks.md.
# BENCH_CASES=1000000 for the full mode (default 100000); BENCH_SECONDS per run (default 5);
# BENCH_ENGINES="sqlite" to skip PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --bench
scripts/build.sh --no-web
cases="${BENCH_CASES:-100000}"
seconds="${BENCH_SECONDS:-5}"
out=docs/benchmarks.md
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results="$work/results.md"
: >"$results"

# Lua for wrk: requests with the session cookie (and CSRF header for POSTs).
cat >"$work/get.lua" <<'LUA'
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
LUA
cat >"$work/analyst.lua" <<'LUA'
wrk.headers["Cookie"] = os.getenv("BENCH_ANALYST_COOKIE")
LUA
cat >"$work/login.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"username":"caseworker","password":"samman-demo-2083"}'
LUA
cat >"$work/create.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("BENCH_CSRF")
wrk.body = '{"person":{"given_name":"Bench","family_name":"Tamang","sex":"female","district":"306"},' ..
           '"case":{"identification_source":"hotline"},' ..
           '"victim_profile":{"exploitation_types":["forced_labour"],"exploitation_country":"MY"}}'
LUA

# settle BASE: waits until the server has finished every request, those of clients that gave up
# included, so one run's backlog does not slow the next.
settle() {
  local n
  for _ in $(seq 1 600); do
    n=$(curl -s "$1/metrics" | awk '/^samman_http_requests_in_flight/ {print $2}')
    [[ "${n:-0}" -le 1 ]] && return 0
    sleep 0.5
  done
}

# run_engine NAME DATABASE_URL: generates, serves and measures one engine.
run_engine() {
  local name=$1 url=$2 data="$work/$1" port=$((21000 + RANDOM % 9000))
  mkdir -p "$data"
  local start=$(date +%s.%N)
  build/samman demo --data-dir "$data" --database "$url" --cases "$cases" >/dev/null
  local gen=$(echo "$(date +%s.%N) - $start" | bc)
  SAMMAN_LOG_LEVEL=warn build/samman serve --data-dir "$data" --database "$url" \
    --listen "127.0.0.1:$port" >"$work/$name-server.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  local base="http://127.0.0.1:$port"
  local login
  login=$(curl -s -i -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"username":"caseworker","password":"samman-demo-2083"}')
  export BENCH_COOKIE=$(grep -i '^set-cookie:' <<<"$login" | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]+);.*/\1/')
  export BENCH_CSRF=$(grep -o '"csrf_token":"[^"]*"' <<<"$login" | cut -d'"' -f4)
  export BENCH_ANALYST_COOKIE=$(curl -s -i -X POST "$base/api/v1/auth/login" \
    -H 'Content-Type: application/json' -d '{"username":"analyst","password":"samman-demo-2083"}' |
    grep -i '^set-cookie:' | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]+);.*/\1/')
  local case_id
  case_id=$(curl -s "$base/api/v1/cases?limit=1" -H "Cookie: $BENCH_COOKIE" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
  declare -A paths=(
    [healthz]="/healthz|"
    [login]="/api/v1/auth/login|$work/login.lua"
    [case_read]="/api/v1/cases/$case_id|$work/get.lua"
    [case_search]="/api/v1/cases?q=Sita%20Tamang&limit=20|$work/get.lua"
    [case_create]="/api/v1/cases|$work/create.lua"
    [directory_search]="/api/v1/directory/search?taxonomy=legal_aid&district=511|"
    [stats_breakdown]="/api/v1/stats/query?indicator=survivors_identified&fy=2081%2F82&by=district,sex,exploitation_type|$work/analyst.lua"
  )
  # A national breakdown worked out afresh, for three fiscal years (each asked once, so none is
  # answered from memory); the median goes to the report.
  local fresh=() fy
  for fy in 2081%2F82 2080%2F81 2079%2F80; do
    fresh+=("$(curl -s -o /dev/null -w '%{time_total}' -H "Cookie: $BENCH_ANALYST_COOKIE" \
      "$base/api/v1/stats/query?indicator=survivors_identified&fy=$fy&by=district,sex,exploitation_type")")
  done
  local computed
  computed=$(printf '%s\n' "${fresh[@]}" | sort -n | sed -n 2p)
  local baseline=""
  {
    echo "### $name"
    echo
    echo "\`samman demo --cases $cases\` took ${gen%.*} s. A national breakdown by district, sex and"
    echo "exploitation type for one fiscal year, worked out afresh, took $computed s (median of three"
    echo "fiscal years); \`stats_breakdown\` below asks one such question again and again, answered from"
    echo "memory after the first (\`stats_cache_seconds\`), each answer still audited."
    echo
    echo "| endpoint | connections | requests/s | p50 ms | p99 ms | vs /healthz |"
    echo "|---|---|---|---|---|---|"
  } >>"$results"
  for ep in healthz case_read case_search case_create directory_search stats_breakdown login; do
    IFS='|' read -r path script <<<"${paths[$ep]}"
    for conns in 1 16 64; do
      local threads=$((conns < 2 ? 1 : 2))
      local args=(-t "$threads" -c "$conns" -d "${seconds}s" --timeout 30s --latency)
      [[ -n "$script" ]] && args+=(-s "$script")
      local report
      report=$(wrk "${args[@]}" "$base$path" 2>&1)
      settle "$base"
      local rps p50 p99 errors
      rps=$(awk '/Requests\/sec/ {print $2}' <<<"$report")
      p50=$(awk '$1=="50%" {print $2}' <<<"$report")
      p99=$(awk '$1=="99%" {print $2}' <<<"$report")
      errors=$(grep -E 'Non-2xx|Socket errors' <<<"$report" | tr '\n' ' ' || true)
      [[ "$ep" == healthz && "$conns" == 64 ]] && baseline=$rps
      local ratio="—"
      [[ -n "$baseline" && "$ep" != healthz ]] && ratio=$(echo "scale=3; $rps / $baseline" | bc)
      echo "| $ep | $conns | ${rps:-?} | ${p50:-?} | ${p99:-?} | $ratio ${errors:+($errors)}|" >>"$results"
    done
  done
  local rss
  rss=$(awk '/VmHWM/ {print $2 / 1024 " MB"}' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true
  local size
  if [[ "$url" == sqlite:* ]]; then
    size=$(du -sh "$data" | cut -f1)
  else
    size=$(psql -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))" "${url#postgresql:}")
  fi
  {
    echo
    echo "Peak server RSS: $rss. Database size: $size."
    echo
  } >>"$results"
}

engines="${BENCH_ENGINES:-sqlite postgresql}"
if [[ " $engines " == *" sqlite "* ]]; then run_engine sqlite "sqlite:$work/sqlite/samman.db"; fi
if [[ " $engines " == *" postgresql "* ]]; then
  pg_virtualenv -v 15 -o fsync=on bash -c "
    set -euo pipefail
    createdb samman_bench
    $(declare -f settle run_engine)
    work='$work' results='$results' cases='$cases' seconds='$seconds'
    run_engine postgresql 'postgresql:dbname=samman_bench'
  " >/dev/null 2>&1 || echo "PostgreSQL run failed" >>"$results"
fi

{
  echo "# Benchmarks"
  echo
  echo "Regenerated by \`BENCH_CASES=$cases make bench\` (\`bench/run.sh\`) on $(date -u +%Y-%m-%d), $(nproc) cores,"
  echo "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr); wrk on the same machine over loopback,"
  echo "${seconds}-second runs. Ratios compare each endpoint with \`/healthz\` at 64 connections in the same run"
  echo "(a request that touches the database once), so they travel between machines better than the absolute numbers."
  echo
  echo "Sign-in is slow on purpose: Argon2id costs ~70 ms and 64 MiB per attempt, the defence against password"
  echo "guessing. Case read, search and create each write an audit record in the same transaction."
  echo
  cat "$results"
  if [[ -f docs/benchmarks-notes.md ]]; then cat docs/benchmarks-notes.md; fi
} >"$out"
echo "wrote $out"
