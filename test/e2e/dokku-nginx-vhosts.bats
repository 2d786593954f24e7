#!/usr/bin/env bats
# Dokku's own tests of the nginx-vhosts plugin on a deployed app (dokku/dokku
# tests/unit/nginx-vhosts_1.bats .. nginx-vhosts_16.bats), ported mechanically: `dokku` -> `paas`,
# DOKKU_DOMAIN -> paas.test, TEST_APP -> nv-vh. One app is deployed once for the whole file (a local
# busybox httpd image through git:from-image: no Docker Hub, no herokuish) where upstream deploys a
# fresh one per test; each test puts back what it changed. `nginx:set` rebuilds and reloads the config
# at once in paas, so upstream's `proxy:build-config` after each set is kept in one test only.
# Differences in the rendered text (paas writes one space after a directive, names the log format and
# buffers the access log, sends `error_log off` to /dev/null) are noted where they change an assertion.
# Upstream tests paas cannot run are kept as `skip` with the reason (docs/dokku-differences.md, nginx).
# Needs docker and nginx: run it through /work/wt/e2e.sh.
load helpers/common

TEST_APP=nv-vh
DOMAIN=$PAAS_TEST_DOMAIN
IMAGE=paas/nv-vh:1

setup_file() {
  destroy_app "$TEST_APP"
  local ctx="$BATS_FILE_TMPDIR/img"
  mkdir -p "$ctx"
  cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM paas/busybox
RUN mkdir -p /www && echo "nv vhost page" > /www/index.html
CMD ["/bin/sh", "-c", "exec httpd -f -p ${PORT:-5000} -h /www"]
DOCKERFILE
  docker build -q -t "$IMAGE" "$ctx" >/dev/null
  paas apps:create "$TEST_APP" >/dev/null 2>&1
  # upstream nginx-vhosts_1.bats "proxy:build-config (domains:add pre deploy)": a domain added before
  # the first deploy is served by it.
  paas domains:add "$TEST_APP" "www.test.app.$DOMAIN" >/dev/null 2>&1
  paas git:from-image "$TEST_APP" "$IMAGE" >"$BATS_FILE_TMPDIR/deploy.log" 2>&1 || {
    cat "$BATS_FILE_TMPDIR/deploy.log" >&3
    return 1
  }
  # A wildcard certificate for the wildcard tests (upstream's server_ssl_wildcard.tar is not vendored).
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=*.$DOMAIN" \
    -addext "subjectAltName=DNS:*.$DOMAIN" -keyout "$BATS_FILE_TMPDIR/wildcard.key" \
    -out "$BATS_FILE_TMPDIR/wildcard.crt" 2>/dev/null
  mkdir -p "$BATS_FILE_TMPDIR/tls"
  tar xf "$BATS_TEST_DIRNAME/fixtures/dokku/server_ssl.tar" -C "$BATS_FILE_TMPDIR/tls"
  mkdir -p "$BATS_FILE_TMPDIR/tls-sans"
  tar xf "$BATS_TEST_DIRNAME/fixtures/dokku/server_ssl_sans.tar" -C "$BATS_FILE_TMPDIR/tls-sans"
}

teardown_file() {
  rm -f /etc/nginx/sites-enabled/default.bats-stub
  paas nginx:set --global hsts >/dev/null 2>&1 || true
  destroy_app "$TEST_APP"
  docker rmi -f "$IMAGE" >/dev/null 2>&1 || true
}

# upstream's setup_test_tls: the app gets a certificate (and so https on 443, http redirected).
setup_test_tls() { # [wildcard|sans]
  if [[ "${1:-}" == wildcard ]]; then
    paas certs:add "$TEST_APP" "$BATS_FILE_TMPDIR/wildcard.crt" "$BATS_FILE_TMPDIR/wildcard.key" >/dev/null 2>&1
  elif [[ "${1:-}" == sans ]]; then
    paas certs:add "$TEST_APP" "$BATS_FILE_TMPDIR/tls-sans/server.crt" "$BATS_FILE_TMPDIR/tls-sans/server.key" >/dev/null 2>&1
  else
    paas certs:add "$TEST_APP" "$BATS_FILE_TMPDIR/tls/server.crt" "$BATS_FILE_TMPDIR/tls/server.key" >/dev/null 2>&1
  fi
}

