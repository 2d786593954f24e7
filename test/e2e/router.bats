#!/usr/bin/env bats
# The router at the app's own speed: nginx keeps its connections to a deployed app open between requests
# (upstream keepalive, no "Connection: close"), and WebSockets still pass through. The app is a node
# server (fixtures/router/server.mjs) deployed from a local image with git:from-image.

load 'helpers/common'

APP=rt-ws
IMAGE=rt-ws-img:1
FIXTURES="$BATS_TEST_DIRNAME/fixtures/router"

setup_file() {
  destroy_app "$APP"
  local dir="$BATS_FILE_TMPDIR/app"
  mkdir -p "$dir"
  cp "$FIXTURES/server.mjs" "$dir/"
  printf 'FROM paas/node:20\nWORKDIR /app\nCOPY server.mjs .\nCMD ["node", "server.mjs"]\n' >"$dir/Dockerfile"
  docker build -q -t "$IMAGE" "$dir" >/dev/null
  paas apps:create "$APP" >/dev/null
  paas git:from-image "$APP" "$IMAGE" >"$BATS_FILE_TMPDIR/deploy.log" 2>&1 || {
    cat "$BATS_FILE_TMPDIR/deploy.log" >&3
    return 1
  }
}

teardown_file() {
  destroy_app "$APP"
  docker rmi -f "$IMAGE" >/dev/null 2>&1 || true
}

web_ip() {
  local id
  id=$(docker ps -q --filter "label=paas.app=$APP" --filter label=paas.process=web | head -1)
  docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' "$id" | awk '{print $1}'
}

# TCP connections the app has accepted so far (asked on its own address, which adds one).
accepted() {
  curl -sS --max-time 5 "http://$(web_ip):5000/connections"
}

# New connections the app accepted while nginx served N sequential requests (each its own curl, so
# nothing on the client side is reused).
new_connections_for() { # N
  local before after
  before=$(accepted)
  for _ in $(seq 1 "$1"); do http_get "$APP" / >/dev/null; done
  after=$(accepted)
  echo $((after - before - 1))
}

@test "the vhost keeps connections to the app open, and plain requests reach it without Connection: close" {
  run http_get "$APP" /
  assert_output ok
  run grep -E '^\s+keepalive 1024;' "/var/lib/paas/nginx/live/$APP.conf"
  assert_success
  run http_get "$APP" /connection-header
  assert_output 'connection=(none)'
  # 30 requests through nginx: at most one new upstream connection per nginx worker (plus slack for a
  # stray probe), not one per request.
  run new_connections_for 30
  assert_success
  echo "new upstream connections for 30 requests: $output"
  [ "$output" -le 6 ]
}

@test "200 clients at once still reuse the upstream connections (no churn past the keep-alive pool)" {
  # 200 keep-alive clients, 10 requests each, all in flight together. With a pool smaller than the
  # requests in flight (the old default, 64) nginx closed ~2 of 3 connections after each answer and
  # opened new ones: ~1,300 new connections here, and a host full of TIME_WAIT.
  local before after
  before=$(accepted)
  run node -e '
    const http = require("http");
    const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
    const get = () => new Promise((ok, fail) => http.get({ host: "127.0.0.1", path: "/", agent,
      headers: { Host: process.argv[1] } }, (r) => { r.resume(); r.on("end", () => ok(r.statusCode)); }).on("error", fail));
    const client = async () => { for (let i = 0; i < 10; i++) if ((await get()) !== 200) throw new Error("not 200"); };
    Promise.all(Array.from({ length: 200 }, client)).then(() => { console.log("2000 ok"); agent.destroy(); });
  ' "$APP.$PAAS_TEST_DOMAIN"
  assert_success
  assert_output '2000 ok'
  after=$(accepted)
  echo "new upstream connections for 2000 requests from 200 clients: $((after - before - 1))"
  [ $((after - before - 1)) -le 400 ]
}

@test "nginx:set proxy-keepalive 0 turns upstream keep-alive off (one connection per request)" {
  run paas nginx:set "$APP" proxy-keepalive 0
  assert_success
  # No upstream pool (the server's own keepalive_timeout, for clients, stays).
  run grep -E '^\s+keepalive( |_requests |_timeout 1500ms)' "/var/lib/paas/nginx/live/$APP.conf"
  assert_failure
  run new_connections_for 20
  echo "new upstream connections for 20 requests: $output"
  [ "$output" -ge 20 ]
  run paas nginx:set "$APP" proxy-keepalive
  assert_success
  run grep -E '^\s+keepalive 1024;' "/var/lib/paas/nginx/live/$APP.conf"
  assert_success
  run paas nginx:set "$APP" proxy-keepalive 'many'
  assert_failure 64
  assert_output --partial 'Invalid value "many" for nginx proxy-keepalive'
}

@test "a WebSocket handshake and an echoed frame pass through nginx" {
  run node "$FIXTURES/ws-client.mjs" "$APP.$PAAS_TEST_DOMAIN" "hello through nginx"
  assert_success
  assert_line --index 0 'HTTP/1.1 101 Switching Protocols'
  assert_line 'accept: valid'
  assert_line 'upstream saw connection: upgrade'
  assert_line 'frame: opcode 1 hello through nginx'
  # The kept-alive plain connections still work after an upgrade.
  run http_get "$APP" /
  assert_output ok
}

@test "access logs are buffered yet reach their file, with nginx:set access-log-path and access-log-format" {
  local log=/var/log/nginx/rt-ws-custom.log
  rm -f "$log"
  run paas nginx:set "$APP" access-log-path "$log"
  assert_success
  run paas nginx:set "$APP" access-log-format combined
  assert_success
  run grep -F "access_log $log combined buffer=64k flush=1s;" "/var/lib/paas/nginx/live/$APP.conf"
  assert_success
  local marker="/rt-log-marker-$RANDOM"
  http_get "$APP" "$marker" >/dev/null
  # flush=1s: the line is in the file within a second or so, not at once.
  for _ in $(seq 1 50); do grep -qF "GET $marker " "$log" 2>/dev/null && break; sleep 0.1; done
  run grep -cF "GET $marker " "$log"
  assert_output 1
  run paas nginx:set "$APP" access-log-format 'json; allow all'
  assert_failure 64
  assert_output --partial 'Invalid value "json; allow all" for nginx access-log-format'
  run paas nginx:set "$APP" access-log-path off
  assert_success
  run grep -E '^\s+access_log off;' "/var/lib/paas/nginx/live/$APP.conf"
  assert_success
  paas nginx:set "$APP" access-log-path >/dev/null
  paas nginx:set "$APP" access-log-format >/dev/null
  run grep -F "access_log /var/log/nginx/$APP-access.log combined buffer=64k flush=1s;" "/var/lib/paas/nginx/live/$APP.conf"
  assert_success
  rm -f "$log"
}
