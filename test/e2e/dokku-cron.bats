#!/usr/bin/env bats
# Dokku's own tests of the cron plugin (dokku/dokku tests/unit/cron-1.bats, cron-2.bats, cron-3.bats),
# ported: `dokku` -> `paas`, TEST_APP -> c5-cron, Dokku's crontab /var/spool/cron/crontabs/dokku -> the
# paas user's (`crontab -l -u paas`, where only this app's lines count: the installed system is shared),
# `deploy_app python` -> a push over ssh of a small Dockerfile app on the local paas/busybox image whose
# `python3` prints its arguments as Python's `print(sys.argv)` does in Dokku's python fixture (task.py).
# Upstream deploys a fresh app for every test; here one app is pushed again with each test's app.json,
# and a push is skipped when the live app.json is already the one the test wants. Left out (no plugin
# triggers, no k3s scheduler in paas): "scheduler-uses-host-cron", "k3s-scheduled app skips host
# crontab", "injected entries". Installed system: run the file through /work/wt/e2e.sh.
load helpers/common

TEST_APP=c5-cron

setup_file() {
  setup_push_key c5-cron-key
  export GIT_SSH_COMMAND PUSH_KEY
  export REPO_DIR="$BATS_FILE_TMPDIR/app"
  make_repo "$REPO_DIR" \
    'Dockerfile=FROM paas/busybox
COPY python3 /usr/local/bin/python3
COPY . /app
WORKDIR /app
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /app"]' \
    'index.html=python/http.server' \
    "python3=#!/bin/sh
# task.py of Dokku's python fixture prints sys.argv: python3 task.py a b -> ['task.py', 'a', 'b']
out=''
for a in \"\$@\"; do out=\"\${out:+\$out, }'\$a'\"; done
echo \"[\$out]\""
  chmod +x "$REPO_DIR/python3"
  commit_all "$REPO_DIR" exec
  destroy_app "$TEST_APP"
  paas apps:create "$TEST_APP" >/dev/null 2>&1
  paas checks:set "$TEST_APP" wait 1 >/dev/null 2>&1 || true
}

teardown_file() {
  paas cron:set --global maintenance >/dev/null 2>&1 || true
  paas cron:set --global mailto >/dev/null 2>&1 || true
  paas cron:set --global mailfrom >/dev/null 2>&1 || true
  destroy_app "$TEST_APP"
  paas ssh-keys:remove c5-cron-key >/dev/null 2>&1 || true
}

teardown() {
  docker ps -q --filter "label=paas.app=$TEST_APP" --filter "label=paas.process=cron" | xargs -r docker rm -f >/dev/null 2>&1 || true
}

# Dokku's deploy_app with a template callback that writes app.json; no push when it is live already.
deploy_app() { # [TEMPLATE]
  if [ -n "${1:-}" ]; then
    "$1" "$TEST_APP" "$REPO_DIR"
  else
    rm -f "$REPO_DIR/app.json"
  fi
  local want
  want="$(cat "$REPO_DIR/app.json" 2>/dev/null || true)"
  if [ -f "$BATS_FILE_TMPDIR/live.json" ] && [ "$(cat "$BATS_FILE_TMPDIR/live.json")" = "$want" ]; then
    echo "(app.json already live)"
    return 0
  fi
  commit_all "$REPO_DIR" "${1:-no-cron}" >/dev/null 2>&1 || true
  git -C "$REPO_DIR" push "paas@127.0.0.1:$TEST_APP" main 2>&1 || return 1
  printf '%s' "$want" > "$BATS_FILE_TMPDIR/live.json"
}

app_crontab() { crontab -l -u paas 2>/dev/null | grep " cron:run $TEST_APP " ; }

# from dokku tests/unit/cron-3.bats "(cron) create [empty]"
@test "(cron) create [empty]" {
  run deploy_app
  assert_success

  run app_crontab
  assert_failure
}

# from dokku tests/unit/cron-1.bats "(cron) cron:help"
@test "(cron) cron:help" {
  run paas cron
  assert_output --partial "Manage scheduled cron tasks"
  help_output="$output"

  run paas cron:help
  assert_output --partial "Manage scheduled cron tasks"
  assert_output "$help_output"
}

# from dokku tests/unit/cron-1.bats "(cron) installed"
@test "(cron) installed" {
  run test -f /etc/sudoers.d/paas-cron
  assert_failure
}