teardown_test_tls() {
  paas certs:remove "$TEST_APP" >/dev/null 2>&1
}

# upstream's assert_http_localhost_response, without its 30 retries: paas returns after the reload.
assert_http_localhost_response() { # SCHEME DOMAIN [PORT] [PATH] [CONTENT] [STATUS]
  local scheme="$1" domain="$2" port="${3:-80}" path="${4:-}" status_code="${6:-200}"
  [[ "$scheme" == https && -z "${3:-}" ]] && port=443
  run curl --connect-to "$domain:$port:127.0.0.1:$port" -kSso /dev/null -w "%{http_code}" "$scheme://$domain:$port$path"
  assert_output "$status_code"
}

# upstream's assert_http_redirect, with curl pointed at this host. Difference: paas redirects to
# https://HOST/ (no ":443" when https is on 443); upstream's "https://HOST:443/".
assert_http_redirect() { # FROM-DOMAIN TO-URL
  run curl --connect-to "$1:80:127.0.0.1:80" -kSso /dev/null -w "%{redirect_url}" "http://$1"
  assert_output "$2"
}

# upstream's assert_ssl_domain: http redirects to https, which answers.
assert_ssl_domain() { # DOMAIN
  assert_http_redirect "$1" "https://$1/"
  assert_http_localhost_response https "$1"
}

show_config() {
  paas nginx:show-config "$TEST_APP"
}

# Count of lines in the live config that contain TEXT (upstream's assert_output_contains TEXT N).
config_count() { # TEXT
  paas nginx:show-config "$TEST_APP" | grep -cF -- "$1" || true
}

# from dokku tests/unit/nginx-vhosts_1.bats "(nginx-vhosts) proxy:build-config (domains:disable/enable)"
@test "(nginx-vhosts) proxy:build-config (domains:disable/enable)" {
  skip "paas has no domains:disable (an app is served by its domains only, never on a host port)"
}

# from dokku tests/unit/nginx-vhosts_1.bats "(nginx-vhosts) proxy:build-config (domains:add pre deploy)"
# (the domain is added before the file's one deploy, in setup_file)
@test "(nginx-vhosts) proxy:build-config (domains:add pre deploy)" {
  assert_http_localhost_response http "www.test.app.$DOMAIN"
}

# from dokku tests/unit/nginx-vhosts_1.bats "(nginx-vhosts) proxy:build-config (with global VHOST)"
@test "(nginx-vhosts) proxy:build-config (with global VHOST)" {
  run paas urls "$TEST_APP"
  assert_output --partial "http://$TEST_APP.$DOMAIN"
  assert_http_localhost_response http "$TEST_APP.$DOMAIN"
}

# from dokku tests/unit/nginx-vhosts_4.bats "(nginx-vhosts) proxy:build-config (without global VHOST)",
# "proxy:build-config (without global VHOST and IPv4 address set as HOSTNAME)",
# "proxy:build-config (without global VHOST and IPv6 address set as HOSTNAME)",
# "proxy:build-config (without global VHOST and domains:add pre deploy)"
@test "(nginx-vhosts) proxy:build-config (without global VHOST)" {
  skip "paas serves an app only on its domains (no host:port URLs without a global domain), and the installed system's global domain is shared by every test file"
}

# from dokku tests/unit/nginx-vhosts_4.bats
# "(nginx-vhosts) proxy:build-config (without global VHOST and domains:add post deploy)"
# (the global domain stays: see the skipped test above)
@test "(nginx-vhosts) proxy:build-config (domains:add post deploy)" {
  run paas domains:add "$TEST_APP" "www2.test.app.$DOMAIN"
  assert_success
  assert_http_localhost_response http "www2.test.app.$DOMAIN"
  run paas domains:remove "$TEST_APP" "www2.test.app.$DOMAIN"
  assert_success
  run config_count "www2.test.app.$DOMAIN"
  assert_output 0
}

