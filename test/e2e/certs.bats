#!/usr/bin/env bats
# TLS certificates and Let's Encrypt on the installed system: real nginx, real openssl, and a real ACME
# server on loopback (Pebble, validating HTTP-01 challenges against our nginx through
# pebble-challtestsrv's DNS, which answers every name with 127.0.0.1).

load 'helpers/common'

APP=tf-le
CRT_APP=tf-crt
STATE=/var/lib/paas

# An app routed by nginx without the push pipeline: a busybox httpd labelled like a deploy container.
make_web_app() { # APP
  local app=$1
  paas apps:create "$app" >/dev/null
  docker run -d --name "$app.web.1.t1" --label paas.app="$app" --label paas.kind=deploy --label paas.process=web \
    --label paas.deploy=t1 --label paas.port=5000 --label paas.release=1 paas/busybox \
    sh -c "mkdir -p /www && echo hello-$app > /www/index.html && exec httpd -f -p 5000 -h /www" >/dev/null
  mkdir -p "$STATE/props/ps/$app"
  printf 't1\n' >"$STATE/props/ps/$app/live-deploy"
  chown -R paas:paas "$STATE/props/ps/$app"
  paas-nginx-vhost "$app" >/dev/null 2>&1
  wait_until 20 curl -sf --max-time 5 -H "Host: $app.$PAAS_TEST_DOMAIN" http://127.0.0.1/
}

https_get() { # APP [curl args...]: the page over HTTPS, verified against Pebble's root
  local app=$1; shift
  curl -sS --max-time 10 --cacert "$PEB/root.pem" --resolve "$app.$PAAS_TEST_DOMAIN:443:127.0.0.1" "$@" "https://$app.$PAAS_TEST_DOMAIN/"
}

served_serial() { # APP: serial of the certificate nginx hands out for the app's name
  echo | openssl s_client -connect 127.0.0.1:443 -servername "$1.$PAAS_TEST_DOMAIN" 2>/dev/null | openssl x509 -noout -serial
}

stored_serial() { # APP
  openssl x509 -noout -serial -in "$STATE/apps/$1/tls/server.crt"
}

setup_file() {
  command -v pebble >/dev/null && command -v pebble-challtestsrv >/dev/null || skip "pebble is not installed"
  for port in 14000 15000 8053 8055; do
    if ss -Hltn "sport = :$port" | grep -q .; then
      echo "port $port is already in use (another Pebble running?); stop it first" >&2
      return 1
    fi
  done
  # Readable by the paas user: the cron test runs the renewal as paas, and it reads the ca-bundle.
  PEB="$(mktemp -d /tmp/tf-pebble.XXXXXX)"
  chmod 755 "$PEB"
  export PEB
  cd "$PEB"
  # Pebble serves its API over TLS with a certificate of our own test CA; paas trusts it via ca-bundle.
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=tf-pebble-api-ca \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout pebble.key -out pebble.csr -subj /CN=localhost 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >pebble.ext
  openssl x509 -req -in pebble.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out pebble.pem -days 2 -extfile pebble.ext 2>/dev/null
  chmod 644 ca.pem
  cat >pebble.json <<EOF
{"pebble": {"listenAddress": "127.0.0.1:14000", "managementListenAddress": "127.0.0.1:15000",
 "certificate": "$PEB/pebble.pem", "privateKey": "$PEB/pebble.key", "httpPort": 80, "tlsPort": 443,
 "ocspResponderURL": "", "externalAccountBindingRequired": false}}
EOF
  pebble-challtestsrv -defaultIPv4 127.0.0.1 -defaultIPv6 "" -dns01 127.0.0.1:8053 -http01 "" -https01 "" \
    -tlsalpn01 "" -management 127.0.0.1:8055 >challtestsrv.log 2>&1 </dev/null 3>&- &
  echo $! >challtestsrv.pid
  PEBBLE_VA_NOSLEEP=1 pebble -config pebble.json -dnsserver 127.0.0.1:8053 >pebble.log 2>&1 </dev/null 3>&- &
  echo $! >pebble.pid
  wait_until 30 curl -sf --cacert ca.pem https://127.0.0.1:14000/dir
  curl -sf --cacert ca.pem https://127.0.0.1:15000/roots/0 >root.pem

  paas letsencrypt:set --global server https://127.0.0.1:14000/dir
  paas letsencrypt:set --global ca-bundle "$PEB/ca.pem"
  paas letsencrypt:set --global email ops@example.com
  [ -e /etc/cron.d/paas-letsencrypt ] && touch "$PEB/cron-was-there"
  destroy_app "$APP"
  destroy_app "$CRT_APP"
  make_web_app "$APP"
  make_web_app "$CRT_APP"
}

