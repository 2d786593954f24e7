#!/usr/bin/env bats
# dokku-letsencrypt's own test suite (github.com/dokku/dokku-letsencrypt, tests/*.bats at bd8987d),
# ported mechanically: `dokku` -> `paas`, apps letest-N-... -> dk-le-N, TEST_DOMAIN_BASE dokku.test ->
# paas.test, /home/dokku/APP/tls/server.letsencrypt.crt -> /var/lib/paas/apps/APP/tls/server.crt, the
# autorenew flag file -> `letsencrypt:report --letsencrypt-autorenew` (paas's marker is its cron.d file).
# Pebble and pebble-challtestsrv run on loopback as in certs.bats; challtestsrv answers every name with
# 127.0.0.1, so register_a_record/clear_a_record have nothing to do. Pebble's certificates here live
# 5 years (upstream's Pebble: 24 hours), so "a graceperiod larger than the lifetime" is 6 years.
# Left out (see docs/dokku-differences.md "certs (letsencrypt)"): everything about lego (config-hash
# directories and `current` symlink, lego-args, lego-docker-options, DNS-01, wildcards, dns-provider*,
# the rate-limit log parser, plugin:update permissions, cleanup of hash directories), the `_` domain,
# the webroot mode, the http:80 port injection, and the rename hook.
load 'helpers/common'

STATE=/var/lib/paas
TEST_DOMAIN_BASE=$PAAS_TEST_DOMAIN

cert_path_for() { echo "$STATE/apps/$1/tls/server.crt"; }
assert_cert_exists() { test -f "$(cert_path_for "$1")"; }
cert_issuer() { openssl x509 -in "$1" -noout -issuer; }
cert_san() { openssl x509 -in "$1" -noout -text | awk '/X509v3 Subject Alternative Name/{getline; print}'; }
cert_serial() { openssl x509 -in "$(cert_path_for "$1")" -noout -serial; }
cert_not_after_epoch() { date -u -d "$(openssl x509 -in "$1" -noout -enddate | sed 's/^notAfter=//')" +%s; }
assert_cert_issued_by_pebble() { cert_issuer "$(cert_path_for "$1")" | grep -qi pebble; }
assert_cert_san_contains() { cert_san "$(cert_path_for "$1")" | grep -qF "$2"; }

# upstream create_app + set_domain, exactly: for the tests that never ask the ACME server for a certificate.
create_bare_app() { # APP [DOMAIN]
  destroy_app "$1"
  paas apps:create "$1" >/dev/null
  paas domains:set "$1" "${2:-$1.$TEST_DOMAIN_BASE}" >/dev/null
}

# upstream create_app + set_domain, plus what upstream's lego standalone mode does not need and paas's
# HTTP-01 does: an app nginx routes (a labelled busybox httpd, as in certs.bats).
create_app() { # APP [DOMAIN]
  local app=$1
  destroy_app "$app"
  paas apps:create "$app" >/dev/null
  docker run -d --name "$app.web.1.t1" --label paas.app="$app" --label paas.kind=deploy --label paas.process=web \
    --label paas.deploy=t1 --label paas.port=5000 --label paas.release=1 paas/busybox \
    sh -c "mkdir -p /www && echo hello-$app > /www/index.html && exec httpd -f -p 5000 -h /www" >/dev/null
  mkdir -p "$STATE/props/ps/$app"
  printf 't1\n' >"$STATE/props/ps/$app/live-deploy"
  chown -R paas:paas "$STATE/props/ps/$app"
  paas domains:set "$app" "${2:-$app.$TEST_DOMAIN_BASE}" >/dev/null
  paas-nginx-vhost "$app" >/dev/null 2>&1
}

