#!/usr/bin/env bats
# Dokku's own tests of the trace plugin (dokku/dokku tests/unit/trace.bats), ported: `dokku` -> `paas`.
# Dokku checks its switch file ($DOKKU_ROOT/.dokkurc/DOKKU_TRACE); paas checks what trace mode does: a
# failing command prints its stack trace. Installed system: run the file through /work/wt/e2e.sh.
load helpers/common

setup() {
  paas trace:off >/dev/null 2>&1
}

teardown() {
  paas trace:off >/dev/null 2>&1
}

# from dokku tests/unit/trace.bats "(trace) trace:help"
@test "(trace) trace:help" {
  run paas trace
  assert_output --partial "Manage trace mode"
  help_output="$output"

  run paas trace:help
  assert_output --partial "Manage trace mode"
  assert_output "$help_output"
}

# from dokku tests/unit/trace.bats "(trace) trace:on"
@test "(trace) trace:on" {
  run paas trace:on
  assert_success

  run paas config:get c5-no-such-app X
  assert_failure
  assert_output --partial "App c5-no-such-app does not exist"
  assert_output --partial "    at "
}

# from dokku tests/unit/trace.bats "(trace) trace:off, trace off"
@test "(trace) trace:off, trace off" {
  paas trace:on >/dev/null 2>&1
  run paas trace:off
  assert_success

  run paas config:get c5-no-such-app X
  assert_failure
  assert_output " !     App c5-no-such-app does not exist"
}