teardown_file() {
  destroy_app "$APP"
  destroy_app "$CRT_APP"
  for k in server ca-bundle email; do paas letsencrypt:set --global "$k" >/dev/null 2>&1 || true; done
  [ -e "$PEB/cron-was-there" ] || rm -f /etc/cron.d/paas-letsencrypt
  for p in pebble challtestsrv; do
    [ -f "$PEB/$p.pid" ] && kill "$(cat "$PEB/$p.pid")" 2>/dev/null || true
  done
  rm -rf "$PEB"
}

@test "certs:generate serves a self-signed certificate; certs:report and certs:show describe it" {
  run paas certs:generate "$CRT_APP" "$CRT_APP.$PAAS_TEST_DOMAIN"
  assert_success
  wait_until 10 curl -sfk --resolve "$CRT_APP.$PAAS_TEST_DOMAIN:443:127.0.0.1" "https://$CRT_APP.$PAAS_TEST_DOMAIN/"
  run curl -sSk --resolve "$CRT_APP.$PAAS_TEST_DOMAIN:443:127.0.0.1" "https://$CRT_APP.$PAAS_TEST_DOMAIN/"
  assert_output "hello-$CRT_APP"
  [ "$(served_serial "$CRT_APP")" = "$(stored_serial "$CRT_APP")" ]
  run paas certs:report "$CRT_APP" --ssl-verified
  assert_output "self signed"
  run paas certs:report "$CRT_APP" --format json
  assert_output --partial "\"ssl-hostnames\":\"$CRT_APP.$PAAS_TEST_DOMAIN\""
  assert_output --partial '"ssl-enabled":"true"'
  run paas certs:report "$CRT_APP"
  assert_output --partial "=====> $CRT_APP ssl information"
  assert_output --regexp "Ssl expires at: +[A-Z][a-z]{2} "
  run bash -c "paas certs:show $CRT_APP crt | openssl x509 -noout -subject"
  assert_output "subject=CN = $CRT_APP.$PAAS_TEST_DOMAIN"
  [ "$(stat -c %a "$STATE/apps/$CRT_APP/tls/server.key")" = 600 ]
}

@test "certs:add refuses a key of another certificate and changes nothing; a tar on stdin works" {
  paas certs:generate "$CRT_APP" "$CRT_APP.$PAAS_TEST_DOMAIN" >/dev/null 2>&1
  before=$(stored_serial "$CRT_APP")
  cd "$BATS_TEST_TMPDIR"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout server.key -out server.crt -days 3 \
    -subj "/CN=$CRT_APP.$PAAS_TEST_DOMAIN" 2>/dev/null
  openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.crt -days 3 -subj /CN=other 2>/dev/null
  run paas certs:add "$CRT_APP" server.crt other.key
  assert_failure 64
  assert_output --partial "The key does not match the certificate"
  [ "$(stored_serial "$CRT_APP")" = "$before" ]
  [ "$(served_serial "$CRT_APP")" = "$before" ]

  tar -cf cert-key.tar server.crt server.key
  run bash -c "paas certs:add $CRT_APP < cert-key.tar"
  assert_success
  new=$(openssl x509 -noout -serial -in server.crt)
  [ "$(stored_serial "$CRT_APP")" = "$new" ]
  wait_until 10 bash -c "[ \"\$(echo | openssl s_client -connect 127.0.0.1:443 -servername $CRT_APP.$PAAS_TEST_DOMAIN 2>/dev/null | openssl x509 -noout -serial)\" = '$new' ]"
}

