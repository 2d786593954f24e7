#!/usr/bin/env bats
# ps:* on the installed system: one app pushed over ssh once, served by the real nginx; the tests run in
# order on it (scale, stop/start, restore after kills, removals and a changed address, restart, set, rebuild).

load 'helpers/common'

APP=tk-ps

setup_file() {
  setup_push_key tk-ps
  destroy_app "$APP"
  docker rm -f tk-ps-ipthief >/dev/null 2>&1 || true
  paas apps:create "$APP" >/dev/null
  paas checks:set "$APP" wait 1 >/dev/null
  paas checks:set "$APP" wait-to-retire 1 >/dev/null
  SRC="$BATS_FILE_TMPDIR/src"
  make_repo "$SRC" \
    'Dockerfile=FROM paas/busybox
RUN mkdir -p /www && echo "tk ps page" > /www/index.html
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /www"]' \
    'Procfile=web: echo "web up on $PORT"; exec httpd -f -p $PORT -h /www
worker: echo "worker up"; exec sleep 100000'
  push_app "$SRC" "$APP" > "$BATS_FILE_TMPDIR/push.log" 2>&1 || { cat "$BATS_FILE_TMPDIR/push.log" >&3; return 1; }
}

teardown_file() {
  docker rm -f tk-ps-ipthief >/dev/null 2>&1 || true
  destroy_app "$APP"
}

status_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Host: $APP.$PAAS_TEST_DOMAIN" http://127.0.0.1/; }
live_deploy() { paas ps:report "$APP" --live-deploy; }
live_names() { docker ps -a --filter "label=paas.deploy=$(live_deploy)" --format '{{.Names}} {{.State}}' | sort; }
count_running() { docker ps --filter "label=paas.deploy=$(live_deploy)" --filter "label=paas.process=$1" -q | wc -l; }
served() { [ "$(http_get "$APP")" = "tk ps page" ]; }
running_is() { [ "$(count_running "$1")" -eq "$2" ]; } # PROCESS COUNT

# install.sh's every-minute cron runs `paas ps:restore` too (its output goes to CRON_LOG). Whichever takes
# the app's lock first does the work and says so; the other one skips the app (all apps) or waits for the
# lock (one app) and then finds nothing to do. So a test asserts the outcome, and that one of the two
# said it restored the app: in this run's output or in what the cron logged since MARK.
CRON_LOG=/var/log/paas/cron.log
cron_mark() { stat -c %s "$CRON_LOG" 2>/dev/null || echo 0; }
said() { # MARK TEXT
  [[ "$output" == *"$2"* ]] || { [ -f "$CRON_LOG" ] && tail -c +"$(($1 + 1))" "$CRON_LOG" | grep -qF -- "$2"; }
}
# The output without the line a wait for the cron's ps:restore prints.
without_wait() { grep -v 'is being deployed by another process; waiting' <<<"$output" || true; }

@test "ps:scale lists the formation, scales web and worker, and refuses bad input without a change" {
  run paas ps:scale "$APP"
  assert_success
  assert_output --partial "-----> Scaling for $APP"
  assert_line 'proctype: qty'
  assert_line 'web:  1'
  assert_line 'worker: 0'
  run paas ps:scale "$APP" web=2 worker=1
  assert_success
  assert_output --partial "Scaling $APP processes: web=2 worker=1"
  [ "$(count_running web)" -eq 2 ]
  [ "$(count_running worker)" -eq 1 ]
  run paas ps:scale "$APP" --format json
  assert_output '[{"process_type":"web","quantity":2},{"process_type":"worker","quantity":1}]'
  served
  run paas ps:scale "$APP" web=two
  assert_failure 64
  run paas ps:scale "$APP" clock=1
  assert_failure
  assert_output --partial 'clock: not a process type of tk-ps (its Procfile has web, worker)'
  run paas ps:scale "$APP" --format json
  assert_output '[{"process_type":"web","quantity":2},{"process_type":"worker","quantity":1}]'
}

@test "ps:report shows every container; json and single flags agree" {
  run paas ps:report "$APP"
  assert_success
  assert_output --partial "=====> $APP ps information"
  assert_output --regexp 'Deployed: +true'
  assert_output --regexp 'Processes: +3'
  assert_output --regexp 'Running: +true'
  assert_output --regexp 'Status web 1: +running \(CID: [0-9a-f]{12}\)'
  assert_output --regexp 'Status web 2: +running'
  assert_output --regexp 'Status worker 1: +running'
  run paas ps:report "$APP" --format json
  assert_output --partial '"deployed":"true"'
  assert_output --partial '"status-worker-1":"running'
  run paas ps:report "$APP" --restore
  assert_output 'true'
}

@test "ps:stop keeps the containers and nginx answers 503 (never a reused address); ps:restore leaves it stopped; ps:start serves again" {
  run paas ps:stop "$APP"
  assert_success
  assert_output --partial "Stopping $APP (3 containers)"
  run live_names
  assert_line "$APP.web.1 exited"
  [ "$(status_code)" = 503 ]
  run http_get "$APP"
  assert_output "$APP: no web process is running"
  [ "$(paas ps:report "$APP" --running)" = false ]
  [ "$(paas ps:report "$APP" --restore)" = false ]
  run paas ps:restore "$APP"
  assert_success
  assert_output --partial "App $APP was stopped with ps:stop; leaving it stopped"
  [ "$(status_code)" = 503 ]
  run paas ps:restore
  assert_success
  refute_output --partial 'not deployed'
  [ "$(status_code)" = 503 ]
  run paas ps:start "$APP"
  assert_success
  assert_output --partial "Starting $APP (3 containers)"
  served
  [ "$(count_running worker)" -eq 1 ]
  [ "$(paas ps:report "$APP" --restore)" = true ]
}

