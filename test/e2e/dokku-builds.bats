#!/usr/bin/env bats
# Dokku's own tests of the builds plugin (dokku/dokku tests/unit/builds.bats), ported: `dokku` -> `paas`,
# $DOKKU_LIB_ROOT/data/builds/APP -> /var/lib/paas/apps/APP/builds, and Dokku's deploy lock file (which
# holds the id of the build in progress) -> that directory's `current` file. Each test gets a fresh app
# that is never pushed; the one test that needs a real deploy uses the app pushed once in setup_file.
# Last test (paas's own): builds:cancel stops a real push in progress. Installed system: run the file
# through /work/wt/e2e.sh.
load helpers/common

TEST_APP=bld-app
PUSHED=bld-pushed
SLOW=bld-slow
ROOT=/var/lib/paas

setup_file() {
  setup_push_key bld-key
  export GIT_SSH_COMMAND PUSH_KEY
  destroy_app "$PUSHED"
  paas apps:create "$PUSHED" >/dev/null
  paas checks:set "$PUSHED" wait 1 >/dev/null
  make_repo "$BATS_FILE_TMPDIR/src" \
    'Dockerfile=FROM paas/busybox
RUN mkdir -p /www && echo "builds app" > /www/index.html
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /www"]'
  push_app "$BATS_FILE_TMPDIR/src" "$PUSHED" >"$BATS_FILE_TMPDIR/push.log" 2>&1 || true
}

teardown_file() {
  destroy_app "$PUSHED"
  destroy_app "$SLOW"
  paas builds:set --global retention "" >/dev/null 2>&1 || true
  paas ssh-keys:remove bld-key >/dev/null 2>&1 || true
  paas ssh-keys:remove bld-ci >/dev/null 2>&1 || true
}

setup() {
  destroy_app "$TEST_APP"
  paas apps:create "$TEST_APP" >/dev/null 2>&1
}

teardown() {
  destroy_app "$TEST_APP"
}

# A pid no process has: a shell that has already exited.
dead_pid() {
  sh -c 'echo $$'
}

write_record() { # APP ID JSON-BODY
  local dir="$ROOT/apps/$1/builds"
  mkdir -p "$dir"
  printf '%s\n' "$3" >"$dir/$2.json"
  : >"$dir/$2.log"
  chown -R paas:paas "$dir"
  chmod 600 "$dir/$2.json" "$dir/$2.log"
}

write_finished_record() {
  local app="$1" id="$2" status="$3" source="${4:-git-hook}" pid="${5:-99999}" kind="${6:-build}" exit_code="${7:-0}"
  local now
  now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  write_record "$app" "$id" "{\"id\":\"$id\",\"app\":\"$app\",\"kind\":\"$kind\",\"pid\":$pid,\"started_at\":\"$now\",\"finished_at\":\"$now\",\"status\":\"$status\",\"source\":\"$source\",\"exit_code\":$exit_code}"
}

write_running_record() {
  local app="$1" id="$2" pid="$3" source="${4:-git-hook}" kind="${5:-build}"
  local now
  now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  write_record "$app" "$id" "{\"id\":\"$id\",\"app\":\"$app\",\"kind\":\"$kind\",\"pid\":$pid,\"started_at\":\"$now\",\"status\":\"running\",\"source\":\"$source\"}"
}

# Dokku's .deploy.lock holding a build id.
write_current() { # APP ID
  printf '%s\n' "$2" >"$ROOT/apps/$1/builds/current"
  chown paas:paas "$ROOT/apps/$1/builds/current"
}

# from dokku tests/unit/builds.bats "(builds) builds:help"
@test "(builds) builds:help" {
  run paas builds
  assert_output --partial "Manage running and historical builds"
  run paas builds:help
  assert_output --partial "Manage running and historical builds"
}

# from dokku tests/unit/builds.bats "(builds:list) returns empty list when no builds have run"
@test "(builds:list) returns empty list when no builds have run" {
  run paas builds:list "$TEST_APP"
  assert_success
  assert_output --partial "No builds recorded"
}

