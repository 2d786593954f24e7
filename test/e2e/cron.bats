#!/usr/bin/env bats
# app.json cron on the installed system: a real push, the paas user's crontab, the real cron daemon, and
# cron:run in one-off containers of the live release writing to a mounted storage directory.
load helpers/common
bats_require_minimum_version 1.5.0

APP=cr-app
DATA=/var/lib/paas/storage/cr-data

setup_file() {
  destroy_app "$APP"
  rm -rf "$DATA" /tmp/cr-pwned
  setup_push_key cr-key
  export GIT_SSH_COMMAND PUSH_KEY
  paas apps:create "$APP" >/dev/null 2>&1
  paas storage:ensure-directory --chown root cr-data >/dev/null 2>&1
  paas storage:mount "$APP" "$DATA:/data" >/dev/null 2>&1
  paas config:set --no-restart "$APP" GREETING=hello-cron >/dev/null 2>&1
  paas checks:set "$APP" wait 1 >/dev/null 2>&1
  local dir="$BATS_FILE_TMPDIR/app"
  make_repo "$dir" \
    'Dockerfile=FROM paas/busybox
RUN mkdir -p /www && echo cron app > /www/index.html
CMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]'
  # every minute; daily (run by hand below); and one whose text tries to escape into the host crontab
  cat > "$dir/app.json" <<'EOF'
{
  "cron": [
    { "command": "echo tick >> /data/minute", "schedule": "* * * * *" },
    { "command": "echo \"daily $GREETING $(echo sub) 'q'\" | tee -a /data/daily", "schedule": "@daily" },
    { "command": "echo \"$(id -u)\" 'quoted' > /data/hostile; touch /tmp/cr-pwned\necho second-line >> /data/hostile\n* * * * * root touch /tmp/cr-pwned", "schedule": "0 0 1 1 *", "concurrency_policy": "forbid" }
  ]
}
EOF
  commit_all "$dir" cron
  push_app "$dir" "$APP" > "$BATS_FILE_TMPDIR/push.log" 2>&1 || { cat "$BATS_FILE_TMPDIR/push.log" >&3; return 1; }
}

teardown_file() {
  destroy_app "$APP"
  rm -rf "$DATA" /tmp/cr-pwned
  paas ssh-keys:remove cr-key >/dev/null 2>&1 || true
}

task_id() { # SCHEDULE
  paas cron:list "$APP" --format json | jq -r --arg s "$1" '.[] | select(.schedule == $s) | .id'
}
app_lines() { crontab -l -u paas 2>/dev/null | grep -c " cron:run $APP " || true; }

@test "cron: the push schedules the tasks; cron:list shows them with Dokku's columns and json keys" {
  run grep -F 'Updated schedule file' "$BATS_FILE_TMPDIR/push.log"
  assert_success
  run paas cron:list "$APP"
  assert_success
  assert_line --index 0 --regexp '^ID +Schedule +Concurrency +Maintenance +Command$'
  assert_line --regexp "^$(task_id '* * * * *') +\* \* \* \* \* +allow +false +echo tick >> /data/minute$"
  assert_line --regexp "^$(task_id '@daily') +@daily +allow +false +echo \"daily"
  assert_line --regexp "^$(task_id '0 0 1 1 *') +0 0 1 1 \* +forbid +false +echo "
  run sh -c "paas cron:list $APP --format json | jq -c '.[1] | [.app, .command, .schedule, .concurrency_policy, .maintenance, .\"last-run-at\"]'"
  assert_output "[\"$APP\",\"echo \\\"daily \$GREETING \$(echo sub) 'q'\\\" | tee -a /data/daily\",\"@daily\",\"allow\",false,null]"
  run paas cron:report "$APP" --cron-task-count
  assert_output 3
}

@test "cron: the host crontab holds only paas cron:run lines, never a command's text" {
  [ "$(app_lines)" -eq 3 ]
  run crontab -l -u paas
  for id in $(task_id '* * * * *') $(task_id '@daily') $(task_id '0 0 1 1 *'); do
    assert_line --regexp "^[0-9*@][^ ]*( [^ ]+){0,4} /usr/local/bin/paas cron:run $APP $id\$"
  done
  # every line is a comment, a variable, blank, or a cron:run line
  run sh -c "crontab -l -u paas | grep -vE '^(#|[A-Z]+=|\$)' | grep -vE ' /usr/local/bin/paas cron:run [a-z0-9-]+ [0-9a-z]+\$'"
  assert_output ''
  run grep -rlE 'cr-pwned|/data/|GREETING|tee -a' /etc/cron.d /var/spool/cron/crontabs
  assert_output ''
}

