#!/usr/bin/env bats
# nginx routing on the installed system: vhosts for hand-started web containers labelled like paas
# deploy containers, domains, ports, nginx:set, proxy switch, TLS and the ACME path, with real nginx.

load 'helpers/common'

APP=te-r1
OTHER=te-r2
WS=te-r3
LIVE=/var/lib/paas/nginx/live
ACME=/var/lib/paas/acme-challenge

# A busybox httpd web container of APP's deploy DEPLOY answering TEXT on PORT, with a CGI that prints
# the request's environment (so tests can see the headers nginx sends).
start_web() { # APP DEPLOY IDX TEXT [PORT]
  local app=$1 deploy=$2 idx=$3 text=$4 port=${5:-5000}
  local dir="$BATS_FILE_TMPDIR/www-$app-$deploy-$idx"
  mkdir -p "$dir/cgi-bin"
  printf '%s\n' "$text" >"$dir/index.html"
  printf '#!/bin/sh\necho "Content-Type: text/plain"\necho\nenv\n' >"$dir/cgi-bin/env"
  chmod 755 "$dir/cgi-bin/env"
  docker run -d --name "$app.web.$idx.$deploy" \
    -l paas.app="$app" -l paas.kind=deploy -l paas.process=web -l paas.deploy="$deploy" -l paas.port="$port" \
    -v "$dir:/www:ro" paas/busybox httpd -f -p "$port" -h /www >/dev/null
}

set_live_deploy() { # APP DEPLOY
  mkdir -p "/var/lib/paas/props/ps/$1"
  printf '%s\n' "$2" >"/var/lib/paas/props/ps/$1/live-deploy"
  chown -R paas:paas "/var/lib/paas/props/ps/$1"
}

remove_app() {
  paas proxy:disable "$1" >/dev/null 2>&1 || true
  destroy_app "$1"
  rm -rf "/var/lib/paas/props/ps/$1"
}

get() { # HOST [PATH] [curl args...]: body of http://127.0.0.1 PATH with that Host
  local host=$1 path=${2:-/}
  shift 2 || shift $#
  curl -sS --max-time 10 -H "Host: $host" "$@" "http://127.0.0.1$path"
}

status() { # HOST [PATH] [curl args...]
  local host=$1 path=${2:-/}
  shift 2 || shift $#
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "Host: $host" "$@" "http://127.0.0.1$path"
}

setup_file() {
  remove_app "$APP"
  remove_app "$OTHER"
  remove_app "$WS"
  paas apps:create "$APP" >/dev/null
  paas apps:create "$OTHER" >/dev/null
  paas apps:create "$WS" >/dev/null
}

# A failed TLS test must not leave the certificate to the tests after it.
teardown() {
  rm -rf "/var/lib/paas/apps/$APP/tls"
}

teardown_file() {
  remove_app "$APP"
  remove_app "$OTHER"
  remove_app "$WS"
}

@test "an app with no running web container gets a 503 page, and the ACME path is served" {
  run paas-nginx-vhost "$APP"
  assert_success
  assert_output --partial "No web process is running for $APP"
  [ "$(status "$APP.$PAAS_TEST_DOMAIN")" = 503 ]
  run get "$APP.$PAAS_TEST_DOMAIN"
  assert_output "$APP: no web process is running"
  printf 'token-body\n' >"$ACME/te-r1-token"
  run get "$APP.$PAAS_TEST_DOMAIN" /.well-known/acme-challenge/te-r1-token
  rm -f "$ACME/te-r1-token"
  assert_output "token-body"
}

@test "paas-nginx-vhost routes to every running web container of the live deploy" {
  start_web "$APP" d1 1 one
  start_web "$APP" d1 2 two
  start_web "$APP" d0 1 old-deploy
  set_live_deploy "$APP" d1
  run paas-nginx-vhost "$APP"
  assert_success
  local seen=""
  for _ in 1 2 3 4 5 6; do seen="$seen $(get "$APP.$PAAS_TEST_DOMAIN")"; done
  [[ "$seen" == *one* ]]
  [[ "$seen" == *two* ]]
  [[ "$seen" != *old-deploy* ]]
  run paas nginx:show-config "$APP"
  assert_success
  [ "$(grep -c '^  server 172\.' <<<"$output")" = 2 ]
  # An unknown host gets the catch-all, not some app's page.
  run get "nobody.$PAAS_TEST_DOMAIN"
  assert_output "no app is configured for this host"
}

@test "nginx passes forwarding and request-start headers" {
  run get "$APP.$PAAS_TEST_DOMAIN" /cgi-bin/env
  assert_success
  assert_output --partial "HTTP_X_FORWARDED_PROTO=http"
  assert_output --partial "HTTP_X_FORWARDED_PORT=80"
  assert_output --partial "HTTP_X_FORWARDED_FOR=127.0.0.1"
  assert_output --regexp "HTTP_X_REQUEST_START=[0-9]+\.[0-9]+"
  assert_output --partial "HTTP_HOST=$APP.$PAAS_TEST_DOMAIN"
}