# from dokku tests/unit/nginx-vhosts_5.bats "(nginx-vhosts) proxy:build-config (sslip.io style hostnames)"
# (the name is added to the app: the global domain is shared by every test file)
@test "(nginx-vhosts) proxy:build-config (sslip.io style hostnames)" {
  run paas domains:add "$TEST_APP" "$TEST_APP.127.0.0.1.sslip.io.$DOMAIN"
  assert_success
  assert_http_localhost_response http "$TEST_APP.127.0.0.1.sslip.io.$DOMAIN"
  run paas domains:remove "$TEST_APP" "$TEST_APP.127.0.0.1.sslip.io.$DOMAIN"
  assert_success
}

# from dokku tests/unit/nginx-vhosts_5.bats "(nginx-vhosts) proxy:build-config (dockerfile expose)",
# "proxy:build-config (multiple networks)", "proxy:build-config (global proxy-port)"
@test "(nginx-vhosts) proxy:build-config (dockerfile expose, multiple networks, global proxy-port)" {
  skip "each needs its own deploy (EXPOSE detection and networks are ported in dokku-ports.bats and dokku-network.bats); paas has no proxy-port property"
}

# from dokku tests/unit/nginx-vhosts_6.bats "(nginx-vhosts) nginx (no server tokens)"
@test "(nginx-vhosts) nginx (no server tokens)" {
  run bash -c "curl -s -D - --connect-to $TEST_APP.$DOMAIN:80:127.0.0.1:80 http://$TEST_APP.$DOMAIN -o /dev/null | grep -E '^Server' | grep -E '[0-9]+'"
  assert_failure
}

# from dokku tests/unit/nginx-vhosts_6.bats "(nginx-vhosts) nginx:set hsts"
# Difference: paas writes the header into the app's config, not an nginx.conf.d/hsts.conf, and prints
# no "Enabling HSTS": the assertions read the live config and the header curl gets.
@test "(nginx-vhosts) nginx:set hsts" {
  setup_test_tls wildcard
  run show_config
  assert_output --partial 'Strict-Transport-Security "max-age=15724800; includeSubDomains" always;'
  run bash -c "curl -ksS -D - -o /dev/null --connect-to $TEST_APP.$DOMAIN:443:127.0.0.1:443 https://$TEST_APP.$DOMAIN/ | grep -i '^strict-transport-security: max-age=15724800; includeSubDomains'"
  assert_success

  run paas nginx:set "$TEST_APP" hsts-include-subdomains false
  assert_success
  run show_config
  refute_output --partial includeSubDomains

  run paas nginx:set "$TEST_APP" hsts-max-age 120
  assert_success
  run show_config
  assert_output --partial 'max-age=120'

  run paas nginx:set "$TEST_APP" hsts-preload true
  assert_success
  run show_config
  assert_output --partial 'max-age=120; preload"'

  run paas nginx:set "$TEST_APP" hsts false
  assert_success
  run show_config
  refute_output --partial Strict-Transport-Security

  for k in hsts hsts-include-subdomains hsts-max-age hsts-preload; do paas nginx:set "$TEST_APP" "$k" >/dev/null 2>&1; done
  teardown_test_tls
}

# from dokku tests/unit/nginx-vhosts_6.bats "(nginx-vhosts) nginx:set --global hsts"
@test "(nginx-vhosts) nginx:set --global hsts" {
  setup_test_tls wildcard
  run config_count Strict-Transport-Security
  assert_output 1

  # disable hsts globally
  run paas nginx:set --global hsts false
  assert_success
  run config_count Strict-Transport-Security
  assert_output 0

  # apply on app
  run paas nginx:set "$TEST_APP" hsts true
  assert_success
  run config_count Strict-Transport-Security
  assert_output 1

  # set global value to default
  run paas nginx:set --global hsts
  assert_success
  run config_count Strict-Transport-Security
  assert_output 1

  paas nginx:set "$TEST_APP" hsts >/dev/null 2>&1
  teardown_test_tls
}