# from dokku tests/unit/cron-1.bats "(cron) invalid [missing-keys]"
@test "(cron) invalid [missing-keys]" {
  run deploy_app template_cron_file_invalid
  assert_failure
}

# from dokku tests/unit/cron-1.bats "(cron) invalid [schedule]"
@test "(cron) invalid [schedule]" {
  run deploy_app template_cron_file_invalid_schedule
  assert_failure
}

# from dokku tests/unit/cron-1.bats "(cron) invalid [seconds]"
@test "(cron) invalid [seconds]" {
  run deploy_app template_cron_file_invalid_schedule_seconds
  assert_failure
}

# from dokku tests/unit/cron-3.bats "(cron) invalid [command]"
@test "(cron) invalid [command]" {
  skip "deliberate difference (docs/dokku-differences.md, cron): paas runs a task's command through /bin/sh -c inside the container, so ';' and '>' are accepted; the text never reaches the host crontab"
}

# from dokku tests/unit/cron-1.bats "(cron) create [single-verbose]"
@test "(cron) create [single-verbose]" {
  run deploy_app template_cron_file_valid_single
  assert_success

  cron_id="$(paas cron:list $TEST_APP --format json | jq -r '.[0].id')"

  run crontab -l -u paas
  assert_success
  assert_output --partial "paas cron:run $TEST_APP $cron_id"
  refute_output --partial "python3 task.py schedule"
}

# from dokku tests/unit/cron-1.bats "(cron) crontab format [no raw command leakage]"
@test "(cron) crontab format [no raw command leakage]" {
  run deploy_app template_cron_file_valid_single
  assert_success

  cron_id="$(paas cron:list $TEST_APP --format json | jq -r '.[0].id')"

  run crontab -l -u paas
  assert_success
  assert_output --partial "paas cron:run $TEST_APP $cron_id"
  # User command must never appear verbatim in the crontab - the crontab
  # only references the cron ID, and cron:run resolves the command at run
  # time and exec's it inside the container.
  refute_output --partial "python3 task.py schedule"
}

# from dokku tests/unit/cron-1.bats "(cron) create [single-short]"
@test "(cron) create [single-short]" {
  run deploy_app template_cron_file_valid_short
  assert_success

  cron_id="$(paas cron:list $TEST_APP --format json | jq -r '.[0].id')"

  run crontab -l -u paas
  assert_success
  assert_output --partial "paas cron:run $TEST_APP $cron_id"
  refute_output --partial "python3 task.py daily"
}

# from dokku tests/unit/cron-2.bats "(cron:report) --global --format json"
# (one report read by every jq check, where upstream runs the report again for each key)
@test "(cron:report) --global --format json" {
  run sh -c "paas cron:report --global --format json | jq -e ."
  assert_success
  local report="$output"

  run jq -r 'has("cron-maintenance")' <<<"$report"
  assert_success
  assert_output "false"
  for key in cron-global-maintenance global-maintenance cron-computed-maintenance computed-maintenance \
    cron-global-mailfrom global-mailfrom cron-computed-mailfrom computed-mailfrom \
    cron-global-mailto global-mailto cron-computed-mailto computed-mailto; do
    run jq -r --arg k "$key" 'has($k)' <<<"$report"
    assert_success
    assert_output "true"
  done

  run paas cron:report --global
  assert_success
}

# from dokku tests/unit/cron-2.bats "(cron:set) --global mailto"
@test "(cron:set) --global mailto" {
  run paas cron:set --global mailto admin@example.com
  assert_success
  refute_output --partial "unknown flag"

  run sh -c "paas cron:report --global --format json | jq -r '.\"cron-global-mailto\"'"
  assert_success
  assert_output "admin@example.com"

  run sh -c "paas cron:report --global --format json | jq -r '.\"cron-computed-mailto\"'"
  assert_success
  assert_output "admin@example.com"

  run paas cron:set --global mailto
  assert_success
  refute_output --partial "unknown flag"

  run sh -c "paas cron:report --global --format json | jq -r '.\"cron-global-mailto\"'"
  assert_success
  assert_output ""

  run sh -c "paas cron:report --global --format json | jq -r '.\"cron-computed-mailto\"'"
  assert_success
  assert_output ""
}

