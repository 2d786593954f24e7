#!/usr/bin/env bats
# Dokku's own tests of the ports plugin (dokku/dokku tests/unit/ports.bats), ported mechanically:
# `dokku` -> `paas`, TEST_APP -> dc-po. The parts that need no deploy (temp PAAS_ROOT).
load helpers/common

TEST_APP=dc-po

setup() {
  use_temp_root
  paas apps:create "$TEST_APP" >/dev/null 2>&1
}

quiet_report() { # FLAG [JQ]
  node "$REPO/dist/bin/paas.js" --quiet ports:report "$TEST_APP" "$1"
}

# from dokku tests/unit/ports.bats "(ports) ports:help"
@test "(ports) ports:help" {
  run paas ports
  assert_output --partial "Manage ports for an app"
  help_output="$output"
  run paas ports:help
  assert_output --partial "Manage ports for an app"
  assert_output "$help_output"
}

# from dokku tests/unit/ports.bats "(ports) ports subcommands (list/add/set/remove/clear)"
@test "(ports) ports subcommands (list/add/set/remove/clear)" {
  run paas ports:set "$TEST_APP" http:1234:5001
  assert_success
  run quiet_report --ports-map
  assert_output "http:1234:5001"
  run bash -c "$(declare -f quiet_report); REPO=$REPO TEST_APP=$TEST_APP quiet_report --ports-map-json | jq -e 'length == 1 and .[0].scheme == \"http\" and .[0].host_port == 1234 and .[0].container_port == 5001'"
  assert_success

  run paas ports:add "$TEST_APP" http:8080:5002 https:8443:5003
  assert_success
  run quiet_report --ports-map
  assert_output "http:1234:5001 http:8080:5002 https:8443:5003"
  run bash -c "$(declare -f quiet_report); REPO=$REPO TEST_APP=$TEST_APP quiet_report --ports-map-json | jq -e 'length == 3 and any(.scheme == \"http\" and .host_port == 1234 and .container_port == 5001) and any(.scheme == \"http\" and .host_port == 8080 and .container_port == 5002) and any(.scheme == \"https\" and .host_port == 8443 and .container_port == 5003)'"
  assert_success

  run paas ports:set "$TEST_APP" http:8080:5000 https:8443:5000 http:1234:5001
  assert_success
  run paas ports:set "$TEST_APP" http:8080:5000 https:8443:5000 http:1234:5001 http:1234:5002
  assert_failure
  run paas ports:add "$TEST_APP" http:12345:5002 http:12345:5004
  assert_failure
  run paas ports:add "$TEST_APP" http:1234:5003 http:12345:5004
  assert_failure
  run paas ports:add "$TEST_APP" http:1234:5001
  assert_failure
  run quiet_report --ports-map
  assert_output "http:1234:5001 http:8080:5000 https:8443:5000"

  run paas ports:remove "$TEST_APP" 8080
  assert_success
  run quiet_report --ports-map
  assert_output "http:1234:5001 https:8443:5000"

  run paas ports:remove "$TEST_APP" http:1234:5001
  assert_success
  run quiet_report --ports-map
  assert_output "https:8443:5000"
  run bash -c "$(declare -f quiet_report); REPO=$REPO TEST_APP=$TEST_APP quiet_report --ports-map-json | jq -e 'length == 1 and .[0].scheme == \"https\" and .[0].host_port == 8443 and .[0].container_port == 5000'"
  assert_success

  run paas ports:clear "$TEST_APP"
  assert_success
  run quiet_report --ports-map
  assert_output ""
  run bash -c "$(declare -f quiet_report); REPO=$REPO TEST_APP=$TEST_APP quiet_report --ports-map-json | jq -e '. == [] or . == null'"
  assert_success
  run quiet_report --ports-map-detected
  assert_output "http:80:5000"
  run bash -c "$(declare -f quiet_report); REPO=$REPO TEST_APP=$TEST_APP quiet_report --ports-map-detected-json | jq -e 'length == 1 and .[0].scheme == \"http\" and .[0].host_port == 80 and .[0].container_port == 5000'"
  assert_success
}

# from dokku tests/unit/ports.bats "(ports:report) emits new stripped JSON keys alongside legacy"
@test "(ports:report) emits new stripped JSON keys alongside legacy" {
  run bash -c "node $REPO/dist/bin/paas.js ports:report $TEST_APP --format json | jq -r 'has(\"map\") and has(\"ports-map\")'"
  assert_output "true"
  run bash -c "node $REPO/dist/bin/paas.js ports:report $TEST_APP --format json | jq -r 'has(\"map-detected\") and has(\"ports-map-detected\")'"
  assert_output "true"
}

# from dokku tests/unit/ports.bats "(ports:report) herokuish tls"
# (paas builds buildpack apps itself; the detected default is the same http:80:5000 before a deploy, and
# the certificate alone adds https:443, no deploy needed to see it)
@test "(ports:report) herokuish tls" {
  run quiet_report --ports-map
  assert_output ""
  run quiet_report --ports-map-detected
  assert_output "http:80:5000"
  TLS="$BATS_TEST_TMPDIR/tls"
  mkdir -p "$TLS"
  tar xf "$REPO/test/e2e/fixtures/dokku/server_ssl.tar" -C "$TLS"
  run paas certs:add "$TEST_APP" "$TLS/server.crt" "$TLS/server.key"
  assert_success
  run quiet_report --ports-map
  assert_output ""
  run quiet_report --ports-map-detected
  assert_output "http:80:5000 https:443:5000"
}

# from dokku tests/unit/ports.bats "(ports:rename) renamed app persists ports"
# (without Dokku's postgres/redis links and its docmost image from Docker Hub: the mapping set before the
# rename is the renamed app's; the detected port of an app never built stays 5000)
@test "(ports:rename) renamed app persists ports" {
  run paas ports:set "$TEST_APP" http:80:3000
  assert_success
  run paas config:set --no-restart "$TEST_APP" APP_SECRET=REPLACE_WITH_LONG_SECRET_REPLACE_WITH_LONG_SECRET
  assert_success
  run quiet_report --ports-map
  assert_output "http:80:3000"
  run paas apps:rename "$TEST_APP" "$TEST_APP-other"
  assert_success
  run paas --quiet ports:report "$TEST_APP-other" --ports-map
  assert_success
  assert_output "http:80:3000"
  run paas --quiet ports:report "$TEST_APP-other" --ports-map-detected
  assert_output "http:80:5000"
  run paas config:get "$TEST_APP-other" APP_SECRET
  assert_output "REPLACE_WITH_LONG_SECRET_REPLACE_WITH_LONG_SECRET"
}