# from dokku tests/unit/nginx-vhosts_6.bats "(nginx-vhosts) nginx:set bind-address"
# (the [::1] listen is there only where the host has IPv6, as paas listens on [::] only then)
@test "(nginx-vhosts) nginx:set bind-address" {
  run paas nginx:set "$TEST_APP" bind-address-ipv4 127.0.0.1
  assert_success
  run paas nginx:set "$TEST_APP" bind-address-ipv6 ::1
  assert_success
  run show_config
  assert_output --partial "127.0.0.1:80;"
  if grep -q 'listen \[' <<<"$output"; then assert_output --partial "[::1]:80;"; fi
  assert_http_localhost_response http "$TEST_APP.$DOMAIN"

  run paas nginx:set "$TEST_APP" bind-address-ipv4
  assert_success
  run paas nginx:set "$TEST_APP" bind-address-ipv6
  assert_success
  run show_config
  refute_output --partial "[::1]:80;"
  refute_output --partial "127.0.0.1:80;"
}

# from dokku tests/unit/nginx-vhosts_6.bats "(nginx-vhosts) nginx:validate-config"
# Difference: paas validates what it would render from the app's settings, so junk written into the live
# file is not what it checks, and it has no --clean; those parts are left out.
@test "(nginx-vhosts) nginx:validate-config" {
  run paas nginx:validate-config
  assert_success
  run paas nginx:validate-config "$TEST_APP"
  assert_success
}

# from dokku tests/unit/nginx-vhosts_7.bats (5 tests), nginx-vhosts_11.bats "nginx:set nginx.conf.sigil",
# nginx-vhosts_12.bats "git:from-image nginx.conf.sigil", nginx-vhosts_15.bats (6 tests)
@test "(nginx-vhosts) custom nginx.conf.sigil templates (13 upstream tests)" {
  skip "paas renders no app-supplied nginx.conf.sigil: a template from the app's repository would let any pusher write root's nginx config (docs/dokku-differences.md, nginx)"
}

# from dokku tests/unit/nginx-vhosts_8.bats "(nginx-vhosts) nginx:set client-max-body-size"
@test "(nginx-vhosts) nginx:set client-max-body-size" {
  run show_config
  assert_output --partial "client_max_body_size 1m;"
  run paas nginx:set "$TEST_APP" client-max-body-size 2m
  assert_success
  run paas proxy:build-config "$TEST_APP"
  assert_success
  run show_config
  assert_output --partial "client_max_body_size 2m;"
  run paas nginx:set "$TEST_APP" client-max-body-size
  assert_success
  run paas proxy:build-config "$TEST_APP"
  assert_success
  run show_config
  assert_output --partial "client_max_body_size 1m;"
}

# from dokku tests/unit/nginx-vhosts_8.bats "(nginx-vhosts) nginx:set proxy-read-timeout"
@test "(nginx-vhosts) nginx:set proxy-read-timeout" {
  run paas nginx:set "$TEST_APP" proxy-read-timeout 45s
  assert_success
  run show_config
  assert_output --partial "45s;"
  run paas nginx:set "$TEST_APP" proxy-read-timeout
  assert_success
  run show_config
  refute_output --partial "45s;"
}

# from dokku tests/unit/nginx-vhosts_8.bats "(nginx-vhosts) nginx:set proxy-read-timeout (with SSL)"
@test "(nginx-vhosts) nginx:set proxy-read-timeout (with SSL)" {
  setup_test_tls
  run paas nginx:set "$TEST_APP" proxy-read-timeout 45s
  assert_success
  run show_config
  assert_output --partial "45s;"
  run paas nginx:set "$TEST_APP" proxy-read-timeout
  assert_success
  run show_config
  refute_output --partial "45s;"
  teardown_test_tls
}

