#!/usr/bin/env bats
# Dokku's own tests of the resource plugin (dokku/dokku tests/unit/resource_{1,2,3}.bats), ported
# mechanically: `dokku` -> `paas`, TEST_APP -> dk-res. The parts that need no running container; the
# applied limits (docker inspect after a restart) are checked in dokku-run.bats. Temp PAAS_ROOT.
load helpers/common

TEST_APP=dk-res

setup() {
  use_temp_root
  paas apps:create "$TEST_APP" >/dev/null 2>&1
}

# from dokku tests/unit/resource_1.bats "(resource) resource:help"
@test "(resource) resource:help" {
  run paas resource
  assert_output --partial "Manage resource settings for an app"
  help_output="$output"
  run paas resource:help
  assert_output --partial "Manage resource settings for an app"
  assert_output "$help_output"
}

# from dokku tests/unit/resource_1.bats "(resource) resource:limit" (the part before the deploy)
@test "(resource) resource:limit" {
  run paas resource:limit "$TEST_APP"
  assert_output --partial "resource limits $TEST_APP information"
  run paas resource:limit --memory 512MB "$TEST_APP"
  assert_success
  run paas resource:limit --memory 512 "$TEST_APP"
  assert_success
  run paas resource:limit --memory 1024MB --process-type worker "$TEST_APP"
  assert_success
  run paas resource:limit-clear --process-type worker "$TEST_APP"
  assert_success
  run paas resource:limit-clear --process-type web "$TEST_APP"
  assert_success
  run paas resource:limit-clear "$TEST_APP"
  assert_success
}

# from dokku tests/unit/resource_1.bats "(resource) resource:limit-clear"
@test "(resource) resource:limit-clear" {
  run paas resource:limit-clear "$TEST_APP"
  assert_success
  run paas resource:limit-clear --process-type web "$TEST_APP"
  assert_success
}

# from dokku tests/unit/resource_1.bats "(resource) resource:limit clear single"
@test "(resource) resource:limit clear single" {
  run paas resource:limit --memory 512MB "$TEST_APP"
  assert_success
  run paas resource:report --resource-_default_.limit.memory "$TEST_APP"
  assert_success
  assert_output "512MB"
  run paas resource:limit --memory clear "$TEST_APP"
  assert_success
  run paas resource:report --resource-_default_.limit.memory "$TEST_APP"
  assert_failure
}

# from dokku tests/unit/resource_2.bats "(resource) resource:reserve" (the part before the deploy)
@test "(resource) resource:reserve" {
  run paas resource:reserve "$TEST_APP"
  assert_output --partial "resource reservation $TEST_APP information"
  run paas resource:reserve --memory 512MB "$TEST_APP"
  assert_success
  run paas resource:reserve --memory 1024MB --process-type worker "$TEST_APP"
  assert_success
  run paas resource:reserve --cpu 0.5 --process-type worker "$TEST_APP"
  assert_success
  run paas resource:reserve-clear --process-type worker "$TEST_APP"
  assert_success
  run paas resource:reserve-clear --process-type web "$TEST_APP"
  assert_success
  run paas resource:reserve-clear "$TEST_APP"
  assert_success
}

# from dokku tests/unit/resource_2.bats "(resource) resource:reserve-clear"
@test "(resource) resource:reserve-clear" {
  run paas resource:reserve-clear "$TEST_APP"
  assert_success
  run paas resource:reserve-clear --process-type web "$TEST_APP"
  assert_success
}

# from dokku tests/unit/resource_2.bats "(resource) resource:reserve clear single"
@test "(resource) resource:reserve clear single" {
  run paas resource:reserve --memory 512MB "$TEST_APP"
  assert_success
  run paas resource:report --resource-_default_.reserve.memory "$TEST_APP"
  assert_success
  assert_output "512MB"
  run paas resource:reserve --memory clear "$TEST_APP"
  assert_success
  run paas resource:report --resource-_default_.reserve.memory "$TEST_APP"
  assert_failure
}

# from dokku tests/unit/resource_3.bats "(resource) resource:limit-clear --process-type build"
@test "(resource) resource:limit-clear --process-type build" {
  run paas resource:limit --memory 256m --process-type build "$TEST_APP"
  assert_success
  run paas resource:report --resource-build.limit.memory "$TEST_APP"
  assert_output "256m"
  run paas resource:limit-clear --process-type build "$TEST_APP"
  assert_success
  run paas resource:report --resource-build.limit.memory "$TEST_APP"
  assert_failure
}

# The flag after the app, as paas users wrote it before: both orders give the same value.
@test "(resource) resource:report takes the info flag before or after the app" {
  run paas resource:limit --memory 300m "$TEST_APP"
  run paas resource:report "$TEST_APP" --resource-_default_.limit.memory
  assert_output "300m"
  run paas resource:report --resource-_default_.limit.memory "$TEST_APP"
  assert_output "300m"
}

# from dokku tests/unit/resource_3.bats "(resource) resource:limit --process-type build (herokuish)",
# "(resource) resource:limit --process-type build (dockerfile filters cpu and gpu)",
# "(resource) resource:limit --process-type build (pack/lambda emit nothing)",
# "(resource) resource:limit defaults do not leak into build trigger",
# "(resource) resource:limit reservations do not apply at build time",
# "(resource) DOKKU_OMIT_RESOURCE_ARGS suppresses build trigger"
@test "(resource) build-phase limits" {
  skip "paas builds through BuildKit, which takes no per-build cpu or memory limits; resource limits apply to the app's containers (docs/dokku-differences.md, resource)"
}