@test "certs:remove goes back to plain HTTP" {
  paas certs:generate "$CRT_APP" "$CRT_APP.$PAAS_TEST_DOMAIN" >/dev/null 2>&1
  run paas certs:remove "$CRT_APP"
  assert_success
  run paas certs:report "$CRT_APP" --ssl-enabled
  assert_output false
  wait_until 10 bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: $CRT_APP.$PAAS_TEST_DOMAIN' http://127.0.0.1/)\" = 200 ]"
  run http_get "$CRT_APP"
  assert_output "hello-$CRT_APP"
  run paas certs:remove "$CRT_APP"
  assert_failure
  assert_output --partial "has no certificate"
}

@test "letsencrypt:set refuses bad values and stores nothing" {
  run paas letsencrypt:set "$APP" server pebble
  assert_failure 64
  assert_output --partial "Invalid server"
  run paas letsencrypt:set "$APP" email not-an-email
  assert_failure 64
  run paas letsencrypt:set "$APP" dns-provider x
  assert_failure 64
  assert_output --partial "Invalid key specified"
  run paas letsencrypt:report "$APP" --format json
  assert_output --partial '"server":""'
  assert_output --partial '"email":""'
}

@test "letsencrypt:enable runs the ACME flow against Pebble and serves the certificate" {
  run paas letsencrypt:enable "$APP"
  assert_success
  assert_output --partial "Certificate installed for $APP"
  wait_until 10 https_get "$APP"
  run https_get "$APP"
  assert_success
  assert_output "hello-$APP"
  run paas certs:report "$APP" --ssl-issuer
  assert_output --partial "Pebble Intermediate CA"
  run paas letsencrypt:active "$APP"
  assert_output true
  run paas letsencrypt:list
  assert_output --regexp "$APP +20[0-9]{2}-"
  # Plain HTTP now redirects to HTTPS, but the ACME challenge path is still served over HTTP.
  run curl -s -o /dev/null -w '%{http_code}' -H "Host: $APP.$PAAS_TEST_DOMAIN" http://127.0.0.1/
  assert_output 301
}

@test "paas-certs-renew leaves a certificate that is not due, replaces one that is, with no failed request" {
  before=$(stored_serial "$APP")
  run paas-certs-renew
  assert_success
  assert_output --partial "$APP: not due"
  [ "$(stored_serial "$APP")" = "$before" ]

  # Pebble's certificates live 5 years: a 2000-day window makes this one due.
  paas letsencrypt:set "$APP" renew-days 2000
  # Two clients hit the app during the swap. HTTP/1.1: every request must succeed. HTTP/2: nginx 1.22
  # answers a connection that an exiting worker accepted but had not read yet with GOAWAY (curl exit
  # 16), which says the request was not processed; browsers retry it on a new connection, so this
  # client does the same, once, and only for that error.
  (
    while [ ! -e "$BATS_TEST_TMPDIR/stop" ]; do
      https_get "$APP" --http1.1 -f -o /dev/null -w '%{http_code}\n' >>"$BATS_TEST_TMPDIR/h1" 2>&1 || echo FAILED >>"$BATS_TEST_TMPDIR/h1"
    done
  ) 3>&- &
  (
    while [ ! -e "$BATS_TEST_TMPDIR/stop" ]; do
      rc=0
      https_get "$APP" -f -o /dev/null -w '%{http_code}\n' >>"$BATS_TEST_TMPDIR/h2" 2>&1 || rc=$?
      if [ $rc = 16 ]; then
        echo RETRIED >>"$BATS_TEST_TMPDIR/h2"
        https_get "$APP" -f -o /dev/null -w '%{http_code}\n' >>"$BATS_TEST_TMPDIR/h2" 2>&1 || echo FAILED >>"$BATS_TEST_TMPDIR/h2"
      elif [ $rc != 0 ]; then
        echo FAILED >>"$BATS_TEST_TMPDIR/h2"
      fi
    done
  ) 3>&- &
  sleep 1
  run paas-certs-renew
  sleep 1
  touch "$BATS_TEST_TMPDIR/stop"
  wait
  assert_success
  assert_output --partial "$APP: renewed"
  after=$(stored_serial "$APP")
  [ "$after" != "$before" ]
  for v in h1 h2; do
    echo "$v: $(grep -c '^200$' "$BATS_TEST_TMPDIR/$v") ok, $(grep -c '^RETRIED$' "$BATS_TEST_TMPDIR/$v") retried after GOAWAY, $(grep -c '^FAILED$' "$BATS_TEST_TMPDIR/$v") failed"
    grep -v '^200$' "$BATS_TEST_TMPDIR/$v" || true
    [ "$(grep -c '^FAILED$' "$BATS_TEST_TMPDIR/$v")" = 0 ]
    [ "$(grep -c '^200$' "$BATS_TEST_TMPDIR/$v")" -gt 10 ]
  done
  wait_until 10 bash -c "[ \"\$(echo | openssl s_client -connect 127.0.0.1:443 -servername $APP.$PAAS_TEST_DOMAIN 2>/dev/null | openssl x509 -noout -serial)\" = '$after' ]"
  paas letsencrypt:set "$APP" renew-days
}