# from dokku tests/unit/nginx-vhosts_8.bats "(nginx-vhosts) proxy:build-config ignore bad https mapping"
@test "(nginx-vhosts) proxy:build-config ignore bad https mapping" {
  skip "needs a deploy of a Dockerfile app with no EXPOSE while a certificate is set (upstream's dockerfile-noexpose); paas detects http:80:5000 only and serves https from the certificate"
}

# from dokku tests/unit/nginx-vhosts_9.bats "(nginx-vhosts) logging"
@test "(nginx-vhosts) logging" {
  run [ -a "/var/log/nginx/$TEST_APP-access.log" ]
  assert_success
  run [ -a "/var/log/nginx/$TEST_APP-error.log" ]
  assert_success
  run paas nginx:access-logs "$TEST_APP"
  assert_success
  run paas nginx:error-logs "$TEST_APP"
  assert_success
}

# from dokku tests/unit/nginx-vhosts_9.bats "(nginx-vhosts) log-path"
# Difference: paas writes "error_log off" as /dev/null at level crit (nginx would open a file named off).
@test "(nginx-vhosts) log-path" {
  run paas nginx:set "$TEST_APP" access-log-path off
  assert_success
  run show_config
  assert_output --partial "access_log off;"
  run paas nginx:set "$TEST_APP" access-log-path
  assert_success
  run show_config
  refute_output --partial "access_log off;"

  run paas nginx:set "$TEST_APP" error-log-path off
  assert_success
  run show_config
  assert_output --partial "error_log /dev/null crit;"
  run paas nginx:set "$TEST_APP" error-log-path
  assert_success
  run show_config
  refute_output --partial "error_log /dev/null crit;"
}

# from dokku tests/unit/nginx-vhosts_9.bats "(nginx-vhosts) access-log-format"
# Difference: paas buffers the access log, so the format name is followed by the buffer options, and it
# names nginx's own "combined" when no format is set (upstream: no name).
@test "(nginx-vhosts) access-log-format" {
  run paas nginx:set "$TEST_APP" access-log-format combined
  assert_success
  run show_config
  assert_output --partial "-access.log combined "
  run paas nginx:set "$TEST_APP" access-log-path off
  assert_success
  run show_config
  assert_output --partial "access_log off;"
  run paas nginx:set "$TEST_APP" access-log-format
  run paas nginx:set "$TEST_APP" access-log-path
  assert_success
  run show_config
  assert_output --partial "-access.log combined buffer="
}

# from dokku tests/unit/nginx-vhosts_9.bats and nginx-vhosts_2.bats "(nginx-vhosts) proxy:build-config (with SSL and unrelated domain)"
@test "(nginx-vhosts) proxy:build-config (with SSL and unrelated domain)" {
  setup_test_tls
  run paas domains:add "$TEST_APP" "node-js-app.$DOMAIN"
  assert_success
  run paas domains:add "$TEST_APP" "test.$DOMAIN"
  assert_success
  run show_config
  assert_success
  assert_ssl_domain "node-js-app.$DOMAIN"
  assert_http_redirect "test.$DOMAIN" "https://test.$DOMAIN/"
  paas domains:remove "$TEST_APP" "node-js-app.$DOMAIN" "test.$DOMAIN" >/dev/null 2>&1
  teardown_test_tls
}

# from dokku tests/unit/nginx-vhosts_9.bats and nginx-vhosts_2.bats "(nginx-vhosts) proxy:build-config (wildcard SSL)"
@test "(nginx-vhosts) proxy:build-config (wildcard SSL)" {
  setup_test_tls wildcard
  run paas domains:add "$TEST_APP" "wildcard1.$DOMAIN"
  assert_success
  run paas domains:add "$TEST_APP" "wildcard2.$DOMAIN"
  assert_success
  run show_config
  assert_success
  assert_ssl_domain "wildcard1.$DOMAIN"
  assert_ssl_domain "wildcard2.$DOMAIN"
  paas domains:remove "$TEST_APP" "wildcard1.$DOMAIN" "wildcard2.$DOMAIN" >/dev/null 2>&1
  teardown_test_tls
}

