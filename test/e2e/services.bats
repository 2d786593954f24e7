#!/usr/bin/env bats
# Datastore services on the installed system: postgres, redis and mysql containers on the paas-services
# network, linked to an app by URL env vars. The app image is built FROM the postgres service image
# (it has psql and python3): GET /pg runs psql against $DATABASE_URL, GET /redis speaks RESP to $REDIS_URL.
# The service images are made on first create (once per machine, ~1-2 minutes).
load 'helpers/common.bash'

APP=svapp
IMAGE=sv-test/app:1
PG=svpg
RD=svrd
MY=svmy

build_app_image() {
  local dir="$BATS_FILE_TMPDIR/image"
  mkdir -p "$dir"
  cat > "$dir/web.py" <<'PY'
import http.server, os, socket, subprocess, urllib.parse

def redis_ping():
    u = os.environ.get("REDIS_URL")
    if not u:
        return "no REDIS_URL"
    p = urllib.parse.urlparse(u)
    s = socket.create_connection((p.hostname, p.port), 5)
    s.sendall(b"AUTH " + urllib.parse.unquote(p.password).encode() + b"\r\nPING\r\n")
    data = b""
    while data.count(b"\r\n") < 2:
        chunk = s.recv(100)
        if not chunk:
            break
        data += chunk
    return " ".join(l.lstrip("+") for l in data.decode().split("\r\n") if l)

def psql(query):
    u = os.environ.get("DATABASE_URL")
    if not u:
        return "no DATABASE_URL"
    r = subprocess.run(["psql", u, "-tAc", query], capture_output=True, text=True, timeout=10)
    return (r.stdout + r.stderr).strip()

class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        if self.path == "/redis": body = redis_ping()
        elif self.path == "/pg": body = psql("select 1")
        elif self.path == "/pgdata": body = psql("select x from t")
        else: body = "sv ok"
        b = body.encode()
        self.send_response(200); self.send_header("Content-Length", str(len(b))); self.end_headers(); self.wfile.write(b)

http.server.ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "5000"))), H).serve_forever()
PY
  printf 'FROM paas/service-postgres:15\nCOPY web.py /app/web.py\nENTRYPOINT []\nUSER nobody\nCMD ["python3", "-u", "/app/web.py"]\n' > "$dir/Dockerfile"
  docker build -q -t "$IMAGE" "$dir" >/dev/null
}

# Succeeds once the app answers PATH with exactly BODY (nginx reloads and redeploys settle).
body_is() { # APP PATH BODY
  [ "$(http_get "$1" "$2")" = "$3" ]
}

cleanup() {
  destroy_app "$APP"
  paas postgres:destroy "$PG" --force >/dev/null 2>&1 || true
  paas redis:destroy "$RD" --force >/dev/null 2>&1 || true
  paas mysql:destroy "$MY" --force >/dev/null 2>&1 || true
  paas postgres:destroy svpg-bad --force >/dev/null 2>&1 || true
}

setup_file() {
  cleanup
  # Service creation makes the service images the first time; the app image builds on the postgres one.
  paas postgres:create "$PG" >/dev/null
  paas redis:create "$RD" >/dev/null
  build_app_image
  paas apps:create "$APP" >/dev/null
}

teardown_file() {
  cleanup
  docker rmi "$IMAGE" >/dev/null 2>&1 || true
}

@test "create: bad names and duplicates are refused and leave nothing behind" {
  run paas postgres:create Bad_Name
  assert_failure 64
  assert_output --partial 'Service name "Bad_Name" is invalid'
  run paas redis:create "$RD"
  assert_failure
  assert_output --partial "redis service $RD already exists"
  run paas postgres:create svpg-bad --password 'x;y'
  assert_failure 64
  assert_output --partial 'Invalid --password'
  assert [ ! -e /var/lib/paas/services/postgres/svpg-bad ]
  run paas postgres:exists svpg-bad
  assert_failure
}

@test "info, list and exists show the services Dokku-style" {
  run paas postgres:info "$PG"
  assert_success
  assert_output --partial "=====> $PG postgres service information"
  assert_output --partial "Status:"
  assert_output --partial "running"
  run paas postgres:info "$PG" --dsn
  assert_success
  assert_output --regexp "^postgres://postgres:[0-9a-f]{32}@paas-postgres-$PG:5432/$PG\$"
  run paas redis:info "$RD" --dsn
  assert_output --regexp "^redis://:[0-9a-f]{32}@paas-redis-$RD:6379\$"
  run paas redis:info "$RD" --format json
  assert_output --partial '"status":"running"'
  run paas postgres:list
  assert_success
  assert_line --regexp "^$PG +paas/service-postgres:15 +running"
  run paas redis:exists "$RD"
  assert_success
  [ "$(stat -c %a "/var/lib/paas/services/postgres/$PG/PASSWORD")" = 600 ]
}

@test "link: refuses unknown apps and services, changes nothing" {
  run paas postgres:link "$PG" sv-no-such-app
  assert_failure
  assert_output --partial 'App sv-no-such-app does not exist'
  run paas postgres:link sv-no-such-db "$APP"
  assert_failure
  assert_output --partial 'postgres service sv-no-such-db does not exist'
  run paas config:get "$APP" DATABASE_URL
  assert_failure
  run paas postgres:links "$PG"
  assert_output ''
}