setup_file() {
  command -v pebble >/dev/null && command -v pebble-challtestsrv >/dev/null || skip "pebble is not installed"
  for port in 14000 15000 8053 8055; do
    if ss -Hltn "sport = :$port" | grep -q .; then
      echo "port $port is already in use (another Pebble running?); stop it first" >&2
      return 1
    fi
  done
  PEB="$(mktemp -d /tmp/dk-pebble.XXXXXX)"
  chmod 755 "$PEB"
  export PEB
  cd "$PEB"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=dk-pebble-api-ca \
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

  paas letsencrypt:set --global server https://127.0.0.1:14000/dir
  paas letsencrypt:set --global ca-bundle "$PEB/ca.pem"
  paas letsencrypt:set --global email ops@example.com
  [ -e /etc/cron.d/paas-letsencrypt ] && touch "$PEB/cron-was-there"
  true
}

teardown_file() {
  for k in server ca-bundle email graceperiod; do paas letsencrypt:set --global "$k" >/dev/null 2>&1 || true; done
  [ -e "$PEB/cron-was-there" ] || rm -f /etc/cron.d/paas-letsencrypt
  for p in pebble challtestsrv; do
    [ -f "$PEB/$p.pid" ] && kill "$(cat "$PEB/$p.pid")" 2>/dev/null || true
  done
  rm -rf "$PEB"
}

setup() {
  APP="dk-le-$BATS_TEST_NUMBER"
  DOMAIN="$APP.$TEST_DOMAIN_BASE"
}

teardown() {
  destroy_app "$APP"
  [ -z "${APP2:-}" ] || destroy_app "$APP2"
  [ -z "${CLONED_APP:-}" ] || destroy_app "$CLONED_APP"
  paas letsencrypt:set --global graceperiod "" >/dev/null 2>&1 || true
}

# ---- tests/letsencrypt_active.bats

@test "letsencrypt:active reports false before enable" {
  create_bare_app "$APP"
  run paas letsencrypt:active "$APP"
  [ "$status" -eq 0 ]
  [ "$output" = "false" ]
}

@test "letsencrypt:active reports true after enable" {
  create_app "$APP"
  paas letsencrypt:enable "$APP"
  run paas letsencrypt:active "$APP"
  [ "$status" -eq 0 ]
  [ "$output" = "true" ]
}

@test "letsencrypt:active reports false after the cert is removed" {
  create_app "$APP"
  paas letsencrypt:enable "$APP"
  paas certs:remove "$APP"
  run paas letsencrypt:active "$APP"
  [ "$status" -eq 0 ]
  [ "$output" = "false" ]
}

# ---- tests/letsencrypt_auto_renew.bats

@test "auto-renew renews when graceperiod exceeds cert lifetime" {
  create_app "$APP"
  paas letsencrypt:enable "$APP"
  before="$(cert_not_after_epoch "$(cert_path_for "$APP")")"
  serial_before="$(cert_serial "$APP")"
  # upstream: 30 days against Pebble's 24h certificates; here Pebble's live 5 years
  paas letsencrypt:set --global graceperiod $((60 * 60 * 24 * 365 * 6))
  # upstream sleeps 2 s here so the new notBefore differs; the serial check below tells the certificates apart
  run paas letsencrypt:auto-renew "$APP"
  [ "$status" -eq 0 ]
  after="$(cert_not_after_epoch "$(cert_path_for "$APP")")"
  [ "$after" -ge "$before" ]
  # not upstream: it is a new certificate
  [ "$(cert_serial "$APP")" != "$serial_before" ]
}

@test "auto-renew is a no-op when graceperiod is small" {
  create_app "$APP"
  paas letsencrypt:enable "$APP"
  before="$(cert_not_after_epoch "$(cert_path_for "$APP")")"
  paas letsencrypt:set --global graceperiod 1
  run paas letsencrypt:auto-renew "$APP"
  [ "$status" -eq 0 ]
  echo "$output" | grep -qi "still has"
  after="$(cert_not_after_epoch "$(cert_path_for "$APP")")"
  [ "$after" = "$before" ]
}

@test "auto-renew is a no-op for apps without letsencrypt enabled" {
  create_bare_app "$APP"
  run paas letsencrypt:auto-renew "$APP"
  [ "$status" -eq 0 ]
  echo "$output" | grep -qi "not enabled"
}