# from dokku tests/unit/nginx-vhosts_2.bats "(nginx-vhosts) proxy:build-config (wildcard SSL and unrelated domain) 1"
# (on the file's app: paas refuses upstream's app name "APP.example.com", dots are not allowed)
@test "(nginx-vhosts) proxy:build-config (wildcard SSL and unrelated domain) 1" {
  setup_test_tls wildcard
  run show_config
  assert_success
  run config_count "*.$DOMAIN"
  assert_output 0
  teardown_test_tls
}

# from dokku tests/unit/nginx-vhosts_2.bats "(nginx-vhosts) proxy:build-config (with SSL and Multiple SANs)"
@test "(nginx-vhosts) proxy:build-config (with SSL and Multiple SANs)" {
  setup_test_tls sans
  run paas domains:add "$TEST_APP" "test.$DOMAIN"
  assert_success
  run paas domains:add "$TEST_APP" "www.test.$DOMAIN"
  assert_success
  run paas domains:add "$TEST_APP" "www.test.app.$DOMAIN"
  assert_success
  assert_ssl_domain "test.$DOMAIN"
  assert_ssl_domain "www.test.$DOMAIN"
  assert_ssl_domain "www.test.app.$DOMAIN"
  paas domains:remove "$TEST_APP" "test.$DOMAIN" "www.test.$DOMAIN" >/dev/null 2>&1
  teardown_test_tls
}

# from dokku tests/unit/nginx-vhosts_3.bats "grpc endpoint", "grpc endpoint on a port other than 80",
# "grpcs endpoint"
@test "(nginx-vhosts) grpc endpoints" {
  skip "paas port mappings are http and https only (no grpc/grpcs scheme)"
}

# from dokku tests/unit/nginx-vhosts_10.bats "(nginx-vhosts) nginx:set x-forwarded-for-value"
@test "(nginx-vhosts) nginx:set x-forwarded-for-value" {
  run show_config
  assert_output --partial "X-Forwarded-For \$remote_addr;"
  run paas nginx:set "$TEST_APP" x-forwarded-for-value '$http_x_forwarded_for'
  assert_success
  run show_config
  assert_output --partial "X-Forwarded-For \$http_x_forwarded_for;"
  paas nginx:set "$TEST_APP" x-forwarded-for-value >/dev/null 2>&1
}

# from dokku tests/unit/nginx-vhosts_10.bats "(nginx-vhosts) nginx:set x-forwarded-port-value"
@test "(nginx-vhosts) nginx:set x-forwarded-port-value" {
  run show_config
  assert_output --partial "X-Forwarded-Port \$server_port;"
  run paas nginx:set "$TEST_APP" x-forwarded-port-value '$http_x_forwarded_port'
  assert_success
  run show_config
  assert_output --partial "X-Forwarded-Port \$http_x_forwarded_port;"
  paas nginx:set "$TEST_APP" x-forwarded-port-value >/dev/null 2>&1
}

# from dokku tests/unit/nginx-vhosts_10.bats "(nginx-vhosts) nginx:set x-forwarded-proto-value"
@test "(nginx-vhosts) nginx:set x-forwarded-proto-value" {
  run show_config
  assert_output --partial "X-Forwarded-Proto \$scheme;"
  run paas nginx:set "$TEST_APP" x-forwarded-proto-value '$http_x_forwarded_proto'
  assert_success
  run show_config
  assert_output --partial "X-Forwarded-Proto \$http_x_forwarded_proto;"
  paas nginx:set "$TEST_APP" x-forwarded-proto-value >/dev/null 2>&1
}

# from dokku tests/unit/nginx-vhosts_10.bats "(nginx-vhosts) nginx:set x-forwarded-ssl"
@test "(nginx-vhosts) nginx:set x-forwarded-ssl" {
  run config_count X-Forwarded-Ssl
  assert_output 0
  run paas nginx:set "$TEST_APP" x-forwarded-ssl on
  assert_success
  run show_config
  assert_output --partial "X-Forwarded-Ssl on;"
  run paas nginx:set "$TEST_APP" x-forwarded-ssl off
  assert_success
  run show_config
  assert_output --partial "X-Forwarded-Ssl off;"
  run paas nginx:set "$TEST_APP" x-forwarded-ssl
  assert_success
  run config_count X-Forwarded-Ssl
  assert_output 0
}

