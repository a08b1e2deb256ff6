#!/usr/bin/env bash
# Starts the platform the production way and checks it answers, then stops everything.
#
#   CVV_ENV=production, a fresh PostgreSQL database, Redis (cache, sessions, task queue),
#   `cvv migrate`, `cvv collectstatic`, `cvv check --deploy`, gunicorn and a huey worker;
#   then fetches the login page, a public page, a static file and the API over HTTP as a
#   reverse proxy would (Host + X-Forwarded-Proto: https), and round-trips a task through
#   the worker (`cvv healthcheck --worker`).
#
# Run from a checkout where `make install` has been run. Needs PostgreSQL and Redis:
#   PG_URL     server to create the throw-away database on (default postgres://postgres@127.0.0.1:5432)
#   REDIS_URL  Redis database to use (default redis://127.0.0.1:6379/15)
#   PORT       port for gunicorn on 127.0.0.1 (default 8791)
# Bounded: every wait has a time limit; the whole run takes about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
PORT="${PORT:-8791}"
HOST=cvv.example.test
DB_NAME="cvv_prodstart_$$"

work=$(mktemp -d)
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  "$BIN/python" - "$PG_URL" "$DB_NAME" <<'PY' || true
import sys, psycopg
with psycopg.connect(sys.argv[1] + "/postgres", autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{sys.argv[2]}" WITH (FORCE)')
PY
  if [ "$status" -ne 0 ]; then
    echo "---- gunicorn log ----"; tail -n 40 "$work/gunicorn.log" 2>/dev/null || true
    echo "---- worker log ----"; tail -n 40 "$work/worker.log" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT INT TERM

"$BIN/python" - "$PG_URL" "$DB_NAME" <<'PY'
import sys, psycopg
with psycopg.connect(sys.argv[1] + "/postgres", autocommit=True) as conn:
    conn.execute(f'CREATE DATABASE "{sys.argv[2]}"')
PY

export CVV_ENV=production
export SECRET_KEY="ci-$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export ALLOWED_HOSTS="$HOST"
export CSRF_TRUSTED_ORIGINS="https://$HOST"
export SITE_URL="https://$HOST"
export DATABASE_URL="$PG_URL/$DB_NAME"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/15}"
export CVV_VAR_DIR="$work/var"
export STATIC_ROOT="$work/static"
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
export LOG_LEVEL=WARNING

echo "-- migrate, reference data, collectstatic, deploy checks"
"$BIN/cvv" migrate --noinput -v0
"$BIN/cvv" territories load
"$BIN/cvv" collectstatic --noinput -v0
"$BIN/cvv" check --deploy --fail-level WARNING

echo "-- gunicorn on 127.0.0.1:$PORT and the huey worker"
"$BIN/gunicorn" cvv.wsgi --bind "127.0.0.1:$PORT" --workers 2 --timeout 30 \
  --access-logfile - >"$work/gunicorn.log" 2>&1 &
pids+=($!)
"$BIN/cvv" run_huey --workers 1 >"$work/worker.log" 2>&1 &
pids+=($!)

base="http://127.0.0.1:$PORT"
proxy=(-H "Host: $HOST" -H "X-Forwarded-Proto: https")
for _ in $(seq 60); do
  curl -fs -o /dev/null "${proxy[@]}" "$base/" && break
  sleep 1
done

fetch() {  # fetch PATH EXPECTED_STATUS -> body in $work/body, headers in $work/headers
  local code
  code=$(curl -s --max-time 20 "${proxy[@]}" -D "$work/headers" -o "$work/body" -w '%{http_code}' "$base$1")
  if [ "$code" != "$2" ]; then
    echo "GET $1: HTTP $code, expected $2" >&2; head -c 2000 "$work/body" >&2; return 1
  fi
  echo "GET $1: HTTP $code"
}

fetch /compte/connexion/ 200
grep -q 'name="password"' "$work/body"
grep -qi '^strict-transport-security:' "$work/headers"
static=$(grep -o '/static/vendor/htmx/htmx\.min\.[0-9a-f]\{12\}\.js' "$work/body" | head -n 1)
test -n "$static" || { echo "login page does not use hashed static names" >&2; exit 1; }

fetch "$static" 200
grep -qi '^cache-control:.*immutable' "$work/headers"

fetch / 200
fetch /sources/ 200

fetch /api/v1/territories/communes 200
count=$("$BIN/python" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$work/body")
test "$count" = 130 || { echo "API lists $count communes, expected 130" >&2; exit 1; }
echo "API lists $count communes"

# Behind the proxy only: plain HTTP is redirected to HTTPS, unknown hosts are refused.
code=$(curl -s --max-time 20 -o /dev/null -w '%{http_code}' -H "Host: $HOST" "$base/")
test "$code" = 301 || { echo "plain HTTP gave $code, expected a 301 to HTTPS" >&2; exit 1; }
code=$(curl -s --max-time 20 -o /dev/null -w '%{http_code}' -H "Host: evil.test" -H "X-Forwarded-Proto: https" "$base/")
test "$code" = 400 || { echo "unknown host gave $code, expected 400" >&2; exit 1; }

echo "-- a task round-trips through the worker"
"$BIN/cvv" healthcheck --worker --timeout 30

echo "Production start: OK"