@test "batch auto-renew iterates over all enrolled apps" {
  create_app "$APP"
  paas letsencrypt:enable "$APP"
  paas letsencrypt:set --global graceperiod $((60 * 60 * 24 * 365 * 6))
  run paas letsencrypt:auto-renew
  [ "$status" -eq 0 ]
  echo "$output" | grep -qi "needs renewal"
  echo "$output" | grep -qi "Finished auto-renewal"
}

# ---- tests/letsencrypt_cron_job.bats

@test "cron-job --add creates the autorenew flag" {
  paas letsencrypt:cron-job --remove >/dev/null 2>&1 || true
  run paas letsencrypt:cron-job --add
  [ "$status" -eq 0 ]
  run paas letsencrypt:cron-job
  echo "$output" | grep -q "Auto-renew cron job is enabled"
  test -f /etc/cron.d/paas-letsencrypt
  paas letsencrypt:cron-job --remove >/dev/null
}

@test "cron-job --remove deletes the autorenew flag" {
  paas letsencrypt:cron-job --add
  test -f /etc/cron.d/paas-letsencrypt
  run paas letsencrypt:cron-job --remove
  [ "$status" -eq 0 ]
  test ! -f /etc/cron.d/paas-letsencrypt
}

@test "cron-entries trigger emits an entry only when autorenew is enabled" {
  # upstream: `dokku plugin:trigger cron-entries`; paas's entry is the cron.d file itself
  create_bare_app "$APP"
  paas letsencrypt:cron-job --remove >/dev/null 2>&1 || true
  run paas letsencrypt:report "$APP" --letsencrypt-autorenew
  [ "$output" = "false" ]
  ! grep -qs paas-certs-renew /etc/cron.d/paas-letsencrypt

  paas letsencrypt:cron-job --add
  run paas letsencrypt:report "$APP" --letsencrypt-autorenew
  [ "$output" = "true" ]
  grep -q paas-certs-renew /etc/cron.d/paas-letsencrypt
  paas letsencrypt:cron-job --remove >/dev/null
}

@test "cron-job without flags reports disabled when autorenew flag is absent" {
  paas letsencrypt:cron-job --remove >/dev/null 2>&1 || true
  run paas letsencrypt:cron-job
  [ "$status" -eq 0 ]
  echo "$output" | grep -q "Auto-renew cron job is not enabled"
  echo "$output" | grep -q -- "--add"
}

@test "cron-job without flags reports enabled when autorenew flag is present" {
  paas letsencrypt:cron-job --add
  run paas letsencrypt:cron-job
  [ "$status" -eq 0 ]
  echo "$output" | grep -q "Auto-renew cron job is enabled"
  ! echo "$output" | grep -q "not enabled"
  echo "$output" | grep -q -- "--remove"
  paas letsencrypt:cron-job --remove >/dev/null
}

@test "cron-job rejects an unknown flag" {
  run paas letsencrypt:cron-job --bogus
  [ "$status" -ne 0 ]
  echo "$output" | grep -q "Invalid flag"
}

# ---- tests/letsencrypt_disable.bats

@test "letsencrypt:disable removes cert files and the letsencrypt directory" {
  create_app "$APP"
  paas letsencrypt:enable "$APP"
  test -f "$(cert_path_for "$APP")"
  run paas letsencrypt:disable "$APP"
  [ "$status" -eq 0 ]
  test ! -f "$(cert_path_for "$APP")"
  test ! -f "$STATE/apps/$APP/tls/server.key"
  run paas letsencrypt:active "$APP"
  [ "$output" = "false" ]
}

@test "letsencrypt:disable leaves the app intact" {
  create_app "$APP"
  paas letsencrypt:enable "$APP"
  paas letsencrypt:disable "$APP"
  run paas apps:exists "$APP"
  [ "$status" -eq 0 ]
}

# ---- tests/letsencrypt_enable_http01.bats