# from dokku tests/unit/builds.bats "(builds:list) shows a finished record after a successful deploy"
@test "(builds:list) shows a finished record after a successful deploy" {
  run cat "$BATS_FILE_TMPDIR/push.log"
  assert_output --partial "Application deployed"

  run paas builds:list "$PUSHED"
  assert_success
  assert_output --partial "succeeded"
  assert_output --partial "git-hook"

  # paas: the record's log is what the push printed, kept 0600 for the paas user
  id=$(paas builds:list "$PUSHED" --format json | jq -r '.[0].id')
  run paas builds:output "$PUSHED" "$id"
  assert_success
  assert_output --partial "Application deployed"
  run stat -c '%U %a' "$ROOT/apps/$PUSHED/builds/$id.log" "$ROOT/apps/$PUSHED/builds/$id.json"
  assert_output "paas 600
paas 600"
  run paas builds:report "$PUSHED" --build-status
  assert_output "succeeded"
}

# from dokku tests/unit/builds.bats "(builds:list) shows an abandoned record when the PID is gone but the record is still running"
@test "(builds:list) shows an abandoned record when the PID is gone but the record is still running" {
  write_running_record "$TEST_APP" "ghost001" "$(dead_pid)" "git-hook"

  run paas builds:list "$TEST_APP"
  assert_success
  assert_output --partial "abandoned"
}

# from dokku tests/unit/builds.bats "(builds:list --kind=build) filters to build-kind records"
@test "(builds:list --kind=build) filters to build-kind records" {
  write_finished_record "$TEST_APP" "b1" "succeeded" "git-hook" 1001 "build"
  write_finished_record "$TEST_APP" "d1" "succeeded" "ps:restart" 1002 "deploy"

  run paas builds:list "$TEST_APP" --kind build
  assert_success
  assert_output --partial "b1"
  refute_output --partial "d1"
}

# from dokku tests/unit/builds.bats "(builds:list --kind=deploy) filters to deploy-kind records"
@test "(builds:list --kind=deploy) filters to deploy-kind records" {
  write_finished_record "$TEST_APP" "b1" "succeeded" "git-hook" 1001 "build"
  write_finished_record "$TEST_APP" "d1" "succeeded" "ps:restart" 1002 "deploy"

  run paas builds:list "$TEST_APP" --kind deploy
  assert_success
  assert_output --partial "d1"
  refute_output --partial "b1"
}

# from dokku tests/unit/builds.bats "(builds:list --kind=invalid) fails with a usage error"
@test "(builds:list --kind=invalid) fails with a usage error" {
  run paas builds:list "$TEST_APP" --kind=garbage
  assert_failure
  assert_output --partial "Invalid --kind"
}

# from dokku tests/unit/builds.bats "(builds:set) writes a per-app retention"
@test "(builds:set) writes a per-app retention" {
  run paas builds:set "$TEST_APP" retention 5
  assert_success

  run paas builds:report "$TEST_APP" --builds-retention
  assert_success
  assert_output --partial "5"
}

# from dokku tests/unit/builds.bats "(builds:set --global) writes the global retention"
@test "(builds:set --global) writes the global retention" {
  run paas builds:set --global retention 7
  assert_success

  run paas builds:report "$TEST_APP" --builds-computed-retention
  assert_success
  assert_output --partial "7"

  paas builds:set --global retention "" || true
}

# from dokku tests/unit/builds.bats "(builds:set) clears the override when called with no value"
@test "(builds:set) clears the override when called with no value" {
  paas builds:set "$TEST_APP" retention 5

  run paas builds:set "$TEST_APP" retention
  assert_success

  run paas builds:report "$TEST_APP" --builds-retention
  assert_success
  assert_output ""
}

# from dokku tests/unit/builds.bats "(builds:set) rejects non-positive-integer values"
@test "(builds:set) rejects non-positive-integer values" {
  run paas builds:set "$TEST_APP" retention 0
  assert_failure

  run paas builds:set "$TEST_APP" retention abc
  assert_failure
  # paas: and nothing was written
  run paas builds:report "$TEST_APP" --builds-retention
  assert_output ""
}

# from dokku tests/unit/builds.bats "(builds:info) returns non-zero for a missing build-id"
@test "(builds:info) returns non-zero for a missing build-id" {
  run paas builds:info "$TEST_APP" nonexistent
  assert_failure
}