@test "cron: cron:run runs the daily task now in a container of the live release (config, storage), logged and recorded" {
  id=$(task_id '@daily')
  run paas cron:run "$APP" "$id"
  assert_success
  assert_output --partial "daily hello-cron sub 'q'"
  run cat "$DATA/daily"
  assert_output "daily hello-cron sub 'q'"
  [ -z "$(docker ps -aq --filter "label=paas.cron-id=$id")" ]
  run paas logs "$APP" -p cron
  assert_output --regexp "app\[cron\.[0-9a-f]{6}\]: daily hello-cron sub 'q'"
  run sh -c "paas cron:list $APP --format json | jq -r '.[] | select(.id == \"$id\") | .\"last-exit-code\"'"
  assert_output 0
  # --detach returns at once; the run finishes in the background
  run paas cron:run "$APP" "$id" --detach
  assert_success
  wait_until 30 sh -c "[ \$(wc -l < $DATA/daily) -eq 2 ]"
  run paas cron:run "$APP" nosuchid
  assert_failure
  assert_output --partial "No matching Cron ID found"
  run paas cron:run "$APP" 'abc;touch /tmp/cr-pwned'
  assert_failure
  assert_output --partial "lowercase letters and digits"
}

@test "cron: a command with \$(...), quotes and newlines runs as written inside the container, not on the host" {
  # its last line looks like a crontab entry; inside the container it is just a command that is not found
  run -127 paas cron:run "$APP" "$(task_id '0 0 1 1 *')"
  run sh -c "paas cron:list $APP --format json | jq '.[2].\"last-exit-code\"'"
  assert_output 127
  run cat "$DATA/hostile"
  assert_output "0 quoted
second-line"
  [ ! -e /tmp/cr-pwned ]
}

@test "cron: a bad schedule fails the push with the task and the reason; the live tasks stay" {
  before=$(crontab -l -u paas)
  dir="$BATS_FILE_TMPDIR/app"
  cp "$dir/app.json" "$BATS_FILE_TMPDIR/app.json.good"
  cat > "$dir/app.json" <<'EOF'
{ "cron": [ { "command": "echo ok", "schedule": "@daily" }, { "command": "echo x", "schedule": "61 * * * *" } ] }
EOF
  commit_all "$dir" bad
  run push_app "$dir" "$APP"
  assert_failure
  assert_output --partial 'Invalid app.json cron[1] for app cr-app: invalid cron schedule "61 * * * *": minute 61 is out of range 0-59'
  [ "$(crontab -l -u paas)" = "$before" ]
  run paas cron:report "$APP" --cron-task-count
  assert_output 3
  run http_get "$APP"
  assert_output 'cron app'
  cp "$BATS_FILE_TMPDIR/app.json.good" "$dir/app.json"
  commit_all "$dir" good-again
}

@test "cron: maintenance and ps:stop take the app's lines out; false and ps:start put them back" {
  run paas cron:set "$APP" maintenance true
  assert_success
  [ "$(app_lines)" -eq 0 ]
  run paas cron:list "$APP"
  assert_line --regexp '@daily +allow +true \(app\) '
  run paas cron:set "$APP" maintenance false
  assert_success
  [ "$(app_lines)" -eq 3 ]
  run paas cron:set "$APP" mailto ops@example.com
  assert_failure
  assert_output --partial 'Property cannot be specified on a per-app basis'
  run paas ps:stop "$APP"
  assert_success
  [ "$(app_lines)" -eq 0 ]
  run paas ps:start "$APP"
  assert_success
  [ "$(app_lines)" -eq 3 ]
}

# Placed late: the daemon runs the task at the first minute boundary after the push, and the tests above
# fill that wait instead of a test sitting in it.
@test "cron: the real cron daemon runs the every-minute task" {
  wait_until 100 test -s "$DATA/minute"
  run cat "$DATA/minute"
  assert_line tick
}

@test "cron: a release without a task removes its line, and apps:destroy removes them all" {
  minute=$(task_id '* * * * *')
  dir="$BATS_FILE_TMPDIR/app"
  cat > "$dir/app.json" <<'EOF'
{ "cron": [ { "command": "echo \"daily $GREETING $(echo sub) 'q'\" | tee -a /data/daily", "schedule": "@daily" } ] }
EOF
  commit_all "$dir" fewer
  run push_app "$dir" "$APP"
  assert_success
  [ "$(app_lines)" -eq 1 ]
  run crontab -l -u paas
  refute_output --partial "$minute"
  run paas apps:destroy "$APP" --force
  assert_success
  [ "$(app_lines)" -eq 0 ]
}