@test "letsencrypt:enable issues a Pebble cert via HTTP-01" {
  create_app "$APP"
  run paas letsencrypt:enable "$APP"
  [ "$status" -eq 0 ]
  assert_cert_exists "$APP"
  assert_cert_issued_by_pebble "$APP"
  assert_cert_san_contains "$APP" "$DOMAIN"
  run paas letsencrypt:active "$APP"
  [ "$status" -eq 0 ]
  [ "$output" = "true" ]
  run paas certs:report "$APP"
  [ "$status" -eq 0 ]
  echo "$output" | grep -qi "ssl"
}

@test "letsencrypt:enable fails without an email" {
  create_bare_app "$APP"
  email_backup="$(paas letsencrypt:report "$APP" --letsencrypt-global-email || true)"
  paas letsencrypt:set --global email ""
  run paas letsencrypt:enable "$APP"
  [ -z "$email_backup" ] || paas letsencrypt:set --global email "$email_backup"
  [ "$status" -ne 0 ]
  echo "$output" | grep -qi "e-mail"
}

@test "letsencrypt:enable fails when the app has no domains" {
  create_bare_app "$APP"
  paas domains:clear "$APP"
  run paas letsencrypt:enable "$APP"
  [ "$status" -ne 0 ]
  echo "$output" | grep -qi "no domains"
}

@test "letsencrypt:enable is a no-op when a valid cert already exists" {
  create_app "$APP"
  paas letsencrypt:set "$APP" graceperiod 60
  paas letsencrypt:enable "$APP"
  before="$(cert_serial "$APP")"
  run paas letsencrypt:enable "$APP"
  [ "$status" -eq 0 ]
  echo "$output" | grep -qi "still valid"
  ! echo "$output" | grep -qi "Certificate retrieved successfully"
  [ "$(cert_serial "$APP")" = "$before" ]
}

@test "letsencrypt:enable --force reissues even when a valid cert exists" {
  create_app "$APP"
  paas letsencrypt:set "$APP" graceperiod 60
  paas letsencrypt:enable "$APP"
  before="$(cert_serial "$APP")"
  run paas letsencrypt:enable "$APP" --force
  [ "$status" -eq 0 ]
  echo "$output" | grep -qi "Certificate retrieved successfully"
  ! echo "$output" | grep -qi "still valid"
  # upstream compares lego's config-hash directory (unchanged); here: a new certificate
  [ "$(cert_serial "$APP")" != "$before" ]
}

@test "letsencrypt:enable does not re-add http:80 when it is already mapped" {
  create_app "$APP"
  paas ports:set "$APP" http:80:5000
  run paas letsencrypt:enable "$APP"
  [ "$status" -eq 0 ]
  ! echo "$output" | grep -qi "Adding http:80"
  run paas ports:report "$APP" --ports-map
  [ "$status" -eq 0 ]
  echo "$output" | grep -qF "http:80:5000"
  [ "$(echo "$output" | tr ' ' '\n' | grep -c '^http:80:')" -eq 1 ]
}

@test "letsencrypt:enable reissues when a new domain is added" {
  create_app "$APP"
  paas letsencrypt:set "$APP" graceperiod 60
  paas letsencrypt:enable "$APP"
  assert_cert_san_contains "$APP" "$DOMAIN"
  EXTRA_DOMAIN="extra.$APP.$TEST_DOMAIN_BASE"
  paas domains:add "$APP" "$EXTRA_DOMAIN"
  run paas letsencrypt:enable "$APP"
  [ "$status" -eq 0 ]
  echo "$output" | grep -qi "Certificate retrieved successfully"
  assert_cert_san_contains "$APP" "$DOMAIN"
  assert_cert_san_contains "$APP" "$EXTRA_DOMAIN"
}

# ---- tests/letsencrypt_enable_multi_domain.bats