@test "a domain that cannot be validated fails with the ACME reason and keeps the old certificate" {
  before=$(stored_serial "$APP")
  paas domains:add "$APP" "$APP-bad.$PAAS_TEST_DOMAIN"
  curl -sf -X POST -d "{\"host\":\"$APP-bad.$PAAS_TEST_DOMAIN.\"}" http://127.0.0.1:8055/set-servfail
  run paas letsencrypt:enable "$APP"
  assert_failure
  assert_output --partial "The ACME server did not issue a certificate"
  assert_output --partial "could not resolve"
  [ "$(stored_serial "$APP")" = "$before" ]
  [ "$(served_serial "$APP")" = "$before" ]

  paas letsencrypt:set "$APP" renew-days 2000
  run paas-certs-renew
  assert_failure 1
  assert_output --partial "$APP: FAILED"
  assert_output --partial "could not resolve"
  [ "$(stored_serial "$APP")" = "$before" ]
  run https_get "$APP"
  assert_output "hello-$APP"

  paas letsencrypt:set "$APP" renew-days
  curl -sf -X POST -d "{\"host\":\"$APP-bad.$PAAS_TEST_DOMAIN.\"}" http://127.0.0.1:8055/clear-servfail
  paas domains:remove "$APP" "$APP-bad.$PAAS_TEST_DOMAIN"
}

@test "letsencrypt:cron-job --add writes a daily entry that runs paas-certs-renew as paas" {
  run paas letsencrypt:cron-job --add
  assert_success
  assert_file_exist /etc/cron.d/paas-letsencrypt
  line=$(grep paas-certs-renew /etc/cron.d/paas-letsencrypt)
  read -r min hour dom mon dow user cmd <<<"$line"
  [ "$hour $dom $mon $dow $user" = "3 * * * paas" ]
  [[ "$cmd" == "/usr/local/bin/paas-certs-renew >> "* ]]
  log=$(sed -e 's/.*>> //' -e 's/ 2>&1$//' <<<"$cmd")
  rm -f "$log"
  # Run the entry's command the way cron does: as the paas user, through sh.
  run runuser -u paas -- sh -c "$cmd"
  assert_success
  run cat "$log"
  assert_output --partial "$APP: not due"
  run paas letsencrypt:report "$APP" --letsencrypt-autorenew
  assert_output true
  run paas letsencrypt:cron-job
  assert_success
  assert_output --partial "Auto-renew cron job is enabled"
  run paas letsencrypt:cron-job --remove
  assert_success
  assert_file_not_exist /etc/cron.d/paas-letsencrypt
}

@test "letsencrypt:revoke revokes at the ACME server and stops serving the certificate" {
  run paas letsencrypt:revoke "$APP"
  assert_success
  run paas letsencrypt:active "$APP"
  assert_output false
  run paas certs:report "$APP" --ssl-enabled
  assert_output false
  wait_until 10 bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: $APP.$PAAS_TEST_DOMAIN' http://127.0.0.1/)\" = 200 ]"
}

@test "letsencrypt:disable removes the certificate; it refuses an app without Let's Encrypt" {
  run paas letsencrypt:enable "$APP"
  assert_success
  run paas letsencrypt:disable "$APP"
  assert_success
  assert_file_not_exist "$STATE/apps/$APP/tls/server.crt"
  run paas letsencrypt:disable "$APP"
  assert_failure
  assert_output --partial "not enabled"
}