# from dokku tests/unit/nginx-vhosts_11.bats "(nginx-vhosts) nginx:set proxy-buffer-size"
@test "(nginx-vhosts) nginx:set proxy-buffer-size" {
  run paas nginx:set "$TEST_APP" proxy-buffer-size 2k
  assert_success
  run show_config
  assert_output --partial "proxy_buffer_size 2k;"
  run paas nginx:set "$TEST_APP" proxy-buffer-size
  assert_success
  run show_config
  refute_output --partial "proxy_buffer_size 2k;"
}

# from dokku tests/unit/nginx-vhosts_11.bats "(nginx-vhosts) nginx:set proxy-buffering"
@test "(nginx-vhosts) nginx:set proxy-buffering" {
  run paas nginx:set "$TEST_APP" proxy-buffering off
  assert_success
  run show_config
  assert_output --partial "proxy_buffering off;"
  run paas nginx:set "$TEST_APP" proxy-buffering
  assert_success
  run show_config
  refute_output --partial "proxy_buffering off;"
}

# from dokku tests/unit/nginx-vhosts_11.bats "(nginx-vhosts) nginx:set proxy-buffers"
@test "(nginx-vhosts) nginx:set proxy-buffers" {
  run paas nginx:set "$TEST_APP" proxy-buffers "64 4k"
  assert_success
  run show_config
  assert_output --partial "proxy_buffers 64 4k;"
  run paas nginx:set "$TEST_APP" proxy-buffers
  assert_success
  run show_config
  refute_output --partial "proxy_buffers 64 4k;"
}

# from dokku tests/unit/nginx-vhosts_11.bats "(nginx-vhosts) nginx:set proxy-busy-buffers-size"
@test "(nginx-vhosts) nginx:set proxy-busy-buffers-size" {
  run paas nginx:set "$TEST_APP" proxy-busy-buffers-size 10k
  assert_success
  run show_config
  assert_output --partial "proxy_busy_buffers_size 10k;"
  run paas nginx:set "$TEST_APP" proxy-busy-buffers-size
  assert_success
  run show_config
  refute_output --partial "proxy_busy_buffers_size 10k;"
}

# from dokku tests/unit/nginx-vhosts_13.bats "proxy:build-config generates 502 config for undeployed app",
# "proxy:build-config undeployed app returns 502", "proxy:build-config domains:add updates 502 config"
@test "(nginx-vhosts) proxy:build-config 502 config for undeployed app" {
  skip "paas writes no vhost before the first deploy (the name answers nginx's default server); a deployed app with no running web process gets a 503 page"
}

# from dokku tests/unit/nginx-vhosts_13.bats "(nginx-vhosts) proxy:build-config 502 config replaced after deploy"
@test "(nginx-vhosts) proxy:build-config 502 config replaced after deploy" {
  run show_config
  assert_success
  refute_output --partial "return 502"
  assert_output --partial "proxy_pass"
  assert_http_localhost_response http "$TEST_APP.$DOMAIN"
}

# from dokku tests/unit/nginx-vhosts_13.bats "(nginx-vhosts) proxy:build-config no nginx.conf when proxy disabled"
@test "(nginx-vhosts) proxy:build-config no nginx.conf when proxy disabled" {
  run show_config
  assert_success
  run paas proxy:disable "$TEST_APP"
  assert_success
  run show_config
  assert_failure
  run paas proxy:enable "$TEST_APP"
  assert_success
  assert_http_localhost_response http "$TEST_APP.$DOMAIN"
}

# from dokku tests/unit/nginx-vhosts_14.bats "(nginx-vhosts:reload) reloads with valid config",
# "(nginx-vhosts:reload) fails with invalid config without restarting"
@test "(nginx-vhosts) nginx:reload" {
  skip "paas has no nginx:reload: every paas command that changes routing checks the whole config and reloads"
}