@test "letsencrypt:enable issues a SAN cert covering both domains" {
  DOMAIN_A="a.$APP.$TEST_DOMAIN_BASE"
  DOMAIN_B="b.$APP.$TEST_DOMAIN_BASE"
  create_app "$APP" "$DOMAIN_A"
  paas domains:add "$APP" "$DOMAIN_B"
  run paas letsencrypt:enable "$APP"
  [ "$status" -eq 0 ]
  assert_cert_exists "$APP"
  assert_cert_san_contains "$APP" "$DOMAIN_A"
  assert_cert_san_contains "$APP" "$DOMAIN_B"
}

# ---- tests/letsencrypt_hooks.bats

@test "post-app-clone clears the letsencrypt directory on the clone" {
  create_app "$APP"
  paas letsencrypt:enable "$APP"
  [ "$(paas letsencrypt:active "$APP")" = "true" ]
  CLONED_APP="$APP-clone"
  paas apps:clone --skip-deploy "$APP" "$CLONED_APP"
  run paas letsencrypt:active "$CLONED_APP"
  [ "$output" = "false" ]
  test ! -f "$(cert_path_for "$CLONED_APP")"
}

@test "post-delete clears letsencrypt properties for a destroyed app" {
  create_bare_app "$APP"
  paas letsencrypt:set "$APP" graceperiod 4242
  run paas letsencrypt:report "$APP" --letsencrypt-graceperiod
  [ "$output" = "4242" ]
  paas --force apps:destroy "$APP"
  test ! -d "$STATE/props/letsencrypt/$APP"
}

# ---- tests/letsencrypt_list.bats

@test "letsencrypt:list lists enrolled apps with expiry columns" {
  create_app "$APP"
  paas letsencrypt:enable "$APP"
  run paas letsencrypt:list
  [ "$status" -eq 0 ]
  echo "$output" | grep -q "App name"
  echo "$output" | grep -q "Certificate Expiry"
  echo "$output" | grep -q "Time before expiry"
  echo "$output" | grep -q "Time before renewal"
  echo "$output" | grep -q "$APP"
}

@test "letsencrypt:list omits apps without an active cert" {
  create_bare_app "$APP"
  run paas letsencrypt:list
  [ "$status" -eq 0 ]
  ! echo "$output" | grep -q "$APP"
}

# ---- tests/letsencrypt_report.bats

@test "letsencrypt:report renders a stdout report by default" {
  create_bare_app "$APP"
  run paas letsencrypt:report "$APP"
  [ "$status" -eq 0 ]
  echo "$output" | grep -q "${APP} letsencrypt information"
  echo "$output" | grep -q "Letsencrypt active"
  echo "$output" | grep -q "Letsencrypt computed email"
}

@test "letsencrypt:report --format json returns valid JSON for an app" {
  create_bare_app "$APP"
  paas letsencrypt:set "$APP" email "app@dokku.test"
  run paas letsencrypt:report "$APP" --format json
  [ "$status" -eq 0 ]
  echo "$output" | jq -e . >/dev/null
  email="$(echo "$output" | jq -r '.email')"
  [ "$email" = "app@dokku.test" ]
  computed="$(echo "$output" | jq -r '."computed-email"')"
  [ "$computed" = "app@dokku.test" ]
}

@test "letsencrypt:report --format json without an app emits one object per app" {
  create_bare_app "$APP"
  run /bin/bash -c "paas letsencrypt:report --format json | jq -e ."
  [ "$status" -eq 0 ]
}

@test "letsencrypt:report --global prints a global header" {
  run paas letsencrypt:report --global
  [ "$status" -eq 0 ]
  echo "$output" | grep -q "global letsencrypt information"
  echo "$output" | grep -q "Letsencrypt global email"
}

@test "letsencrypt:report --global --format json returns only global keys" {
  paas letsencrypt:set --global graceperiod 11111
  run paas letsencrypt:report --global --format json
  [ "$status" -eq 0 ]
  echo "$output" | jq -e . >/dev/null
  non_global="$(echo "$output" | jq -r 'keys[]' | grep -v '^global-' || true)"
  [ -z "$non_global" ]
  value="$(echo "$output" | jq -r '."global-graceperiod"')"
  [ "$value" = "11111" ]
}

