#!/usr/bin/env bats
# Dokku's own tests of the certs plugin (dokku/dokku tests/unit/certs.bats), ported mechanically:
# `dokku` -> `paas`, TEST_APP -> dc-ce, Dokku's own certificate tars (tests/unit/*_ssl*.tar, copied to
# fixtures/dokku). The parts that need no deploy (temp PAAS_ROOT).
load helpers/common

TEST_APP=dc-ce

setup() {
  use_temp_root
  paas apps:create "$TEST_APP" >/dev/null 2>&1
  TLS="$BATS_TEST_TMPDIR/tls"
  mkdir -p "$TLS"
  tar xf "$REPO/test/e2e/fixtures/dokku/server_ssl.tar" -C "$TLS"
  tar xf "$REPO/test/e2e/fixtures/dokku/domain_ssl.tar" -C "$TLS"
}

# from dokku tests/unit/certs.bats "(certs) certs:help"
@test "(certs) certs:help" {
  run paas certs
  assert_output --partial "Manage SSL (TLS) certs"
  help_output="$output"
  run paas certs:help
  assert_output --partial "Manage SSL (TLS) certs"
  assert_output "$help_output"
}

# from dokku tests/unit/certs.bats "(certs:report) info-flag works before deploy"
@test "(certs:report) info-flag works before deploy" {
  run paas certs:report "$TEST_APP" --ssl-hostnames
  assert_success
  run paas certs:report "$TEST_APP" --ssl-dir
  assert_success
  assert_output --partial "/$TEST_APP/tls"
  run paas certs:report "$TEST_APP" --ssl-invalid-flag
  assert_failure
}

# from dokku tests/unit/certs.bats "(certs:report) --global --format json"
@test "(certs:report) --global --format json" {
  run sh -c "paas certs:report --global --format json | jq -ec ."
  assert_success
  assert_output "{}"
  run paas certs:report --global
  assert_success
  assert_output --partial "global ssl information"
  run paas certs:report --global --ssl-bogus
  assert_failure
  assert_output --partial "Invalid flag passed"
}

# from dokku tests/unit/certs.bats "(certs:report) reports hostnames and subject for a CN-only certificate"
@test "(certs:report) reports hostnames and subject for a CN-only certificate" {
  run paas certs:add "$TEST_APP" "$TLS/server.crt" "$TLS/server.key"
  assert_success
  run paas certs:report "$TEST_APP" --ssl-hostnames
  assert_output "dokku.me"
  run paas certs:report "$TEST_APP" --ssl-subject
  assert_output "CN=dokku.me"
}

# from dokku tests/unit/certs.bats "(certs:report) preserves multi-field subject order"
@test "(certs:report) preserves multi-field subject order" {
  run paas certs:add "$TEST_APP" "$TLS/domain.com.crt" "$TLS/domain.com.key"
  assert_success
  run paas certs:report "$TEST_APP" --ssl-subject
  assert_output "C=US; ST=California; L=San Francisco; O=Expa; OU=Operations; CN=node-js-app.dokku.me"
  run paas certs:report "$TEST_APP" --ssl-hostnames
  assert_output "node-js-app.dokku.me"
}

# from dokku tests/unit/certs.bats "(certs:report) reports the CN and all SANs as hostnames"
@test "(certs:report) reports the CN and all SANs as hostnames" {
  SANS_TLS="$BATS_TEST_TMPDIR/tls-sans"
  mkdir -p "$SANS_TLS"
  tar xf "$REPO/test/e2e/fixtures/dokku/server_ssl_sans.tar" -C "$SANS_TLS"
  run paas certs:add "$TEST_APP" "$SANS_TLS/server.crt" "$SANS_TLS/server.key"
  assert_success
  run paas certs:report "$TEST_APP" --ssl-hostnames
  assert_output "test.dokku.me www.test.app.dokku.me www.test.dokku.me"
}