# from dokku tests/unit/nginx-vhosts_14.bats "(nginx-vhosts) [default-site] modern template installs and
# validates on nginx >= 1.19.4": paas renders the catch-all servers itself (global.conf.njk), one per port
# an app serves TLS on; a TLS client naming a host no app serves gets its handshake refused instead of
# the app's certificate and page.
@test "(nginx-vhosts) [default-site] modern template installs and validates on nginx >= 1.19.4" {
  setup_test_tls
  run grep -F 'ssl_reject_handshake on' /var/lib/paas/nginx/live/_paas-global.conf
  assert_success
  run grep -F 'return 444' /var/lib/paas/nginx/live/_paas-global.conf
  assert_success
  run grep -F 'listen 443 ssl default_server' /var/lib/paas/nginx/live/_paas-global.conf
  assert_success
  run nginx -t
  assert_success
  run curl -sSk --max-time 5 --resolve "unknown.invalid:443:127.0.0.1" https://unknown.invalid/
  assert_failure
  run curl -sSk --max-time 5 --resolve "$TEST_APP.$DOMAIN:443:127.0.0.1" "https://$TEST_APP.$DOMAIN/"
  assert_success
  assert_output "nv vhost page"
  teardown_test_tls
  run grep -F 'ssl_reject_handshake' /var/lib/paas/nginx/live/_paas-global.conf
  assert_failure
}

# from dokku tests/unit/nginx-vhosts_14.bats "(nginx-vhosts) [default-site] legacy template installs and
# validates on nginx < 1.19.4"
@test "(nginx-vhosts) [default-site] legacy template installs and validates on nginx < 1.19.4" {
  skip "nginx here is >= 1.19.4 (Debian 12 ships 1.22); paas requires ssl_reject_handshake"
}

# from dokku tests/unit/nginx-vhosts_14.bats "(nginx-vhosts) [default-site] coexists with stock
# sites-enabled/default": Dokku's test shows its default site and a stock one clash (nginx -t fails)
# until the stock one goes; paas leaves :80 to a config that already claims default_server there, so
# both load, and keeps its TLS catch-all.
@test "(nginx-vhosts) [default-site] coexists with stock sites-enabled/default" {
  mkdir -p /etc/nginx/sites-enabled
  cat >/etc/nginx/sites-enabled/default.bats-stub <<'STOCK'
server {
    listen 80 default_server;
    server_name _;
    return 200 "stock default";
}
STOCK
  setup_test_tls
  run nginx -t
  assert_success
  run grep -F 'listen 80 default_server' /var/lib/paas/nginx/live/_paas-global.conf
  assert_failure
  run grep -F 'listen 443 ssl default_server' /var/lib/paas/nginx/live/_paas-global.conf
  assert_success
  run curl -sS --max-time 5 -H "Host: unknown.invalid" http://127.0.0.1/
  assert_output "stock default"
  rm -f /etc/nginx/sites-enabled/default.bats-stub
  teardown_test_tls
  run grep -F 'listen 80 default_server' /var/lib/paas/nginx/live/_paas-global.conf
  assert_success
}

# from dokku tests/unit/nginx-vhosts_16.bats "(nginx-vhosts) refactored template generates nginx -t parseable http config"
@test "(nginx-vhosts) refactored template generates nginx -t parseable http config" {
  run show_config
  assert_success
  run nginx -t
  assert_success
}

# from dokku tests/unit/nginx-vhosts_16.bats "(nginx-vhosts) refactored template generates nginx -t parseable https config"
@test "(nginx-vhosts) refactored template generates nginx -t parseable https config" {
  run paas certs:add "$TEST_APP" "$BATS_FILE_TMPDIR/tls/server.crt" "$BATS_FILE_TMPDIR/tls/server.key"
  assert_success
  run nginx -t
  assert_success
  run show_config
  assert_success
  assert_output --partial "ssl_certificate"
  assert_output --partial "return 301 https"
  teardown_test_tls
}
