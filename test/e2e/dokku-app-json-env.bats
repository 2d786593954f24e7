#!/usr/bin/env bats
# Dokku's own tests of app.json `env` (dokku/dokku tests/unit/app-json-5.bats), ported: `dokku` -> `paas`,
# TEST_APP -> c5-env, `deploy_app python` -> a push over ssh of a small Dockerfile app on the local
# paas/busybox image carrying Dokku's fixtures tests/apps/python/app-env.json and app-env-required.json
# verbatim. Upstream deploys a fresh app for every test; here the tests that only read what the first
# deploy set share one deploy (setup_file), and the two redeploy tests share that app in turn (each
# changes its own variable). The required-variable and pre-set tests need a never-deployed app of their
# own. Installed system: run the file through /work/wt/e2e.sh.
load helpers/common

TEST_APP=c5-env
FRESH_APP=c5-env-fresh

make_env_repo() { # DIR
  make_repo "$1" \
    'Dockerfile=FROM paas/busybox
COPY . /app
WORKDIR /app
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /app"]' \
    'index.html=python/http.server' \
    'app-env.json={
  "env": {
    "SIMPLE_VAR": "simple_value",
    "OBJECT_VAR": {
      "description": "A variable with a default value",
      "value": "object_default"
    },
    "SECRET_VAR": {
      "description": "A generated secret",
      "generator": "secret"
    },
    "OPTIONAL_VAR": {
      "description": "An optional variable",
      "required": false
    },
    "SYNC_VAR": {
      "description": "A variable that syncs on every deploy",
      "value": "sync_value",
      "sync": true
    }
  },
  "scripts": {
    "dokku": {
      "predeploy": "echo ENV_CHECK: SIMPLE_VAR=$SIMPLE_VAR OBJECT_VAR=$OBJECT_VAR"
    }
  }
}' \
    'app-env-required.json={
  "env": {
    "REQUIRED_VAR": {
      "description": "A required variable with no default",
      "required": true
    }
  }
}'
}

new_app() { # APP
  destroy_app "$1"
  paas apps:create "$1" >/dev/null 2>&1
  paas checks:set "$1" wait 1 >/dev/null 2>&1 || true
}

setup_file() {
  setup_push_key c5-env-key
  export GIT_SSH_COMMAND PUSH_KEY
  export REPO_DIR="$BATS_FILE_TMPDIR/app"
  make_env_repo "$REPO_DIR"
  new_app "$TEST_APP"
  paas app-json:set "$TEST_APP" appjson-path app-env.json >/dev/null
  push_app "$REPO_DIR" "$TEST_APP" > "$BATS_FILE_TMPDIR/push.log" 2>&1 || { cat "$BATS_FILE_TMPDIR/push.log" >&3; return 1; }
}

teardown_file() {
  destroy_app "$TEST_APP"
  destroy_app "$FRESH_APP"
  paas ssh-keys:remove c5-env-key >/dev/null 2>&1 || true
}

# from dokku tests/unit/app-json-5.bats "(app-json) app.json env simple value"
@test "(app-json) app.json env simple value" {
  run cat "$BATS_FILE_TMPDIR/push.log"
  assert_output --partial "Processing app.json env vars"
  assert_output --partial "Setting 4 env var(s) from app.json"
  # the predeploy task already sees them (Dokku sets them before predeploy)
  assert_output --partial "ENV_CHECK: SIMPLE_VAR=simple_value OBJECT_VAR=object_default"

  run paas config:get "$TEST_APP" SIMPLE_VAR
  assert_success
  assert_output "simple_value"

  run paas config:get "$TEST_APP" OBJECT_VAR
  assert_success
  assert_output "object_default"
}

# from dokku tests/unit/app-json-5.bats "(app-json) app.json env secret generator"
@test "(app-json) app.json env secret generator" {
  run paas config:get "$TEST_APP" SECRET_VAR
  assert_success
  # Secret should be 64 characters (hex encoded 32 bytes)
  assert_output --regexp '^[0-9a-f]{64}$'
}

