#!/usr/bin/env bats
# Dokku's own tests of the git plugin (dokku/dokku tests/unit/git_*.bats) that need no push, sync or
# image: the report and git:set cases, help and git:initialize. Ported mechanically: `dokku` -> `paas`,
# TEST_APP -> dk-git. Temp PAAS_ROOT, no docker.
load helpers/common

TEST_APP=dk-git

setup() {
  use_temp_root
  PAAS="node $REPO/dist/bin/paas.js"
  paas apps:create "$TEST_APP" >/dev/null 2>&1
}

json_key() { # ARGS... KEY (last)
  local key=${*: -1}
  $PAAS git:report "${@:1:$#-1}" --format json | jq -r "$key"
}

# from dokku tests/unit/git_1.bats "(git:report) info-flag works before deploy"
@test "(git:report) info-flag works before deploy" {
  run paas git:report "$TEST_APP" --git-deploy-branch
  assert_success
  assert_output ""
  run paas git:report "$TEST_APP" --git-computed-deploy-branch
  assert_success
  assert_output "master"
  run paas git:set "$TEST_APP" deploy-branch main
  assert_success
  run paas git:report "$TEST_APP" --git-deploy-branch
  assert_output "main"
  run paas git:report "$TEST_APP" --git-computed-deploy-branch
  assert_output "main"
  run paas git:set "$TEST_APP" deploy-branch
  assert_success
  run paas git:report "$TEST_APP" --git-deploy-branch
  assert_output ""
  run paas git:report "$TEST_APP" --git-computed-deploy-branch
  assert_output "master"
  run paas git:report "$TEST_APP" --git-sha
  assert_success
  run paas git:report "$TEST_APP" --git-invalid-flag
  assert_failure
  assert_output --partial "Invalid flag passed"
}

# from dokku tests/unit/git_1.bats "(git:report) keep-git-dir raw vs computed vs global"
@test "(git:report) keep-git-dir raw vs computed vs global" {
  run paas git:set --global keep-git-dir
  assert_success
  run paas git:report "$TEST_APP" --git-keep-git-dir
  assert_output ""
  run paas git:report "$TEST_APP" --git-global-keep-git-dir
  assert_output ""
  run paas git:report "$TEST_APP" --git-computed-keep-git-dir
  assert_output "false"
  run paas git:set --global keep-git-dir true
  assert_success
  run paas git:report "$TEST_APP" --git-global-keep-git-dir
  assert_output "true"
  run paas git:report "$TEST_APP" --git-computed-keep-git-dir
  assert_output "true"
  run paas git:set "$TEST_APP" keep-git-dir false
  assert_success
  run paas git:report "$TEST_APP" --git-keep-git-dir
  assert_output "false"
  run paas git:report "$TEST_APP" --git-global-keep-git-dir
  assert_output "true"
  run paas git:report "$TEST_APP" --git-computed-keep-git-dir
  assert_output "false"
  run paas git:set "$TEST_APP" keep-git-dir
  assert_success
  run paas git:set --global keep-git-dir
  assert_success
}

# from dokku tests/unit/git_1.bats "(git:report) rev-env-var raw"
@test "(git:report) rev-env-var raw" {
  run paas git:set "$TEST_APP" rev-env-var COMMIT_SHA
  assert_success
  run paas git:report "$TEST_APP" --git-rev-env-var
  assert_output "COMMIT_SHA"
  run paas git:set "$TEST_APP" rev-env-var
  assert_success
}

# from dokku tests/unit/git_1.bats "(git:report) source-image raw"
# Difference: paas sets source-image only through git:from-image (it is where the app deploys from),
# so the git:set steps are left out.
@test "(git:report) source-image raw" {
  run paas git:report "$TEST_APP" --git-source-image
  assert_success
  assert_output ""
}

# from dokku tests/unit/git_1.bats "(git:report) raw and computed keys in --format json"
@test "(git:report) raw and computed keys in --format json" {
  run json_key "$TEST_APP" '."deploy-branch"'
  assert_output ""
  run json_key "$TEST_APP" '."computed-deploy-branch"'
  assert_output "master"
  run json_key "$TEST_APP" '."keep-git-dir"'
  assert_output ""
  run json_key "$TEST_APP" '."computed-keep-git-dir"'
  assert_output "false"
}

# from dokku tests/unit/git_1.bats "(git:report) --global raw and computed keys"
# (archive-max-files/size are left out: paas has no git:from-archive)
@test "(git:report) --global raw and computed keys" {
  run json_key --global '."global-deploy-branch"'
  assert_output ""
  run json_key --global '."computed-deploy-branch"'
  assert_output "master"
  run paas git:set --global deploy-branch main
  assert_success
  run json_key --global '."global-deploy-branch"'
  assert_output "main"
  run json_key --global '."computed-deploy-branch"'
  assert_output "main"
  run paas git:set --global deploy-branch
  assert_success
  run json_key --global '."global-deploy-branch"'
  assert_output ""
}

# from dokku tests/unit/git_1.bats "(git) git:help"
@test "(git) git:help" {
  run paas git
  assert_output --partial "Manage app deploys via git"
  help_output="$output"
  run paas git:help
  assert_output --partial "Manage app deploys via git"
  assert_output "$help_output"
}

# from dokku tests/unit/git_2.bats "(git) git:initialize"
# (paas keeps the bare repository in repos/APP.git, not in the app directory)
@test "(git) git:initialize" {
  run paas git:initialize "$TEST_APP"
  assert_success
  assert_dir_exists "$PAAS_ROOT/repos/$TEST_APP.git/refs"
  run paas git:initialize "$TEST_APP"
  assert_success
  assert_dir_exists "$PAAS_ROOT/repos/$TEST_APP.git/refs"
}

# from dokku tests/unit/git_3.bats "(git:report) --format json"
@test "(git:report) --format json" {
  run paas git:set "$TEST_APP" deploy-branch main
  assert_success
  run json_key "$TEST_APP" '."deploy-branch"'
  assert_output "main"
  run json_key "$TEST_APP" '."global-deploy-branch"'
  assert_output ""
  run json_key "$TEST_APP" '."computed-deploy-branch"'
  assert_output "main"
  run bash -c "$PAAS git:report $TEST_APP --format json | jq -e ."
  assert_success
  run bash -c "$PAAS git:report --format json | jq -e ."
  assert_success
  run paas git:report "$TEST_APP" --format json --git-deploy-branch
  assert_failure
  assert_output --partial "--format flag cannot be specified when specifying an info flag"
}

# from dokku tests/unit/git_3.bats "(git:report) --global"
@test "(git:report) --global" {
  run paas git:report --global
  assert_success
  assert_output --partial "global git information"
  assert_output --partial "Git global deploy branch"
}

# from dokku tests/unit/git_3.bats "(git:report) --global --format json"
@test "(git:report) --global --format json" {
  run bash -c "$PAAS git:report --global --format json | jq -e ."
  assert_success
  run json_key --global '."global-deploy-branch"'
  assert_output ""
  run json_key --global '."computed-deploy-branch"'
  assert_output "master"
  run json_key --global 'has("deploy-branch")'
  assert_output "false"
  run paas git:report --global --git-global-deploy-branch
  assert_success
  assert_output ""
  run paas git:report --global --git-computed-deploy-branch
  assert_output "master"
}