# from dokku tests/unit/builds.bats "(builds:info) returns the recorded fields including --format json"
@test "(builds:info) returns the recorded fields including --format json" {
  write_finished_record "$TEST_APP" "info001" "succeeded" "git-hook" 1234 "build"

  run paas builds:info "$TEST_APP" info001
  assert_success
  assert_output --partial "info001"
  assert_output --partial "succeeded"
  assert_output --partial "Log:"

  run paas builds:info "$TEST_APP" info001 --format json
  assert_success
  assert_output --partial '"id":"info001"'
  assert_output --partial '"log_path":'
}

# from dokku tests/unit/builds.bats "(builds:cancel) returns 0 with a friendly message when no lock is present"
@test "(builds:cancel) returns 0 with a friendly message when no lock is present" {
  run paas builds:cancel "$TEST_APP"
  assert_success
  assert_output --partial "App not currently deploying"
}

# from dokku tests/unit/builds.bats "(builds:cancel) refuses to cancel a record whose status is not running"
@test "(builds:cancel) refuses to cancel a record whose status is not running" {
  write_finished_record "$TEST_APP" "done01" "succeeded" "git-hook" 1234 "build"
  write_current "$TEST_APP" done01

  run paas builds:cancel "$TEST_APP"
  assert_success
  assert_output --partial "no longer running"
}

# from dokku tests/unit/builds.bats "(builds:cancel) marks an abandoned record as failed instead of canceled"
@test "(builds:cancel) marks an abandoned record as failed instead of canceled" {
  write_running_record "$TEST_APP" "abnd01" "$(dead_pid)" "git-hook"
  write_current "$TEST_APP" abnd01

  run paas builds:cancel "$TEST_APP"
  assert_success
  assert_output --partial "already terminated"

  run paas builds:info "$TEST_APP" abnd01
  assert_success
  assert_output --partial "failed"
}

# from dokku tests/unit/builds.bats "(builds:output) cats the log file for a finished build"
@test "(builds:output) cats the log file for a finished build" {
  write_finished_record "$TEST_APP" "out001" "succeeded" "git-hook" 1234 "build"
  echo "build log line" >"$ROOT/apps/$TEST_APP/builds/out001.log"

  run paas builds:output "$TEST_APP" out001
  assert_success
  assert_output --partial "build log line"
}

# from dokku tests/unit/builds.bats "(builds:prune) prunes an app's records to retention"
@test "(builds:prune) prunes an app's records to retention" {
  paas builds:set "$TEST_APP" retention 2

  # Dokku sleeps a second between records so their start times differ; explicit times do the same here
  for i in 1 2 3 4 5; do
    write_record "$TEST_APP" "p$i" "{\"id\":\"p$i\",\"app\":\"$TEST_APP\",\"kind\":\"build\",\"pid\":$((1000 + i)),\"started_at\":\"2026-01-01T00:00:0${i}Z\",\"finished_at\":\"2026-01-01T00:00:0${i}Z\",\"status\":\"succeeded\",\"source\":\"git-hook\",\"exit_code\":0}"
  done

  run paas builds:prune "$TEST_APP"
  assert_success

  count="$(ls "$ROOT/apps/$TEST_APP/builds/"*.json 2>/dev/null | wc -l)"
  echo "remaining: $count"
  [[ "$count" -le 2 ]] || (echo "expected <=2 records, got $count" && false)
  # paas: the newest two stay
  assert_file_exists "$ROOT/apps/$TEST_APP/builds/p5.json"
  assert_file_exists "$ROOT/apps/$TEST_APP/builds/p4.json"
}

# from dokku tests/unit/builds.bats "(builds:prune) reaps an abandoned record and finalizes it as failed"
@test "(builds:prune) reaps an abandoned record and finalizes it as failed" {
  write_running_record "$TEST_APP" "ghost02" "$(dead_pid)" "git-hook"

  run paas builds:prune "$TEST_APP"
  assert_success

  run paas builds:info "$TEST_APP" ghost02
  assert_success
  assert_output --partial "failed"
}

# from dokku tests/unit/builds.bats "(builds:prune) skips live-running records"
@test "(builds:prune) skips live-running records" {
  local pid=$$
  write_running_record "$TEST_APP" "alive02" "$pid" "git-hook"

  run paas builds:prune "$TEST_APP"
  assert_success

  run paas builds:info "$TEST_APP" alive02
  assert_success
  assert_output --partial "running"
}

