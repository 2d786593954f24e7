#!/usr/bin/env bats
# Dokku's own tests of the ps plugin (dokku/dokku tests/unit/ps-general-1.bats), ported mechanically:
# `dokku` -> `paas`, TEST_APP -> dc-ps. The parts that need no deploy (temp PAAS_ROOT); the deployed
# cases (ps:scale of a running app, ps:restore, ps:restart) are in ps.bats.
load helpers/common

TEST_APP=dc-ps

setup() {
  use_temp_root
  paas apps:create "$TEST_APP" >/dev/null 2>&1
}

json_key() { # KEY
  node "$REPO/dist/bin/paas.js" ps:report "$TEST_APP" --format json | jq -r ".\"$1\""
}

# from dokku tests/unit/ps-general-1.bats "(ps) ps:help"
@test "(ps) ps:help" {
  run paas ps
  assert_output --partial "Manage app processes"
  help_output="$output"
  run paas ps:help
  assert_output --partial "Manage app processes"
  assert_output "$help_output"
}

# from dokku tests/unit/ps-general-1.bats "(ps:set) skip-deploy raw/global/computed"
@test "(ps:set) skip-deploy raw/global/computed" {
  skip "paas has no skip-deploy setting (docs/dokku-differences.md, ps)"
  run json_key ps-computed-skip-deploy
  assert_output "false"
  run paas ps:set --global skip-deploy true
  assert_success
  run json_key ps-global-skip-deploy
  assert_output "true"
  run json_key ps-computed-skip-deploy
  assert_output "true"
  run json_key ps-skip-deploy
  assert_output ""
  run paas ps:set "$TEST_APP" skip-deploy false
  assert_success
  run json_key ps-skip-deploy
  assert_output "false"
  run json_key ps-global-skip-deploy
  assert_output "true"
  run json_key ps-computed-skip-deploy
  assert_output "false"
  run paas ps:set "$TEST_APP" skip-deploy
  assert_success
  run paas ps:set --global skip-deploy
  assert_success
  run json_key ps-global-skip-deploy
  assert_output ""
  run json_key ps-computed-skip-deploy
  assert_output "false"
}

# from dokku tests/unit/ps-general-1.bats "(ps:restart-policy) default policy"
@test "(ps:restart-policy) default policy" {
  run paas ps:report "$TEST_APP" --ps-restart-policy
  assert_output ""
  # paas's default is unless-stopped where Dokku's is on-failure:10 (docs/dokku-differences.md, ps)
  run paas ps:report "$TEST_APP" --ps-computed-restart-policy
  assert_output "unless-stopped"
}

# from dokku tests/unit/ps-general-1.bats "(ps:restart-policy) ps:set restart-policy"
@test "(ps:restart-policy) ps:set restart-policy" {
  for policy in no unless-stopped always on-failure on-failure:20; do
    run paas ps:set "$TEST_APP" restart-policy "$policy"
    assert_success
    run paas ps:report "$TEST_APP" --ps-restart-policy
    assert_output "$policy"
    run paas ps:report "$TEST_APP" --ps-computed-restart-policy
    assert_output "$policy"
  done
}

# from dokku tests/unit/ps-general-1.bats "(ps:restart-policy) ps:set restart-policy unset"
@test "(ps:restart-policy) ps:set restart-policy unset" {
  run paas ps:set "$TEST_APP" restart-policy on-failure:5
  assert_success
  run paas ps:report "$TEST_APP" --ps-restart-policy
  assert_output "on-failure:5"
  run paas ps:set "$TEST_APP" restart-policy
  assert_success
  run paas ps:report "$TEST_APP" --ps-restart-policy
  assert_output ""
  run paas ps:report "$TEST_APP" --ps-computed-restart-policy
  assert_output "unless-stopped"
}

# from dokku tests/unit/ps-general-1.bats "(ps:restart-policy) invalid policy"
@test "(ps:restart-policy) invalid policy" {
  run paas ps:set "$TEST_APP" restart-policy bogus
  assert_failure
  assert_output --partial "Invalid restart-policy specified"
}

# from dokku tests/unit/ps-general-1.bats "(ps:restart-policy) global policy"
@test "(ps:restart-policy) global policy" {
  run paas ps:set --global restart-policy always
  assert_success
  run paas ps:report "$TEST_APP" --ps-global-restart-policy
  assert_output "always"
  run paas ps:report "$TEST_APP" --ps-restart-policy
  assert_output ""
  run paas ps:report "$TEST_APP" --ps-computed-restart-policy
  assert_output "always"
  run paas ps:set "$TEST_APP" restart-policy no
  assert_success
  run paas ps:report "$TEST_APP" --ps-computed-restart-policy
  assert_output "no"
  run paas ps:set --global restart-policy
  assert_success
}

# from dokku tests/unit/ps-general-1.bats "(ps:scale) ps:scale formatting": --quiet prints the rows without
# the header. paas lists web first (Dokku: sorted, "beat: 0\nweb:  4\nworker: 1"); the columns are Dokku's.
@test "(ps:scale) ps:scale formatting" {
  mkdir -p "$PAAS_ROOT/props/ps/$TEST_APP"
  printf 'web=4\nworker=1\nbeat                                                                            =0\n' >"$PAAS_ROOT/props/ps/$TEST_APP/scale"
  run bash -c "node $REPO/dist/bin/paas.js --quiet ps:scale $TEST_APP 2>/dev/null"
  assert_success
  assert_output $'web:  4\nbeat: 0\nworker: 1'
}