@test "ps:restore starts containers killed behind paas's back and is a quiet no-op when all is well" {
  mark=$(cron_mark)
  docker ps -q --filter "label=paas.app=$APP" | xargs docker kill >/dev/null
  sleep 1
  run paas ps:restore
  assert_success
  wait_until 60 said "$mark" "Restored $APP"
  wait_until 30 served
  wait_until 30 running_is web 2
  wait_until 30 running_is worker 1
  run paas ps:restore "$APP"
  assert_success
  [ "$(without_wait)" = '' ]
}

@test "ps:restore re-points nginx when a restarted web container got a new address" {
  d=$(live_deploy)
  old_ips=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$APP.web.1" "$APP.web.2" | sort | tr '\n' ' ')
  # Hold the app's lock while the containers are down, so the every-minute cron ps:restore (which skips a
  # locked app) cannot start them again with their old addresses in between.
  exec {lock}>"/var/lib/paas/locks/app-$APP.lock"
  flock "$lock"
  docker stop -t 1 "$APP.web.1" "$APP.web.2" >/dev/null
  # take one of the freed addresses so the containers cannot get theirs back
  docker run -d --name tk-ps-ipthief --label paas.app=tk-ps-thief paas/busybox sleep 600 >/dev/null
  docker start "$APP.web.1" "$APP.web.2" >/dev/null
  exec {lock}>&-
  new_ips=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$APP.web.1" "$APP.web.2" | sort | tr '\n' ' ')
  [ "$old_ips" != "$new_ips" ]
  mark=$(cron_mark)
  run paas ps:restore "$APP"
  assert_success
  wait_until 60 said "$mark" "Restored $APP (routed)"
  for ip in $new_ips; do wait_until 30 grep -q "$ip:" "/var/lib/paas/nginx/live/$APP.conf"; done
  wait_until 30 served
  docker rm -f tk-ps-ipthief >/dev/null
}

@test "ps:restore deploys the live release again when its containers were removed" {
  rel=$(paas ps:report "$APP" --live-release)
  old=$(live_deploy)
  mark=$(cron_mark)
  docker ps -aq --filter "label=paas.app=$APP" | xargs docker rm -f >/dev/null
  run paas ps:restore
  assert_success
  wait_until 120 said "$mark" "deploying release $rel again"
  said "$mark" "is missing containers"
  wait_until 60 served
  [ "$(live_deploy)" != "$old" ]
  [ "$(paas ps:report "$APP" --live-release)" = "$rel" ]
  wait_until 30 running_is web 2
}

@test "ps:restart swaps in new containers without a failed request; a worker restarts in place" {
  old=$(live_deploy)
  ( fails=0; end=$((SECONDS + 30)); while [ -e "$BATS_TEST_TMPDIR/load" ] && [ $SECONDS -lt $end ]; do
      [ "$(status_code)" = 200 ] || fails=$((fails + 1)); done; echo "$fails" > "$BATS_TEST_TMPDIR/fails" ) &
  touch "$BATS_TEST_TMPDIR/load"
  sleep 0.5
  run paas ps:restart "$APP"
  sleep 2
  rm "$BATS_TEST_TMPDIR/load"
  wait
  assert_success
  assert_output --partial "Restarting $APP"
  [ "$(live_deploy)" != "$old" ]
  [ "$(cat "$BATS_TEST_TMPDIR/fails")" = 0 ]

  d=$(live_deploy)
  before=$(docker inspect -f '{{.State.StartedAt}}' "$APP.worker.1")
  run paas ps:restart "$APP" worker
  assert_success
  assert_output --partial "Restarting $APP.worker.1"
  [ "$(live_deploy)" = "$d" ]
  [ "$(docker inspect -f '{{.State.StartedAt}}' "$APP.worker.1")" != "$before" ]
  run paas ps:restart "$APP" nosuch
  assert_failure
  assert_output --partial 'nosuch: not a process type of tk-ps'
}

@test "ps:set restart-policy changes the running containers too; bad values change nothing" {
  d=$(live_deploy)
  run paas ps:set "$APP" restart-policy on-failure:3
  assert_success
  run docker inspect -f '{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}' "$APP.web.1"
  assert_output 'on-failure:3'
  run paas ps:set "$APP" restart-policy sometimes
  assert_failure 64
  assert_output --partial 'Invalid restart-policy specified: "sometimes"'
  [ "$(paas ps:report "$APP" --ps-restart-policy)" = on-failure:3 ]
  run paas ps:set "$APP" restart-policy
  assert_success
  # Dokku's raw key is empty once unset; the computed one is the default in effect
  [ "$(paas ps:report "$APP" --ps-restart-policy)" = '' ]
  [ "$(paas ps:report "$APP" --ps-computed-restart-policy)" = unless-stopped ]
  run docker inspect -f '{{.HostConfig.RestartPolicy.Name}}' "$APP.web.1"
  assert_output 'unless-stopped'
  run paas ps:set "$APP" stop-timeout-seconds 4
  assert_success
  [ "$(paas ps:report "$APP" --ps-computed-stop-timeout-seconds)" = 4 ]
  run paas ps:set "$APP" stop-timeout-seconds -1
  assert_failure 64
  run paas ps:set "$APP" procfile-magic 1
  assert_failure 64
  [ "$(paas ps:report "$APP" --ps-computed-stop-timeout-seconds)" = 4 ]
}

@test "ps:rebuild builds the last push again as a new release" {
  rel=$(paas ps:report "$APP" --live-release)
  run paas ps:rebuild "$APP"
  assert_success
  [ "$(paas ps:report "$APP" --live-release)" != "$rel" ]
  served
  run paas ps:rebuild
  assert_failure 64
}