# from dokku tests/unit/app-json-5.bats "(app-json) app.json env skips optional without value"
@test "(app-json) app.json env skips optional without value" {
  # OPTIONAL_VAR should not be set since it has no default and is optional
  # config:get returns exit code 1 when a variable is not set
  run paas config:get "$TEST_APP" OPTIONAL_VAR
  assert_failure
  assert_output ""
}

# from dokku tests/unit/app-json-5.bats "(app-json) app.json env does not overwrite on redeploy"
@test "(app-json) app.json env does not overwrite on redeploy" {
  run paas config:get "$TEST_APP" SECRET_VAR
  assert_success
  local original_secret="$output"

  # Change SIMPLE_VAR manually
  run paas config:set --no-restart "$TEST_APP" SIMPLE_VAR=changed_value
  assert_success

  # Rebuild the app
  run paas ps:rebuild "$TEST_APP"
  assert_success

  # Verify SIMPLE_VAR was NOT overwritten
  run paas config:get "$TEST_APP" SIMPLE_VAR
  assert_success
  assert_output "changed_value"

  # Verify SECRET_VAR was NOT regenerated
  run paas config:get "$TEST_APP" SECRET_VAR
  assert_success
  assert_output "$original_secret"
}

# from dokku tests/unit/app-json-5.bats "(app-json) app.json env sync overwrites on redeploy"
@test "(app-json) app.json env sync overwrites on redeploy" {
  run paas config:get "$TEST_APP" SYNC_VAR
  assert_success
  assert_output "sync_value"

  # Change SYNC_VAR manually
  run paas config:set --no-restart "$TEST_APP" SYNC_VAR=manual_value
  assert_success

  # Rebuild the app
  run paas ps:rebuild "$TEST_APP"
  assert_success

  # Verify SYNC_VAR WAS overwritten back to sync_value
  run paas config:get "$TEST_APP" SYNC_VAR
  assert_success
  assert_output "sync_value"
}

# from dokku tests/unit/app-json-5.bats "(app-json) app.json env required without value fails"
@test "(app-json) app.json env required without value fails" {
  new_app "$FRESH_APP"
  run paas app-json:set "$FRESH_APP" appjson-path app-env-required.json
  assert_success

  run push_app "$REPO_DIR" "$FRESH_APP"
  assert_failure
  assert_output --partial "required env var REQUIRED_VAR has no value"
  # (paas) the failed push set nothing from app.json (only receive's GIT_REV is there)
  run paas config:keys "$FRESH_APP"
  assert_output "GIT_REV"
}

# from dokku tests/unit/app-json-5.bats "(app-json) app.json env respects pre-set values on first deploy"
@test "(app-json) app.json env respects pre-set values on first deploy" {
  new_app "$FRESH_APP"
  run paas app-json:set "$FRESH_APP" appjson-path app-env.json
  assert_success

  # Pre-set SIMPLE_VAR before first deploy
  run paas config:set --no-restart "$FRESH_APP" SIMPLE_VAR=preset_value
  assert_success

  run push_app "$REPO_DIR" "$FRESH_APP"
  assert_success
  assert_output --partial "Setting 3 env var(s) from app.json"

  # Verify SIMPLE_VAR was NOT overwritten
  run paas config:get "$FRESH_APP" SIMPLE_VAR
  assert_success
  assert_output "preset_value"
}

# (paas) app.json env comes from the pushed source: a key that is not a config key fails the push with
# one line, and nothing reaches the app's config.
@test "(paas) app.json env with an invalid key fails the push and changes nothing" {
  new_app "$FRESH_APP"
  local dir="$BATS_TEST_TMPDIR/bad"
  cp -r "$REPO_DIR" "$dir"
  printf '%s\n' '{"env": {"GOOD": "x", "BAD;touch /tmp/c5-pwned": "y"}}' > "$dir/app.json"
  commit_all "$dir" bad-env
  run push_app "$dir" "$FRESH_APP"
  assert_failure
  assert_output --partial 'app.json env: Invalid env key "BAD;touch /tmp/c5-pwned"'
  assert_file_not_exists /tmp/c5-pwned
  run paas config:keys "$FRESH_APP"
  assert_output "GIT_REV"
}