@test "domains:add routes a new name; bad or taken domains are refused and change nothing" {
  run paas domains:add "$APP" te-r1-alt.example.test
  assert_success
  assert_output --partial "Added te-r1-alt.example.test to $APP"
  run get te-r1-alt.example.test
  assert_output --regexp "^(one|two)$"

  cp "$LIVE/$APP.conf" "$BATS_FILE_TMPDIR/before.conf"
  run paas domains:add "$APP" 'bad_domain;.test'
  assert_failure 64
  assert_output --partial 'Invalid domain "bad_domain;.test"'
  run paas domains:add "$OTHER" te-r1-alt.example.test
  assert_failure
  assert_output --partial "Domain te-r1-alt.example.test is already used by app $APP"
  cmp "$BATS_FILE_TMPDIR/before.conf" "$LIVE/$APP.conf"
  run paas domains:report "$APP" --domains-app-vhosts
  assert_output "$APP.$PAAS_TEST_DOMAIN te-r1-alt.example.test"

  run paas domains:remove "$APP" te-r1-alt.example.test
  assert_success
  [ "$(status te-r1-alt.example.test)" = 404 ]
}

@test "nginx:set applies client-max-body-size; a value nginx rejects leaves live config and setting untouched" {
  run paas nginx:set "$APP" client-max-body-size 1k
  assert_success
  head -c 4096 /dev/zero >"$BATS_FILE_TMPDIR/body"
  [ "$(status "$APP.$PAAS_TEST_DOMAIN" / --data-binary "@$BATS_FILE_TMPDIR/body")" = 413 ]
  run paas nginx:set "$APP" client-max-body-size
  assert_success
  [ "$(status "$APP.$PAAS_TEST_DOMAIN" / --data-binary "@$BATS_FILE_TMPDIR/body")" != 413 ]

  run paas nginx:set "$APP" client-max-body-size '1m;return'
  assert_failure 64
  assert_output --partial 'Invalid value "1m;return" for nginx client-max-body-size'

  cp "$LIVE/$APP.conf" "$BATS_FILE_TMPDIR/before.conf"
  # Valid on its own, but larger than proxy_busy_buffers_size: only nginx -t can tell.
  run paas nginx:set "$APP" proxy-buffer-size 64k
  assert_failure 1
  assert_output --partial "nginx rejected the new config"
  assert_output --partial "proxy_busy_buffers_size"
  assert_output --partial "the live nginx config is unchanged"
  cmp "$BATS_FILE_TMPDIR/before.conf" "$LIVE/$APP.conf"
  run paas nginx:report "$APP" --nginx-proxy-buffer-size
  assert_output ""
  run get "$APP.$PAAS_TEST_DOMAIN"
  assert_output --regexp "^(one|two)$"
}

@test "ports:add http:8080:5000 listens on 8080; a host port nginx cannot bind is put back" {
  run paas ports:add "$APP" http:8080:5000
  assert_success
  run curl -sS --max-time 10 -H "Host: $APP.$PAAS_TEST_DOMAIN" http://127.0.0.1:8080/
  assert_output --regexp "^(one|two)$"
  run paas ports:report "$APP" --ports-map
  assert_output "http:80:5000 http:8080:5000"
  run paas urls "$APP"
  assert_output "http://$APP.$PAAS_TEST_DOMAIN
http://$APP.$PAAS_TEST_DOMAIN:8080"

  cp "$LIVE/$APP.conf" "$BATS_FILE_TMPDIR/before.conf"
  # sshd holds port 22: nginx -t passes but the reload cannot bind it.
  run paas ports:add "$APP" http:22:5000
  assert_failure
  assert_output --partial "nginx did not load the new config"
  assert_output --partial "the previous config was put back"
  cmp "$BATS_FILE_TMPDIR/before.conf" "$LIVE/$APP.conf"
  run paas ports:report "$APP" --ports-map
  assert_output "http:80:5000 http:8080:5000"
  run get "$APP.$PAAS_TEST_DOMAIN"
  assert_output --regexp "^(one|two)$"

  run paas ports:remove "$APP" 8080
  assert_success
  run curl -s --max-time 5 -H "Host: $APP.$PAAS_TEST_DOMAIN" http://127.0.0.1:8080/
  assert_failure
}

@test "ports:set http:80:8384 routes to container port 8384" {
  start_web "$OTHER" s1 1 syncthing-gui 8384
  set_live_deploy "$OTHER" s1
  run paas ports:set "$OTHER" http:80:8384
  assert_success
  run get "$OTHER.$PAAS_TEST_DOMAIN"
  assert_output "syncthing-gui"
  grep -q 'server 172\.[0-9.]*:8384;' "$LIVE/$OTHER.conf"
}