# from dokku tests/unit/builds.bats "(builds) [storage] directory is removed on apps:destroy"
@test "(builds) [storage] directory is removed on apps:destroy" {
  write_finished_record "$TEST_APP" "del01" "succeeded" "git-hook" 1234 "build"
  [[ -d "$ROOT/apps/$TEST_APP/builds" ]]

  run paas --force apps:destroy "$TEST_APP"
  assert_success

  [[ ! -d "$ROOT/apps/$TEST_APP/builds" ]]
}

# from dokku tests/unit/builds.bats "(builds:report) emits new stripped JSON keys alongside legacy"
@test "(builds:report) emits new stripped JSON keys alongside legacy" {
  run bash -c "paas builds:report $TEST_APP --format json | jq -r 'has(\"retention\") and has(\"builds-retention\")'"
  assert_success
  assert_output "true"

  run bash -c "paas builds:report $TEST_APP --format json | jq -r 'has(\"global-retention\") and has(\"builds-global-retention\")'"
  assert_success
  assert_output "true"

  run bash -c "paas builds:report $TEST_APP --format json | jq -r 'has(\"computed-retention\") and has(\"builds-computed-retention\")'"
  assert_success
  assert_output "true"

  # build-* status keys have no plugin-prefix collision, so they pass through unchanged
  run bash -c "paas builds:report $TEST_APP --format json | jq -r 'has(\"build-id\")'"
  assert_success
  assert_output "true"
}

# paas: builds:cancel stops a real push while it builds; the push is rejected and the record canceled
@test "(builds:cancel) stops a push in progress" {
  destroy_app "$SLOW"
  paas apps:create "$SLOW" >/dev/null
  make_repo "$BATS_TEST_TMPDIR/slow" \
    'Dockerfile=FROM paas/busybox
RUN echo slow-build-started && sleep 60
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT"]'
  push_app "$BATS_TEST_TMPDIR/slow" "$SLOW" >"$BATS_TEST_TMPDIR/push.log" 2>&1 &
  local push=$!
  wait_until 60 grep -q slow-build-started "$BATS_TEST_TMPDIR/push.log"

  run paas builds:list "$SLOW" --status running
  assert_output --partial "git-hook"
  # builds:output follows the log of the run in progress until it ends
  paas builds:output "$SLOW" current >"$BATS_TEST_TMPDIR/follow.log" 2>&1 &
  local follow=$!
  wait_until 20 grep -q slow-build-started "$BATS_TEST_TMPDIR/follow.log"

  run paas builds:cancel "$SLOW"
  assert_success
  assert_output --partial "Killing app deploy"

  local rc=0
  wait "$push" || rc=$?
  cat "$BATS_TEST_TMPDIR/push.log"
  [ "$rc" -ne 0 ]
  run paas builds:report "$SLOW" --build-status
  assert_output "canceled"
  # the app lock went with the push
  wait_until 10 bash -c "! paas apps:locked $SLOW"
  wait "$follow"
  run cat "$BATS_TEST_TMPDIR/follow.log"
  assert_output --partial "slow-build-started"
  assert_output --partial "Build canceled"
  id=$(paas builds:report "$SLOW" --build-id)
  run paas builds:output "$SLOW" "$id"
  assert_output --partial "Build canceled"
}

# paas: a deploy key sees the builds of the apps it may push to, and nothing else
@test "(builds) a deploy key lists its app's builds only" {
  local key="$BATS_FILE_TMPDIR/id_bld-ci"
  [ -f "$key" ] || ssh-keygen -q -t ed25519 -N '' -f "$key" -C bld-ci@test
  paas ssh-keys:remove bld-ci >/dev/null 2>&1 || true
  paas deploy:allow "$PUSHED" bld-ci <"$key.pub" >/dev/null
  as_ci() { ssh -i "$key" -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes paas@127.0.0.1 "$@"; }

  run as_ci builds:list "$PUSHED"
  assert_success
  assert_output --partial "git-hook"
  run as_ci builds:cancel "$PUSHED"
  assert_success
  assert_output --partial "App not currently deploying"
  run as_ci builds:list "$TEST_APP"
  assert_failure
  assert_output --partial "may not use app $TEST_APP"
  run as_ci builds:list
  assert_failure
  run as_ci builds:set "$PUSHED" retention 3
  assert_failure
  run as_ci builds:report "$PUSHED"
  assert_failure
  run paas builds:report "$PUSHED" --builds-retention
  assert_output ""
}