@test "letsencrypt:report --format json combined with an info flag is rejected" {
  create_bare_app "$APP"
  run paas letsencrypt:report "$APP" --format json --letsencrypt-email
  [ "$status" -ne 0 ]
  echo "$output" | grep -q "format flag cannot be specified when specifying an info flag"
}

@test "letsencrypt:report info flag still returns just that value" {
  create_bare_app "$APP"
  paas letsencrypt:set "$APP" graceperiod 4242
  run paas letsencrypt:report "$APP" --letsencrypt-graceperiod
  [ "$status" -eq 0 ]
  [ "$output" = "4242" ]
}

# ---- tests/letsencrypt_revoke.bats

@test "letsencrypt:revoke removes the certificate" {
  create_app "$APP"
  paas letsencrypt:enable "$APP"
  test -f "$(cert_path_for "$APP")"
  run paas letsencrypt:revoke "$APP"
  [ "$status" -eq 0 ]
  run paas letsencrypt:active "$APP"
  [ "$output" = "false" ]
}

# ---- tests/letsencrypt_set.bats

@test "letsencrypt:set writes app-level property" {
  create_bare_app "$APP"
  run paas letsencrypt:set "$APP" email "app@dokku.test"
  [ "$status" -eq 0 ]
  run paas letsencrypt:report "$APP" --letsencrypt-email
  [ "$status" -eq 0 ]
  [ "$output" = "app@dokku.test" ]
}

@test "letsencrypt:set --global writes global property" {
  create_bare_app "$APP"
  run paas letsencrypt:set --global graceperiod 12345
  [ "$status" -eq 0 ]
  run paas letsencrypt:report "$APP" --letsencrypt-global-graceperiod
  [ "$status" -eq 0 ]
  [ "$output" = "12345" ]
}

@test "app-level property overrides global in computed value" {
  create_bare_app "$APP"
  paas letsencrypt:set --global graceperiod 100
  paas letsencrypt:set "$APP" graceperiod 200
  run paas letsencrypt:report "$APP" --letsencrypt-computed-graceperiod
  [ "$status" -eq 0 ]
  [ "$output" = "200" ]
}

@test "unsetting an app property falls back to global" {
  create_bare_app "$APP"
  paas letsencrypt:set --global graceperiod 100
  paas letsencrypt:set "$APP" graceperiod 200
  paas letsencrypt:set "$APP" graceperiod ""
  run paas letsencrypt:report "$APP" --letsencrypt-computed-graceperiod
  [ "$status" -eq 0 ]
  [ "$output" = "100" ]
}

@test "letsencrypt:set rejects unknown keys" {
  create_bare_app "$APP"
  run paas letsencrypt:set "$APP" notakey value
  [ "$status" -ne 0 ]
}

@test "letsencrypt:report shows expected fields when nothing is set" {
  create_bare_app "$APP"
  run paas letsencrypt:report "$APP"
  [ "$status" -eq 0 ]
  echo "$output" | grep -q "Letsencrypt active"
  echo "$output" | grep -q "Letsencrypt computed email"
  echo "$output" | grep -q "Letsencrypt computed server"
  echo "$output" | grep -q "Letsencrypt computed graceperiod"
}

# ---- tests/letsencrypt_shared_account.bats (paas keeps one account key for every app and server)

@test "two apps share a single ACME account via the shared accounts dir" {
  create_app "$APP"
  APP2="$APP-b"
  create_app "$APP2"
  run paas letsencrypt:enable "$APP"
  [ "$status" -eq 0 ]
  test -f "$STATE/letsencrypt/account.key"
  account_before="$(sha256sum "$STATE/letsencrypt/account.key")"
  run paas letsencrypt:enable "$APP2"
  [ "$status" -eq 0 ]
  [ "$(sha256sum "$STATE/letsencrypt/account.key")" = "$account_before" ]
}

@test "shared accounts directory is created with 0700 mode" {
  create_app "$APP"
  paas letsencrypt:enable "$APP"
  [ "$(stat -c '%a' "$STATE/letsencrypt")" = "700" ]
}
