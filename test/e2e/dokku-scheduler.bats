#!/usr/bin/env bats
# Dokku's own tests of the scheduler-docker-local plugin (dokku/dokku tests/unit/scheduler-docker-local.bats)
# that need no deploy, ported mechanically: `dokku` -> `paas`, TEST_APP -> c6-sched. Temp PAAS_ROOT.
# The deployed cases (init-process, complex labels) are in dokku-ps-2.bats.
load helpers/common

TEST_APP=c6-sched
P=scheduler-docker-local

setup() {
  use_temp_root
  paas apps:create "$TEST_APP" >/dev/null 2>&1
}

json_key() { # SCOPE KEY
  node "$REPO/dist/bin/paas.js" "$P:report" "$1" --format json | jq -r ".\"$2\""
}

# from dokku tests/unit/scheduler-docker-local.bats "(scheduler-docker-local:report) --global raw and computed keys"
@test "(scheduler-docker-local:report) --global raw and computed keys" {
  run paas "$P:report" --global "--$P-global-init-process"
  assert_success
  assert_output ""
  run paas "$P:report" --global "--$P-computed-init-process"
  assert_output "true"
  run paas "$P:report" --global "--$P-global-parallel-schedule-count"
  assert_output ""
  run paas "$P:report" --global "--$P-computed-parallel-schedule-count"
  assert_output "1"
}

# from dokku tests/unit/scheduler-docker-local.bats "(scheduler-docker-local:report) info-flag works before deploy"
@test "(scheduler-docker-local:report) info-flag works before deploy" {
  for flag in parallel-schedule-count global-parallel-schedule-count init-process global-init-process; do
    run paas "$P:report" "$TEST_APP" "--$P-$flag"
    assert_success
    assert_output ""
  done
  run paas "$P:report" "$TEST_APP" "--$P-computed-parallel-schedule-count"
  assert_output "1"
  run paas "$P:report" "$TEST_APP" "--$P-computed-init-process"
  assert_output "true"
  run paas "$P:report" "$TEST_APP" "--$P-invalid-flag"
  assert_failure
  assert_output --partial "Invalid flag passed"
}

# from dokku tests/unit/scheduler-docker-local.bats "(scheduler-docker-local:report) --format json"
@test "(scheduler-docker-local:report) --format json" {
  run bash -c "node $REPO/dist/bin/paas.js $P:report $TEST_APP --format json | jq -e ."
  assert_success
  run json_key "$TEST_APP" init-process
  assert_output ""
  run json_key "$TEST_APP" computed-init-process
  assert_output "true"
  run json_key "$TEST_APP" global-init-process
  assert_output ""
  run json_key "$TEST_APP" parallel-schedule-count
  assert_output ""
  run json_key "$TEST_APP" computed-parallel-schedule-count
  assert_output "1"
  run json_key "$TEST_APP" global-parallel-schedule-count
  assert_output ""
  run paas "$P:set" "$TEST_APP" init-process false
  assert_success
  run json_key "$TEST_APP" init-process
  assert_output "false"
  run json_key "$TEST_APP" computed-init-process
  assert_output "false"
}

# from dokku tests/unit/scheduler-docker-local.bats "(scheduler-docker-local:set) --global"
@test "(scheduler-docker-local:set) --global" {
  run paas "$P:set" --global parallel-schedule-count 4
  assert_success
  run json_key --global global-parallel-schedule-count
  assert_output "4"
  run json_key "$TEST_APP" parallel-schedule-count
  assert_output ""
  run json_key "$TEST_APP" computed-parallel-schedule-count
  assert_output "4"
  run json_key "$TEST_APP" global-parallel-schedule-count
  assert_output "4"
  run paas "$P:set" --global parallel-schedule-count
  assert_success
  # paas: bad values are refused and change nothing
  run paas "$P:set" --global parallel-schedule-count many
  assert_failure
  run json_key --global global-parallel-schedule-count
  assert_output ""
}

# from dokku tests/unit/scheduler-docker-local.bats "(scheduler-docker-local) scheduler-docker-local:help"
@test "(scheduler-docker-local) scheduler-docker-local:help" {
  run paas "$P"
  assert_output --partial "Manage the docker-local scheduler integration for an app"
  help_output="$output"
  run paas "$P:help"
  assert_output --partial "Manage the docker-local scheduler integration for an app"
  assert_output "$help_output"
}

# from dokku tests/unit/scheduler-docker-local.bats "timer installed", "no-web", "publish ports", "sends
# SIGTERM immediately on deploy", "scale down retires orphaned containers", "ps:rebuild with image-based
# deploy keeps running image"
@test "(scheduler-docker-local) cases left out" {
  skip "Dokku's dokku-retire systemd timer and ps:retire, its publish-ports and missing-web messages, and a Docker Hub image: paas retires old containers in the deploy itself (docs/dokku-differences.md, scheduler-docker-local)"
}