# from dokku tests/unit/cron-2.bats "(cron:set) --global mailfrom"
@test "(cron:set) --global mailfrom" {
  run paas cron:set --global mailfrom dokku@example.com
  assert_success
  refute_output --partial "unknown flag"

  run sh -c "paas cron:report --global --format json | jq -r '.\"cron-global-mailfrom\"'"
  assert_success
  assert_output "dokku@example.com"

  run sh -c "paas cron:report --global --format json | jq -r '.\"cron-computed-mailfrom\"'"
  assert_success
  assert_output "dokku@example.com"

  run paas cron:set --global mailfrom
  assert_success
  refute_output --partial "unknown flag"

  run sh -c "paas cron:report --global --format json | jq -r '.\"cron-global-mailfrom\"'"
  assert_success
  assert_output ""

  run sh -c "paas cron:report --global --format json | jq -r '.\"cron-computed-mailfrom\"'"
  assert_success
  assert_output ""
}

# from dokku tests/unit/cron-2.bats "(cron:set) --global maintenance"
@test "(cron:set) --global maintenance" {
  run paas cron:set --global maintenance true
  assert_success
  refute_output --partial "unknown flag"

  run sh -c "paas cron:report --global --format json | jq -r '.\"cron-global-maintenance\"'"
  assert_success
  assert_output "true"

  run paas cron:set --global maintenance
  assert_success
  refute_output --partial "unknown flag"
}

# from dokku tests/unit/cron-2.bats "(cron:report) maintenance raw vs computed vs global"
@test "(cron:report) maintenance raw vs computed vs global" {
  run paas cron:set --global maintenance
  assert_success

  run sh -c "paas cron:report $TEST_APP --format json | jq -r '.\"cron-maintenance\"'"
  assert_success
  assert_output ""

  run sh -c "paas cron:report $TEST_APP --format json | jq -r '.\"cron-global-maintenance\"'"
  assert_success
  assert_output ""

  run sh -c "paas cron:report $TEST_APP --format json | jq -r '.\"cron-computed-maintenance\"'"
  assert_success
  assert_output "false"

  run paas cron:set --global maintenance true
  assert_success

  run sh -c "paas cron:report $TEST_APP --format json | jq -r '.\"cron-global-maintenance\"'"
  assert_success
  assert_output "true"

  run sh -c "paas cron:report $TEST_APP --format json | jq -r '.\"cron-computed-maintenance\"'"
  assert_success
  assert_output "true"

  run paas cron:set $TEST_APP maintenance true
  assert_success

  run sh -c "paas cron:report $TEST_APP --format json | jq -r '.\"cron-maintenance\"'"
  assert_success
  assert_output "true"

  run sh -c "paas cron:report $TEST_APP --format json | jq -r '.\"cron-global-maintenance\"'"
  assert_success
  assert_output "true"

  # computed maintenance is "true" if either per-app or global is "true" (any "true" wins)
  run sh -c "paas cron:report $TEST_APP --format json | jq -r '.\"cron-computed-maintenance\"'"
  assert_success
  assert_output "true"

  run paas cron:set $TEST_APP maintenance
  assert_success

  run paas cron:set --global maintenance
  assert_success
}

# from dokku tests/unit/cron-2.bats "(cron:set) --global rejects task maintenance properties"
@test "(cron:set) --global rejects task maintenance properties" {
  run paas cron:set --global maintenance.fakeid true
  assert_failure
  assert_output --partial "Task maintenance properties cannot be set globally"
}

# from dokku tests/unit/cron-2.bats "(cron) create [multiple]"
@test "(cron) create [multiple]" {
  run deploy_app template_cron_file_valid_multiple
  assert_success

  first_id="$(paas cron:list $TEST_APP --format json | jq -r '.[0].id')"
  second_id="$(paas cron:list $TEST_APP --format json | jq -r '.[1].id')"

  run crontab -l -u paas
  assert_success
  assert_output --partial "paas cron:run $TEST_APP $first_id"
  assert_output --partial "paas cron:run $TEST_APP $second_id"
  refute_output --partial "python3 task.py first"
  refute_output --partial "python3 task.py second"
}