@test "proxy:disable removes the vhost; proxy:enable brings it back" {
  run paas proxy:disable "$APP"
  assert_success
  assert_file_not_exists "$LIVE/$APP.conf"
  [ "$(status "$APP.$PAAS_TEST_DOMAIN")" = 404 ]
  run paas proxy:report "$APP" --proxy-enabled
  assert_output false
  run paas proxy:enable "$APP"
  assert_success
  run get "$APP.$PAAS_TEST_DOMAIN"
  assert_output --regexp "^(one|two)$"
}

@test "with a certificate: https with HSTS, http redirects, ACME still over http" {
  local tls=/var/lib/paas/apps/$APP/tls
  mkdir -p "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$APP.$PAAS_TEST_DOMAIN" \
    -keyout "$tls/server.key" -out "$tls/server.crt" 2>/dev/null
  chown -R paas:paas "$tls"
  run paas nginx:build-config "$APP"
  assert_success
  run curl -sS -k --max-time 10 --resolve "$APP.$PAAS_TEST_DOMAIN:443:127.0.0.1" -D - "https://$APP.$PAAS_TEST_DOMAIN/"
  assert_output --regexp "^(HTTP/2|HTTP/1.1) 200"
  assert_output --partial "strict-transport-security: max-age=15724800; includeSubDomains"
  assert_output --regexp "(one|two)"
  run curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H "Host: $APP.$PAAS_TEST_DOMAIN" http://127.0.0.1/x?y=1
  assert_output "301 https://$APP.$PAAS_TEST_DOMAIN/x?y=1"
  printf 'tls-token\n' >"$ACME/te-r1-tls"
  run get "$APP.$PAAS_TEST_DOMAIN" /.well-known/acme-challenge/te-r1-tls
  rm -f "$ACME/te-r1-tls"
  assert_output "tls-token"
  run paas url "$APP"
  assert_output "https://$APP.$PAAS_TEST_DOMAIN"
  rm -rf "$tls"
  run paas nginx:build-config "$APP"
  assert_success
  [ "$(status "$APP.$PAAS_TEST_DOMAIN")" = 200 ]
}

@test "the paas user applies through sudo, and parallel applies do not race" {
  run sudo -u paas -H paas domains:add "$APP" te-r1-sudo.example.test
  assert_success
  run get te-r1-sudo.example.test
  assert_output --regexp "^(one|two)$"
  paas-nginx-vhost "$APP" 2>/dev/null &
  local a=$!
  sudo -u paas -H paas-nginx-vhost "$OTHER" 2>/dev/null &
  local b=$!
  paas-nginx-vhost "$APP" 2>/dev/null
  wait "$a"
  wait "$b"
  run get "$OTHER.$PAAS_TEST_DOMAIN"
  assert_output "syncthing-gui"
  run paas nginx:validate-config
  assert_success
}

@test "domains:clear stops routing; domains:set routes exactly the given names" {
  run paas domains:clear "$APP"
  assert_success
  assert_file_not_exists "$LIVE/$APP.conf"
  run paas domains:set "$APP" te-r1-set.example.test
  assert_success
  run get te-r1-set.example.test
  assert_output --regexp "^(one|two)$"
  [ "$(status "$APP.$PAAS_TEST_DOMAIN")" = 404 ]
}

@test "websocket upgrades pass through to the container" {
  local dir="$BATS_FILE_TMPDIR/ws"
  mkdir -p "$dir"
  # Answers the handshake with 101, reports the Upgrade/Connection headers it got, then echoes a line.
  cat >"$dir/ws.sh" <<'EOF'
#!/bin/sh
seen=""
while read -r line; do
  line=$(printf '%s' "$line" | tr -d '\r')
  [ -z "$line" ] && break
  case "$line" in [Cc]onnection:*|[Uu]pgrade:*) seen="$seen|$line" ;; esac
done
printf 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'
echo "upstream saw$seen"
read -r msg
echo "echo:$msg"
EOF
  chmod 755 "$dir/ws.sh"
  docker run -d --name "$WS.web.1.w1" -l paas.app="$WS" -l paas.kind=deploy -l paas.process=web -l paas.deploy=w1 \
    -l paas.port=5000 -v "$dir:/ws:ro" paas/busybox nc -ll -p 5000 -e /ws/ws.sh >/dev/null
  set_live_deploy "$WS" w1
  run paas-nginx-vhost "$WS"
  assert_success
  run bash -c "exec 3<>/dev/tcp/127.0.0.1/80
    printf 'GET /socket HTTP/1.1\r\nHost: $WS.$PAAS_TEST_DOMAIN\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n' >&3
    printf 'hello\n' >&3
    timeout 5 cat <&3"
  assert_output --partial "HTTP/1.1 101 Switching Protocols"
  assert_output --regexp "upstream saw.*Upgrade: websocket"
  assert_output --regexp "upstream saw.*Connection: upgrade"
  assert_output --partial "echo:hello"
}
