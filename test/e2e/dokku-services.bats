#!/usr/bin/env bats
# dokku-postgres's own link tests (dokku/dokku-postgres tests/service_link.bats), ported mechanically:
# `dokku` -> `paas`, services ls/ms -> dc-ls/dc_ms (one with an underscore, which Dokku's plugins accept),
# my-app -> dc-my-app, host dokku-postgres-NAME -> paas-postgres-NAME. Installed system (real postgres
# containers); the app is not deployed, so a link needs no restart.
load 'helpers/common.bash'

APP=dc-my-app
LS=dc-ls
MS=dc_ms

setup_file() {
  paas postgres:destroy "$LS" --force >/dev/null 2>&1 || true
  paas postgres:destroy "$MS" --force >/dev/null 2>&1 || true
  destroy_app "$APP"
  paas postgres:create "$LS" >/dev/null
  paas postgres:create "$MS" >/dev/null
}

setup() {
  paas apps:create "$APP" >/dev/null 2>&1
}

teardown() {
  paas postgres:unlink "$LS" "$APP" --no-restart >/dev/null 2>&1 || true
  paas postgres:unlink "$MS" "$APP" --no-restart >/dev/null 2>&1 || true
  destroy_app "$APP"
}

teardown_file() {
  paas postgres:destroy "$LS" --force >/dev/null 2>&1 || true
  paas postgres:destroy "$MS" --force >/dev/null 2>&1 || true
}

password() { cat "/var/lib/paas/services/postgres/$1/PASSWORD"; }

# from dokku-postgres tests/service_link.bats "(postgres:link) error when there are no arguments"
@test "(postgres:link) error when there are no arguments" {
  run paas postgres:link
  assert_failure
}

# from dokku-postgres tests/service_link.bats "(postgres:link) error when the app argument is missing"
@test "(postgres:link) error when the app argument is missing" {
  run paas postgres:link "$LS"
  assert_failure
}

# from dokku-postgres tests/service_link.bats "(postgres:link) error when the app does not exist"
@test "(postgres:link) error when the app does not exist" {
  run paas postgres:link "$LS" not-existing-app
  assert_failure
  assert_output --partial "not-existing-app does not exist"
}

# from dokku-postgres tests/service_link.bats "(postgres:link) error when the service does not exist"
@test "(postgres:link) error when the service does not exist" {
  run paas postgres:link not_existing_service "$APP"
  assert_failure
  assert_output --partial "not_existing_service does not exist"
}

# from dokku-postgres tests/service_link.bats "(postgres:link) error when the service is already linked to app"
@test "(postgres:link) error when the service is already linked to app" {
  paas postgres:link "$LS" "$APP"
  run paas postgres:link "$LS" "$APP"
  assert_failure
  assert_output --partial "Already linked as DATABASE_URL"
}

# from dokku-postgres tests/service_link.bats "(postgres:link) exports DATABASE_URL to app"
@test "(postgres:link) exports DATABASE_URL to app" {
  run paas postgres:link "$LS" "$APP"
  assert_success
  url=$(paas config:get "$APP" DATABASE_URL)
  [[ "$url" == "postgres://postgres:$(password "$LS")@paas-postgres-$LS:5432/"* ]]
}

# from dokku-postgres tests/service_link.bats "(postgres:link) generates an alternate config url when
# DATABASE_URL already in use"
@test "(postgres:link) generates an alternate config url when DATABASE_URL already in use" {
  paas config:set --no-restart "$APP" DATABASE_URL=postgres://user:pass@host:5432/db
  paas postgres:link "$LS" "$APP"
  run paas config "$APP"
  assert_output --partial "DOKKU_POSTGRES_AQUA_URL"
  paas postgres:link "$MS" "$APP"
  run paas config "$APP"
  assert_output --partial "DOKKU_POSTGRES_BLACK_URL"
  # the underscore maps to a dash in the host name, as Dokku's service_dns_hostname
  run paas config:get "$APP" DOKKU_POSTGRES_BLACK_URL
  assert_output --partial "@paas-postgres-dc-ms:5432/"
  paas postgres:unlink "$MS" "$APP"
  paas postgres:unlink "$LS" "$APP"
  run paas config:get "$APP" DOKKU_POSTGRES_AQUA_URL
  assert_failure
}

# from dokku-postgres tests/service_link.bats "(postgres:link) adds a querystring"
@test "(postgres:link) adds a querystring" {
  paas postgres:link "$LS" "$APP" --querystring "pool=5"
  url=$(paas config:get "$APP" DATABASE_URL)
  [[ "$url" == *"?pool=5" ]]
  paas postgres:unlink "$LS" "$APP"
  run paas config:get "$APP" DATABASE_URL
  assert_failure
}

# from dokku-postgres tests/service_link.bats "(postgres:link) uses a specified config url when alias is specified"
@test "(postgres:link) uses a specified config url when alias is specified" {
  paas postgres:link "$LS" "$APP" --alias "ALIAS"
  url=$(paas config:get "$APP" ALIAS_URL)
  [[ "$url" == "postgres://postgres:$(password "$LS")@paas-postgres-$LS:5432/"* ]]
}