# from dokku tests/unit/certs.bats "(certs) certs:add"
@test "(certs) certs:add" {
  run paas certs:add "$TEST_APP" "$TLS/server.crt" "$TLS/server.key"
  assert_success
}

# from dokku tests/unit/certs.bats "(certs:add) preserves explicit https:443 port mapping"
@test "(certs:add) preserves explicit https:443 port mapping" {
  run paas ports:set "$TEST_APP" http:80:80 https:443:443
  assert_success
  run paas certs:add "$TEST_APP" "$TLS/server.crt" "$TLS/server.key"
  assert_success
  run paas --quiet ports:report "$TEST_APP" --ports-map
  assert_output "http:80:80 https:443:443"
}

# from dokku tests/unit/certs.bats "(certs:add) adds default https:443 mapping when none exists"
@test "(certs:add) adds default https:443 mapping when none exists" {
  run paas ports:set "$TEST_APP" http:80:5000
  assert_success
  run paas certs:add "$TEST_APP" "$TLS/server.crt" "$TLS/server.key"
  assert_success
  run paas --quiet ports:report "$TEST_APP" --ports-map
  assert_output "http:80:5000 https:443:5000"
}

# from dokku tests/unit/certs.bats "(certs) certs:add with multiple dots in the filename"
@test "(certs) certs:add with multiple dots in the filename" {
  run paas certs:add "$TEST_APP" "$TLS/domain.com.crt" "$TLS/domain.com.key"
  assert_success
}

# from dokku tests/unit/certs.bats "(certs) certs:add tar:in"
@test "(certs) certs:add tar:in" {
  run bash -c "node $REPO/dist/bin/paas.js certs:add $TEST_APP < $REPO/test/e2e/fixtures/dokku/server_ssl.tar"
  assert_success
}

# from dokku tests/unit/certs.bats "(certs) certs:remove"
@test "(certs) certs:remove" {
  run paas certs:add "$TEST_APP" "$TLS/server.crt" "$TLS/server.key"
  assert_success
  run paas certs:remove "$TEST_APP"
  assert_success
}

# from dokku tests/unit/certs.bats "(certs) certs:add tar:in should ignore OSX hidden files"
@test "(certs) certs:add tar:in should ignore OSX hidden files" {
  run bash -c "node $REPO/dist/bin/paas.js certs:add $TEST_APP < $REPO/test/e2e/fixtures/dokku/osx_ssl_tarred.tar"
  assert_success
}

# from dokku tests/unit/certs.bats "(certs) certs:add with symbolic link for certificate"
@test "(certs) certs:add with symbolic link for certificate" {
  ln -s "$TLS/server.crt" "$TLS/linked_server.crt"
  run paas certs:add "$TEST_APP" "$TLS/linked_server.crt" "$TLS/server.key"
  assert_success
}

# from dokku tests/unit/certs.bats "(certs) certs:add with symbolic link for private key"
@test "(certs) certs:add with symbolic link for private key" {
  ln -s "$TLS/server.key" "$TLS/linked_server.key"
  run paas certs:add "$TEST_APP" "$TLS/server.crt" "$TLS/linked_server.key"
  assert_success
}

# from dokku tests/unit/certs.bats "(certs) certs:show"
@test "(certs) certs:show" {
  run paas certs:show fake-app-name
  assert_output --partial "App fake-app-name does not exist"
  assert_failure
  run paas certs:show "$TEST_APP" fake-var-name
  assert_output --partial "specify either 'key' or 'crt'"
  assert_failure
  run bash -c "node $REPO/dist/bin/paas.js certs:add $TEST_APP < $REPO/test/e2e/fixtures/dokku/server_ssl.tar && node $REPO/dist/bin/paas.js certs:show $TEST_APP crt"
  assert_output --partial "-----END CERTIFICATE-----"
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js certs:add $TEST_APP < $REPO/test/e2e/fixtures/dokku/server_ssl.tar && node $REPO/dist/bin/paas.js certs:show $TEST_APP key"
  assert_output --partial "-----END PRIVATE KEY-----"
  assert_success
}
