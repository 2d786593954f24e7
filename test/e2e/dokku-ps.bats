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

# from dokku tests/unit/ps-general-1.bats "(ps:set) procfile"
@test "(ps:set) procfile" {
  run paas ps:set --global procfile-path .dokku/Procfile
  assert_success
  run paas ps:report "$TEST_APP" --ps-computed-procfile-path
  assert_output ".dokku/Procfile"
  run paas ps:report "$TEST_APP" --ps-global-procfile-path
  assert_output ".dokku/Procfile"
  run paas ps:report "$TEST_APP" --ps-procfile-path
  assert_output ""
  run paas ps:set --global procfile-path
  assert_success
  run paas ps:report "$TEST_APP" --ps-computed-procfile-path
  assert_output "Procfile"
  run paas ps:report "$TEST_APP" --ps-global-procfile-path
  assert_output ""
  run paas ps:report "$TEST_APP" --ps-procfile-path
  assert_output ""
}

# from dokku tests/unit/ps-general-1.bats "(ps:set) dockerfile-start-cmd raw and computed"
@test "(ps:set) dockerfile-start-cmd raw and computed" {
  run json_key ps-dockerfile-start-cmd
  assert_output ""
  run json_key ps-computed-dockerfile-start-cmd
  assert_output ""
  run paas ps:set "$TEST_APP" dockerfile-start-cmd 'node app.js'
  assert_success
  run json_key ps-dockerfile-start-cmd
  assert_output "node app.js"
  run json_key ps-computed-dockerfile-start-cmd
  assert_output "node app.js"
  run paas ps:set "$TEST_APP" dockerfile-start-cmd
  assert_success
  run json_key ps-dockerfile-start-cmd
  assert_output ""
  # paas: one line of text, stored as given (never run by a shell on the host)
  run paas ps:set "$TEST_APP" dockerfile-start-cmd $'a\nb'
  assert_failure
  run json_key ps-dockerfile-start-cmd
  assert_output ""
}

# from dokku tests/unit/ps-general-1.bats "(ps:set) start-cmd raw and computed"
@test "(ps:set) start-cmd raw and computed" {
  run json_key ps-start-cmd
  assert_output ""
  run json_key ps-computed-start-cmd
  assert_output ""
  run paas ps:set "$TEST_APP" start-cmd 'bundle exec rails server'
  assert_success
  run json_key ps-start-cmd
  assert_output "bundle exec rails server"
  run json_key ps-computed-start-cmd
  assert_output "bundle exec rails server"
  run paas ps:set "$TEST_APP" start-cmd
  assert_success
  run json_key ps-start-cmd
  assert_output ""
}

# from dokku tests/unit/ps-general-1.bats "(ps:scale) procfile commands extraction"
@test "(ps:scale) procfile commands extraction" {
  skip "paas has no plugin:trigger procfile-get-command: a Procfile command runs in the container's /bin/sh, which expands \$PORT and the app's env (test/unit/deploy/container-spec.test.ts)"
}

# from dokku tests/unit/ps-general-1.bats "(ps:scale) --format json"
@test "(ps:scale) --format json" {
  run paas ps:scale "$TEST_APP" --format json
  assert_success
  assert_output '[{"process_type":"web","quantity":1}]'
  mkdir -p "$PAAS_ROOT/props/ps/$TEST_APP"
  printf 'web=4\nworker=1\n' >"$PAAS_ROOT/props/ps/$TEST_APP/scale"
  run bash -c "node $REPO/dist/bin/paas.js ps:scale $TEST_APP --format json | jq '. | length'"
  assert_output "2"
  run bash -c "node $REPO/dist/bin/paas.js ps:scale $TEST_APP --format json | jq -r '.[] | select(.process_type==\"web\") | .quantity'"
  assert_output "4"
  run bash -c "node $REPO/dist/bin/paas.js ps:scale $TEST_APP --format json | jq -r '.[] | select(.process_type==\"worker\") | .quantity'"
  assert_output "1"
  rm -f "$PAAS_ROOT/props/ps/$TEST_APP/scale"
  # paas: no stored scale is web=1, the default (Dokku writes web=1 at apps:create and prints [] once the
  # file is gone; docs/dokku-differences.md, ps)
  run paas ps:scale "$TEST_APP" --format json
  assert_success
  assert_output '[{"process_type":"web","quantity":1}]'
}

# from dokku tests/unit/ps-general-1.bats "(ps:report) stop-timeout-seconds raw vs computed vs global"
# (paas's default is 10 seconds where Dokku's is 30: docs/dokku-differences.md, ps)
@test "(ps:report) stop-timeout-seconds raw vs computed vs global" {
  run paas ps:set --global stop-timeout-seconds
  assert_success
  for k in ps-stop-timeout-seconds stop-timeout-seconds ps-global-stop-timeout-seconds global-stop-timeout-seconds; do
    run json_key "$k"
    assert_output ""
  done
  run json_key ps-computed-stop-timeout-seconds
  assert_output "10"
  run json_key computed-stop-timeout-seconds
  assert_output "10"
  run paas ps:set --global stop-timeout-seconds 90
  assert_success
  for k in ps-global-stop-timeout-seconds global-stop-timeout-seconds ps-computed-stop-timeout-seconds computed-stop-timeout-seconds; do
    run json_key "$k"
    assert_output "90"
  done
  run paas ps:set "$TEST_APP" stop-timeout-seconds 45
  assert_success
  for k in ps-stop-timeout-seconds stop-timeout-seconds ps-computed-stop-timeout-seconds computed-stop-timeout-seconds; do
    run json_key "$k"
    assert_output "45"
  done
  run json_key ps-global-stop-timeout-seconds
  assert_output "90"
  run paas ps:set "$TEST_APP" stop-timeout-seconds
  assert_success
  run paas ps:set --global stop-timeout-seconds
  assert_success
}

global_key() { # KEY
  node "$REPO/dist/bin/paas.js" ps:report --global --format json | jq -r ".\"$1\""
}

# from dokku tests/unit/ps-general-1.bats "(ps:report) --global --format json"
@test "(ps:report) --global --format json" {
  run bash -c "node $REPO/dist/bin/paas.js ps:report --global --format json | jq -e ."
  assert_success
  for k in ps-global-procfile-path global-procfile-path ps-computed-procfile-path computed-procfile-path \
    ps-global-stop-timeout-seconds global-stop-timeout-seconds ps-computed-stop-timeout-seconds computed-stop-timeout-seconds; do
    run bash -c "node $REPO/dist/bin/paas.js ps:report --global --format json | jq -r 'has(\"$k\")'"
    assert_output "true"
  done
  run paas ps:set --global stop-timeout-seconds 75
  assert_success
  for k in ps-global-stop-timeout-seconds global-stop-timeout-seconds ps-computed-stop-timeout-seconds computed-stop-timeout-seconds; do
    run global_key "$k"
    assert_output "75"
  done
  run paas ps:set --global stop-timeout-seconds
  assert_success
  run global_key ps-global-stop-timeout-seconds
  assert_output ""
  run global_key global-stop-timeout-seconds
  assert_output ""
  run global_key ps-computed-stop-timeout-seconds
  assert_output "10"
  run global_key computed-stop-timeout-seconds
  assert_output "10"
}