# from dokku tests/unit/cron-2.bats "(cron) cron:suspend cron:resume"
@test "(cron) cron:suspend cron:resume" {
  run deploy_app template_cron_file_valid_multiple
  assert_success

  first_id="$(paas cron:list $TEST_APP --format json | jq -r '.[0].id')"
  second_id="$(paas cron:list $TEST_APP --format json | jq -r '.[1].id')"

  run crontab -l -u paas
  assert_success
  assert_output --partial "paas cron:run $TEST_APP $first_id"
  assert_output --partial "paas cron:run $TEST_APP $second_id"

  run paas cron:report $TEST_APP --cron-maintenance-$first_id
  assert_failure

  run paas cron:suspend $TEST_APP $first_id
  assert_success

  run paas cron:report $TEST_APP --cron-maintenance-$first_id
  assert_success
  assert_output "true"

  run crontab -l -u paas
  assert_success
  refute_output --partial "paas cron:run $TEST_APP $first_id"
  assert_output --partial "paas cron:run $TEST_APP $second_id"

  run paas cron:resume $TEST_APP $first_id
  assert_success

  run paas cron:report $TEST_APP --cron-maintenance-$first_id
  assert_failure

  run crontab -l -u paas
  assert_success
  assert_output --partial "paas cron:run $TEST_APP $first_id"
  assert_output --partial "paas cron:run $TEST_APP $second_id"
}

# from dokku tests/unit/cron-2.bats "(cron) cron:list --format json"
@test "(cron) cron:list --format json" {
  run deploy_app template_cron_file_valid
  assert_success

  run paas cron:list $TEST_APP --format json
  assert_success
  [ -n "$output" ]

  cron_id="$(paas cron:list $TEST_APP --format json | jq -r '.[0].id')"
  [ -n "$cron_id" ] && [ "$cron_id" != null ]
}

# from dokku tests/unit/cron-2.bats "(cron) cron:run"
@test "(cron) cron:run" {
  run deploy_app template_cron_file_valid
  assert_success

  cron_id="$(paas cron:list $TEST_APP --format json | jq -r '.[0].id')"
  [ -n "$cron_id" ] && [ "$cron_id" != null ]

  run paas cron:run $TEST_APP $cron_id
  assert_success
  assert_output "['task.py', 'schedule']"

  cron_id="$(paas cron:list $TEST_APP --format json | jq -r '.[1].id')"
  [ -n "$cron_id" ] && [ "$cron_id" != null ]

  run paas cron:run $TEST_APP $cron_id
  assert_success
  assert_output "['task.py', 'schedule', 'now']"
}

# from dokku tests/unit/cron-3.bats "(cron) cron:run concurrency_policy forbid"
@test "(cron) cron:run concurrency_policy forbid" {
  run deploy_app template_cron_file_concurrency_forbid
  assert_success

  cron_id="$(paas cron:list $TEST_APP --format json | jq -r '.[0].id')"
  [ -n "$cron_id" ] && [ "$cron_id" != null ]

  run paas cron:run $TEST_APP $cron_id --detach
  assert_success

  # (paas) --detach starts cron:run in the background: wait for its container
  wait_until 30 sh -c "docker ps -q --filter label=paas.cron-id=$cron_id | grep -q ."
  run sh -c "docker ps --filter label=paas.cron-id=$cron_id -q | xargs docker inspect -f '{{ index .Config.Labels \"paas.concurrency-policy\" }}'"
  assert_success
  assert_output "forbid"

  run paas cron:run $TEST_APP $cron_id
  assert_output --partial "currently has a cron lock in place for $cron_id"
  assert_failure
}

# from dokku tests/unit/cron-3.bats "(cron) container labels regression"
@test "(cron) container labels regression" {
  run deploy_app template_cron_file_long_running
  assert_success

  cron_id="$(paas cron:list $TEST_APP --format json | jq -r '.[0].id')"

  run paas cron:run $TEST_APP $cron_id --detach
  assert_success
  wait_until 30 sh -c "docker ps -q --filter label=paas.cron-id=$cron_id | grep -q ."

  label() { docker ps --filter "label=paas.cron-id=$cron_id" -q | xargs docker inspect -f "{{ index .Config.Labels \"$1\" }}"; }
  run label paas.cron-id
  assert_success
  assert_output "$cron_id"

  run label paas.concurrency-policy
  assert_success
  assert_output "allow"

  # Dokku's com.dokku.container-type=cron
  run label paas.process
  assert_success
  assert_output "cron"

  run label paas.app
  assert_success
  assert_output "$TEST_APP"
  # (Dokku's com.dokku.active-deadline-seconds label is not kept: paas's cron:run stops the container itself
  # at the deadline, see docs/dokku-differences.md)
}

