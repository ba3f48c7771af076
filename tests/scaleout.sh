#!/usr/bin/env bash
# Two `samman serve` processes sharing one PostgreSQL database, as in a scale-out deployment. Run under
# pg_virtualenv (scripts/test.sh does). Checks what a user of either server sees: a session from one works
# on the other, racing edits through both lose nothing, a directory edit through one is found by the
# other's search, the shared schedule exists once, the audit chain verifies afterwards. Ends with "scaleout: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bin=build/samman
createdb samman_scaleout
db="postgresql:dbname=samman_scaleout"
data=$(mktemp -d)
passed=0
failed=0
check() {  # check "what" COMMAND...
  local what=$1
  shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "scaleout: FAILED: $what"; fi
}

org=$($bin org add --data-dir "$data" --database "$db" --name "Scale-out NGO" --type ngo)
$bin user add --data-dir "$data" --database "$db" --username worker --password "scale out password" \
  --org "$org" --role case_worker >/dev/null
$bin user add --data-dir "$data" --database "$db" --username editor --password "scale out password" \
  --org "$org" --role directory_editor >/dev/null
# Below Linux's ephemeral range (32768 and up), where a client's outgoing connection may already hold
# the port and the server could not listen.
ports=($((20000 + RANDOM % 6000)) $((26000 + RANDOM % 6000)))
pids=()
for port in "${ports[@]}"; do
  SAMMAN_LOG_LEVEL=warn $bin serve --data-dir "$data" --database "$db" --listen "127.0.0.1:$port" \
    >"$data/server-$port.log" 2>&1 &
  pids+=($!)
done
for port in "${ports[@]}"; do
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  check "the server on port $port answers /healthz" curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"
done
a="http://127.0.0.1:${ports[0]}"
b="http://127.0.0.1:${ports[1]}"

login=$(curl -s -i -X POST "$a/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"worker","password":"scale out password"}')
cookie=$(grep -i '^set-cookie:' <<<"$login" | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]+);.*/\1/')
csrf=$(grep -o '"csrf_token":"[^"]*"' <<<"$login" | cut -d'"' -f4)
check "signing in on server A gives a session cookie and a CSRF token" test -n "$cookie" -a -n "$csrf"
check "a session made on server A works on server B" \
  test "$(curl -s -o /dev/null -w '%{http_code}' "$b/api/v1/me" -H "Cookie: $cookie")" = 200

for i in $(seq 1 8); do
  id=$(curl -s -X POST "$a/api/v1/cases" -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
    -H 'Content-Type: application/json' \
    -d "{\"person\":{\"given_name\":\"Person $i\",\"sex\":\"female\"},\"case\":{\"identification_source\":\"hotline\"}}" |
    grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
  racers=()
  for side in a b; do
    url=$a
    [[ $side == b ]] && url=$b
    curl -s -o /dev/null -w '%{http_code}' -X PATCH "$url/api/v1/cases/$id" -H "Cookie: $cookie" \
      -H "X-CSRF-Token: $csrf" -H 'If-Match: 1' -H 'Content-Type: application/json' \
      -d "{\"person\":{\"tole\":\"$side\"}}" >"$data/race-$i-$side" &
    racers+=($!)
  done
  wait "${racers[@]}"
  codes=$(sort "$data/race-$i-a" "$data/race-$i-b" | tr '\n' ' ')
  check "case $i: one racing edit wins (200) and the other is told (409), got $codes" \
    test "$codes" = "200 409 "
  version_b=$(curl -s "$b/api/v1/cases/$id" -H "Cookie: $cookie" | grep -o '"version":[0-9]*' | head -1)
  check "case $i: both servers see version 2" test "$version_b" = '"version":2'
done

# Each server keeps the directory's services in memory: an edit through A shows in B's next search.
login=$(curl -s -i -X POST "$a/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"editor","password":"scale out password"}')
editor=(-H "Cookie: $(grep -i '^set-cookie:' <<<"$login" | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]+);.*/\1/')"
  -H "X-CSRF-Token: $(grep -o '"csrf_token":"[^"]*"' <<<"$login" | cut -d'"' -f4)"
  -H 'Content-Type: application/json')
provider=$(curl -s -X POST "$a/api/v1/directory/organizations" "${editor[@]}" \
  -d '{"name":"Scale-out Legal Desk","sector":"ngo","district":"511"}' |
  grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
service=$(curl -s -X POST "$a/api/v1/directory/services" "${editor[@]}" \
  -d "{\"organization_id\":\"$provider\",\"name\":\"Scale-out legal aid\",\"taxonomy\":[\"legal_aid\"],\"service_areas\":[\"511\"]}" |
  grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
found() { curl -s "$1/api/v1/directory/search?q=$2" | grep -o '"total":[0-9]*'; }
check "a service listed through server A is found through server B" test "$(found "$b" scale-out)" = '"total":1'
renamed=$(curl -s -o /dev/null -w '%{http_code}' -X PATCH "$a/api/v1/directory/services/$service" \
  "${editor[@]}" -H 'If-Match: 1' -d '{"name":"Scale-out legal counselling"}')
check "the service is renamed through server A (200), got $renamed" test "$renamed" = 200
check "server B's next search finds it by its new name" test "$(found "$b" counselling)" = '"total":1'

schedules=$(psql -Atc "SELECT COUNT(*) FROM jobs WHERE unique_key = 'schedule:sessions.purge'" samman_scaleout)
check "the session clean-up schedule exists once though both servers set it up" test "$schedules" = 1

kill -TERM "${pids[@]}"
wait "${pids[@]}" 2>/dev/null
check "the audit chain verifies after both servers wrote to it" \
  $bin audit verify --data-dir "$data" --database "$db"
if ((failed)); then  # what the servers said, where CI's tail shows it
  for port in "${ports[@]}"; do tail -n 5 "$data/server-$port.log" | sed "s/^/scaleout: server $port: /"; done
fi
rm -rf "$data"
echo "scaleout: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