@test "linked apps reach postgres and redis by URL through nginx" {
  run paas postgres:link "$PG" "$APP" --no-restart
  assert_success
  run paas redis:link "$RD" "$APP" --no-restart
  assert_success
  [ "$(paas config:get "$APP" DATABASE_URL)" = "$(paas postgres:info "$PG" --dsn)" ]
  [ "$(paas config:get "$APP" REDIS_URL)" = "$(paas redis:info "$RD" --dsn)" ]
  run paas network:report "$APP" --network-attach-post-create
  assert_output --partial paas-services
  run paas postgres:linked "$PG" "$APP"
  assert_success
  run paas postgres:links "$PG"
  assert_output "$APP"
  run paas postgres:link "$PG" "$APP"
  assert_failure
  assert_output --partial 'Already linked'

  run paas git:from-image "$APP" "$IMAGE"
  assert_success
  wait_until 30 body_is "$APP" /redis 'OK PONG'
  run http_get "$APP" /redis
  assert_output 'OK PONG'
  run http_get "$APP" /pg
  assert_output '1'
}

@test "data survives a service restart" {
  echo "CREATE TABLE t (x int); INSERT INTO t VALUES (42);" | paas postgres:connect "$PG"
  docker exec "paas.redis.$RD" redis-cli SET sv-key kept
  run paas postgres:restart "$PG"
  assert_success
  run paas redis:restart "$RD"
  assert_success
  run http_get "$APP" /pgdata
  assert_output '42'
  run docker exec "paas.redis.$RD" redis-cli GET sv-key
  assert_output 'kept'
  run http_get "$APP" /redis
  assert_output 'OK PONG'
}

@test "export writes a dump to stdout and import restores it" {
  paas postgres:export "$PG" > "$BATS_TEST_TMPDIR/pg.sql"
  run grep -c 'CREATE TABLE public.t' "$BATS_TEST_TMPDIR/pg.sql"
  assert_output 1
  echo "DROP TABLE t;" | paas postgres:connect "$PG"
  run http_get "$APP" /pgdata
  assert_output --partial 'does not exist'
  run paas postgres:import "$PG" < "$BATS_TEST_TMPDIR/pg.sql"
  assert_success
  assert_output ''
  run http_get "$APP" /pgdata
  assert_output '42'

  paas redis:export "$RD" > "$BATS_TEST_TMPDIR/dump.rdb"
  [ "$(head -c 5 "$BATS_TEST_TMPDIR/dump.rdb")" = REDIS ]
  docker exec "paas.redis.$RD" redis-cli FLUSHALL
  run paas redis:import "$RD" < "$BATS_TEST_TMPDIR/dump.rdb"
  assert_success
  run docker exec "paas.redis.$RD" redis-cli GET sv-key
  assert_output 'kept'
}

@test "destroy is refused while linked; unlink removes the env var and restarts the app" {
  run paas redis:destroy "$RD" --force
  assert_failure
  assert_output --partial "Cannot delete linked service $RD"
  run paas redis:exists "$RD"
  assert_success

  run paas redis:unlink "$RD" "$APP"
  assert_success
  run paas config:get "$APP" REDIS_URL
  assert_failure
  run paas redis:links "$RD"
  assert_output ''
  wait_until 30 body_is "$APP" /redis 'no REDIS_URL'
  run http_get "$APP" /redis
  assert_output 'no REDIS_URL'
  # postgres is still linked, so the app stays on the services network.
  run paas network:report "$APP" --network-attach-post-create
  assert_output --partial paas-services
  run http_get "$APP" /pg
  assert_output '1'

  run paas redis:destroy "$RD" --force
  assert_success
  run paas redis:exists "$RD"
  assert_failure
  assert [ ! -e "/var/lib/paas/services/redis/$RD" ]
  run docker ps -aq --filter "name=^paas\\.redis\\.$RD\$"
  assert_output ''
}

@test "mysql: create, link under DOKKU_MYSQL_AQUA_URL or an alias when DATABASE_URL is taken, client works" {
  run paas mysql:create "$MY"
  assert_success
  run paas mysql:info "$MY" --dsn
  assert_output --regexp "^mysql://mysql:[0-9a-f]{32}@paas-mysql-$MY:3306/$MY\$"
  # DATABASE_URL is taken (postgres): as Dokku's service plugins, the link uses DOKKU_MYSQL_<COLOR>_URL
  run paas mysql:link "$MY" "$APP" --no-restart
  assert_success
  [ "$(paas config:get "$APP" DOKKU_MYSQL_AQUA_URL)" = "$(paas mysql:info "$MY" --dsn)" ]
  run paas mysql:unlink "$MY" "$APP" --no-restart
  assert_success
  run paas config:get "$APP" DOKKU_MYSQL_AQUA_URL
  assert_failure
  run paas mysql:links "$MY"
  assert_output ''
  run paas mysql:link "$MY" "$APP" --alias MYSQL --no-restart
  assert_success
  [ "$(paas config:get "$APP" MYSQL_URL)" = "$(paas mysql:info "$MY" --dsn)" ]
  pass=$(paas mysql:info "$MY" --dsn | sed -E 's|^mysql://mysql:([^@]*)@.*|\1|')
  run docker exec "paas.mysql.$MY" mariadb -h 127.0.0.1 -umysql "-p$pass" "$MY" -N -e 'select 6*7'
  assert_output '42'
  run paas mysql:unlink "$MY" "$APP" --no-restart
  assert_success
  run paas config:get "$APP" MYSQL_URL
  assert_failure
  run paas config:get "$APP" DATABASE_URL
  assert_success
}