# from dokku tests/unit/cron-3.bats "(cron:run) retires containers past their active deadline"
@test "(cron:run) retires containers past their active deadline" {
  skip "deliberate difference (docs/dokku-differences.md, cron): cron:run stops its own container at --ttl-seconds; there is no ps:retire sweep of cron containers"
}

# from dokku tests/unit/cron-3.bats "(cron:run) --ttl-seconds must be a positive integer"
@test "(cron:run) --ttl-seconds must be a positive integer" {
  run deploy_app template_cron_file_long_running
  assert_success

  cron_id="$(paas cron:list $TEST_APP --format json | jq -r '.[0].id')"

  run paas cron:run $TEST_APP $cron_id --detach --ttl-seconds 0
  assert_failure
  assert_output --partial "--ttl-seconds must be a positive integer"

  run paas cron:run $TEST_APP $cron_id --detach --ttl-seconds -1
  assert_failure
  assert_output --partial "--ttl-seconds must be a positive integer"
}

template_cron_file_invalid() {
  local APP_REPO_DIR="$2"
  cat <<EOF >"$APP_REPO_DIR/app.json"
{
  "cron": [
    {
      "key": "value"
    }
  ]
}
EOF
}

template_cron_file_invalid_schedule() {
  local APP_REPO_DIR="$2"
  cat <<EOF >"$APP_REPO_DIR/app.json"
{
  "cron": [
    {
      "command": "python3 task.py",
      "schedule": "@nonstandard"
    }
  ]
}
EOF
}

template_cron_file_invalid_schedule_seconds() {
  local APP_REPO_DIR="$2"
  cat <<EOF >"$APP_REPO_DIR/app.json"
{
  "cron": [
    {
      "command": "python3 task.py",
      "schedule": "0 5 * * * *"
    }
  ]
}
EOF
}

template_cron_file_valid_single() {
  local APP_REPO_DIR="$2"
  cat <<EOF >"$APP_REPO_DIR/app.json"
{
  "cron": [
    {
      "command": "python3 task.py schedule",
      "schedule": "5 5 5 5 5"
    }
  ]
}
EOF
}

template_cron_file_valid_short() {
  local APP_REPO_DIR="$2"
  cat <<EOF >"$APP_REPO_DIR/app.json"
{
  "cron": [
    {
      "command": "python3 task.py daily",
      "schedule": "@daily"
    }
  ]
}
EOF
}

template_cron_file_valid() {
  local APP_REPO_DIR="$2"
  cat <<EOF >"$APP_REPO_DIR/app.json"
{
  "cron": [
    {
      "command": "python3 task.py schedule",
      "schedule": "5 5 5 5 5"
    },
    {
      "command": "python3 task.py schedule now",
      "schedule": "6 5 5 5 5"
    }
  ]
}
EOF
}

template_cron_file_valid_multiple() {
  local APP_REPO_DIR="$2"
  cat <<EOF >"$APP_REPO_DIR/app.json"
{
  "cron": [
    {
      "command": "python3 task.py first",
      "schedule": "5 5 5 5 5"
    },
    {
      "command": "python3 task.py second",
      "schedule": "@daily"
    }
  ]
}
EOF
}

template_cron_file_concurrency_forbid() {
  local APP_REPO_DIR="$2"
  cat <<EOF >"$APP_REPO_DIR/app.json"
{
  "cron": [
    {
      "command": "sleep 30",
      "schedule": "0 0 * * *",
      "concurrency_policy": "forbid"
    }
  ]
}
EOF
}

template_cron_file_long_running() {
  local APP_REPO_DIR="$2"
  cat <<EOF >"$APP_REPO_DIR/app.json"
{
  "cron": [
    {
      "command": "sleep 30",
      "schedule": "0 0 * * *"
    }
  ]
}
EOF
}

# from dokku tests/unit/cron-1.bats "(cron) scheduler-uses-host-cron", "(cron) k3s-scheduled app skips host crontab",
# and cron-3.bats "(cron) injected entries"
@test "(cron) scheduler triggers and plugin-injected entries" {
  skip "Dokku plugin triggers (scheduler-uses-host-cron, cron-entries) and the k3s scheduler: paas has no plugins and one scheduler; every app's tasks go to the paas user's crontab"
}
