#!/usr/bin/env bats
# Dokku's own tests of the docker-options plugin (dokku/dokku tests/unit/docker-options.bats), ported
# mechanically: `dokku` -> `paas`, TEST_APP -> dc-do. The parts that need no deploy (temp PAAS_ROOT);
# `assert_output_contains X N` (N occurrences) is counted with grep -o.
load helpers/common

TEST_APP=dc-do

setup() {
  use_temp_root
  paas apps:create "$TEST_APP" >/dev/null 2>&1
}

count() { # TEXT NEEDLE
  grep -oF -- "$2" <<<"$1" | wc -l
}

# from dokku tests/unit/docker-options.bats "(docker-options) docker-options:help"
@test "(docker-options) docker-options:help" {
  run paas docker-options
  assert_output --partial "Manage docker options for an app"
  help_output="$output"
  run paas docker-options:help
  assert_output --partial "Manage docker options for an app"
  assert_output "$help_output"
}

# from dokku tests/unit/docker-options.bats "(docker-options) docker-options:add (all phases)"
@test "(docker-options) docker-options:add (all phases)" {
  run paas docker-options:add "$TEST_APP" build,deploy,run "-v /tmp"
  assert_success
  for phase in build deploy run; do
    run paas docker-options:report "$TEST_APP" "--docker-options-$phase"
    assert_success
    assert_output --partial "-v /tmp"
  done
}

# from dokku tests/unit/docker-options.bats "(docker-options) docker-options:clear"
@test "(docker-options) docker-options:clear" {
  run paas docker-options:add "$TEST_APP" build,deploy,run "-v /tmp"
  assert_success
  run paas docker-options:clear "$TEST_APP"
  assert_success
  for phase in build deploy run; do
    run paas docker-options:report "$TEST_APP" "--docker-options-$phase"
    assert_success
    refute_output --partial "-v /tmp"
  done
  run paas docker-options:add "$TEST_APP" build,deploy,run "-v /tmp"
  assert_success
  run paas docker-options:clear "$TEST_APP" build
  assert_success
  run paas docker-options:report "$TEST_APP" --docker-options-build
  refute_output --partial "-v /tmp"
  run paas docker-options:report "$TEST_APP" --docker-options-deploy
  assert_output --partial "-v /tmp"
  run paas docker-options:clear "$TEST_APP" deploy
  assert_success
  run paas docker-options:report "$TEST_APP" --docker-options-deploy
  refute_output --partial "-v /tmp"
  run paas docker-options:report "$TEST_APP" --docker-options-run
  assert_output --partial "-v /tmp"
  run paas docker-options:clear "$TEST_APP" run
  assert_success
  run paas docker-options:report "$TEST_APP" --docker-options-run
  refute_output --partial "-v /tmp"
}

# from dokku tests/unit/docker-options.bats "(docker-options) docker-options:add (build phase)",
# "(deploy phase)" and "(run phase)"
@test "(docker-options) docker-options:add (build, deploy, run phase)" {
  for phase in build deploy run; do
    run paas docker-options:add "$TEST_APP" "$phase" "-v /tmp"
    assert_success
    run paas docker-options:report "$TEST_APP" "--docker-options-$phase"
    assert_success
    assert_output --partial "-v /tmp"
  done
}

# from dokku tests/unit/docker-options.bats "(docker-options) docker-options:remove (all phases)" and the
# build/deploy/run variants
@test "(docker-options) docker-options:remove (all phases, then each phase)" {
  run paas docker-options:add "$TEST_APP" build,deploy,run "-v /tmp"
  assert_success
  run paas docker-options:report "$TEST_APP"
  [ "$(count "$output" "-v /tmp")" -eq 3 ]
  run paas docker-options:remove "$TEST_APP" build,deploy,run "-v /tmp"
  assert_success
  run paas docker-options:report "$TEST_APP"
  [ "$(count "$output" "-v /tmp")" -eq 0 ]
  for phase in build deploy run; do
    run paas docker-options:add "$TEST_APP" build,deploy,run "-v /tmp"
    run paas docker-options:remove "$TEST_APP" "$phase" "-v /tmp"
    assert_success
    run paas docker-options:report "$TEST_APP"
    [ "$(count "$output" "-v /tmp")" -eq 2 ]
    run paas docker-options:clear "$TEST_APP"
  done
}

# from dokku tests/unit/docker-options.bats "(docker-options:add) splits multi-flag input into separate options"
@test "(docker-options:add) splits multi-flag input into separate options" {
  run paas docker-options:add "$TEST_APP" build --build-arg X=Y --link foo --link bar
  assert_success
  run paas docker-options:list "$TEST_APP" --phase build
  assert_success
  assert_output --partial "--build-arg X=Y"
  assert_output --partial "--link foo"
  assert_output --partial "--link bar"
  run paas docker-options:report "$TEST_APP" --docker-options-build
  assert_output --partial "--build-arg X=Y"
  assert_output --partial "--link foo"
  assert_output --partial "--link bar"
}

# from dokku tests/unit/docker-options.bats "(docker-options:remove) symmetrically removes multi-flag input"
@test "(docker-options:remove) symmetrically removes multi-flag input" {
  run paas docker-options:add "$TEST_APP" build --build-arg X=Y --link foo --link bar
  assert_success
  run paas docker-options:remove "$TEST_APP" build --build-arg X=Y --link foo --link bar
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js docker-options:list $TEST_APP --phase build 2>/dev/null"
  assert_success
  assert_output ""
}

# from dokku tests/unit/docker-options-2.bats "(docker-options:list) --phase is required"
@test "(docker-options:list) --phase is required" {
  run paas docker-options:list "$TEST_APP"
  assert_failure
  assert_output --partial "phase"
}
