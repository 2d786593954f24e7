#!/usr/bin/env bats
# Zero-downtime checks with real containers: paas-release + paas-deploy on a hand-made build.json (an
# image built here from paas/busybox), each test on its own PAAS_ROOT. A failing check must leave the old
# release serving.

load 'helpers/common'

BIN="$REPO/dist/bin"
SERVE='exec httpd -f -p $PORT -h /www'

setup_file() {
  local ctx="$BATS_FILE_TMPDIR/img"
  mkdir -p "$ctx"
  cat > "$ctx/Dockerfile" <<'EOF'
FROM paas/busybox
RUN mkdir -p /www && echo "hello from tk" > /www/index.html && echo ready > /www/health
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /www"]
EOF
  docker build -q -t paas/tk-img:checks "$ctx" >/dev/null
}

teardown_file() {
  docker image rm paas/tk-img:checks >/dev/null 2>&1 || true
}

setup() {
  use_temp_root
  APP="tk-c$BATS_TEST_NUMBER"
  paas apps:create "$APP" >/dev/null 2>&1
  paas checks:set "$APP" wait 1 >/dev/null 2>&1
  paas checks:set "$APP" attempts 2 >/dev/null 2>&1
  paas checks:set "$APP" wait-to-retire 1 >/dev/null 2>&1
}

teardown() {
  docker ps -aq --filter "label=paas.app=$APP" | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker images --format '{{.Repository}}:{{.Tag}}' "paas/$APP" | xargs -r docker image rm -f >/dev/null 2>&1 || true
}

# build.json as paas-build writes it. WEB: the web command; EXTRA: more JSON fields (appJson, checksFile).
write_build() { # WEB [EXTRA_JSON_FIELDS] [PROCS_JSON]
  local procs=${3:-"{\"web\":$(json "$1")}"}
  mkdir -p "$PAAS_ROOT/builds/$APP"
  printf '{"image":"paas/tk-img:checks","builder":"dockerfile","processes":%s,"rev":"r%s"%s}\n' \
    "$procs" "$RANDOM" "${2:+,$2}" > "$PAAS_ROOT/builds/$APP/build.json"
}
json() { node -e 'process.stdout.write(JSON.stringify(process.argv[1]))' "$1"; }
deploy() { node "$BIN/paas-release.js" "$APP" && node "$BIN/paas-deploy.js" "$APP"; }
live_deploy() { cat "$PAAS_ROOT/props/ps/$APP/live-deploy"; }
live_release() { cat "$PAAS_ROOT/props/ps/$APP/live-release"; }
# The web.1 container of one deploy, found by label (its name changes once the deploy is live).
cid_of() { docker ps -aq --filter "label=paas.app=$APP" --filter "label=paas.deploy=$1" --filter "label=paas.dyno=web.1"; }
web_page() { # DEPLOY_ID [PATH]
  local ip
  ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$(cid_of "$1")")
  curl -sS --max-time 5 "http://$ip:5000${2:-/}"
}
running_names() { docker ps --filter "label=paas.app=$APP" --format '{{.Names}}' | sort; }

@test "default check: web answers HTTP on its port and stays up; the output names the container and URL" {
  write_build "$SERVE"
  run deploy
  assert_success
  assert_output --regexp "-----> Running checks for web\.1 \(http://[0-9.]+:5000/\)"
  assert_output --partial 'Checks passed for 1 container'
  run web_page "$(live_deploy)"
  assert_output 'hello from tk'
}

@test "a web process that never listens fails the deploy and the old release keeps serving" {
  write_build "$SERVE"
  deploy >/dev/null 2>&1
  old=$(live_deploy)
  write_build 'echo booting without a port; exec sleep 600'
  run deploy
  assert_failure
  assert_output --partial 'Attempt 1/2 for web.1 failed: connection refused'
  assert_output --regexp 'Check "default" failed for web\.1 \(http://[0-9.]+:5000/\): connection refused'
  # the end of the failing container's output is shown, and kept for logs:failed
  assert_output --partial 'app[web.1]: booting without a port'
  [ "$(live_deploy)" = "$old" ]
  [ "$(live_release)" = 1 ]
  run web_page "$old"
  assert_output 'hello from tk'
  run running_names
  assert_output "$APP.web.1"
  run paas logs:failed "$APP"
  assert_success
  assert_output --regexp '^[0-9T:.-]+Z app\[web\.1\]: booting without a port$'
}

@test "a process that crashes after answering fails the uptime window (web and worker alike)" {
  paas checks:set "$APP" wait 3 >/dev/null
  # Without auto-rollback the uptime window is waited before routing (watch.bats covers the watch).
  paas checks:set "$APP" auto-rollback false >/dev/null
  write_build '' '' "{\"web\":$(json "$SERVE"),\"worker\":$(json 'exec sleep 600')}"
  deploy >/dev/null 2>&1
  old=$(live_deploy)
  write_build '' '' "{\"web\":$(json 'httpd -f -p $PORT -h /www & sleep 1; exit 3')}"
  run deploy
  assert_failure
  assert_output --regexp 'web\.1 (exited with code 3|restarted|is restarting).* within 3s'
  [ "$(live_deploy)" = "$old" ]

  paas ps:scale --skip-deploy "$APP" worker=1 >/dev/null 2>&1
  write_build '' '' "{\"web\":$(json "$SERVE"),\"worker\":$(json 'sleep 1; exit 4')}"
  run deploy
  assert_failure
  assert_output --partial 'Running checks for worker.1 (uptime 3s)'
  assert_output --regexp 'worker\.1 (exited with code 4|restarted|is restarting)'
  [ "$(live_deploy)" = "$old" ]
}

@test "app.json healthchecks: path and content must match, and the failure shows the body" {
  write_build "$SERVE" '"appJson":{"healthchecks":{"web":[{"type":"startup","name":"ready","path":"/health","content":"ready","attempts":2,"wait":1}]}}'
  run deploy
  assert_success
  assert_output --regexp 'Running checks for web\.1 \(http://[0-9.]+:5000/health\) \[ready\]'
  good=$(live_deploy)

  write_build "$SERVE" '"appJson":{"healthchecks":{"web":[{"name":"body","path":"/index.html","content":"goodbye","attempts":1}]}}'
  run deploy
  assert_failure
  assert_output --partial 'Check "body" failed for web.1'
  assert_output --partial 'expected content "goodbye" not found; got: hello from tk'
  [ "$(live_deploy)" = "$good" ]

  write_build "$SERVE" '"appJson":{"healthchecks":{"web":[{"name":"missing","path":"/nope","attempts":1}]}}'
  run deploy
  assert_failure
  assert_output --partial 'HTTP status 404 (expected 2xx or 3xx)'
  [ "$(live_deploy)" = "$good" ]
}

@test "app.json command checks run inside the container; bad healthchecks are refused clearly" {
  write_build "$SERVE" '"appJson":{"healthchecks":{"web":[{"name":"file","command":["test","-f","/www/health"]}]}}'
  run deploy
  assert_success
  assert_output --partial 'Running checks for web.1 (command: test -f /www/health) [file]'
  good=$(live_deploy)

  write_build "$SERVE" '"appJson":{"healthchecks":{"web":[{"name":"no-file","command":["test","-f","/nope"],"attempts":1}]}}'
  run deploy
  assert_failure
  assert_output --partial 'command exited with code 1'
  [ "$(live_deploy)" = "$good" ]

  write_build "$SERVE" '"appJson":{"healthchecks":{"web":[{"type":"sometimes","path":"/"}]}}'
  run deploy
  assert_failure
  assert_output --partial 'app.json healthchecks.web[0].type must be startup, readiness or liveness'
  [ "$(live_deploy)" = "$good" ]
}

@test "legacy CHECKS file: expected content per path, with its own settings" {
  write_build "$SERVE" "\"checksFile\":$(json $'WAIT=1\nATTEMPTS=1\n/index.html hello from tk\n/health ready\n')"
  run deploy
  assert_success
  assert_output --regexp 'Running checks for web\.1 \(http://[0-9.]+:5000/index.html\)'
  assert_output --regexp 'Running checks for web\.1 \(http://[0-9.]+:5000/health\)'
  good=$(live_deploy)

  write_build "$SERVE" "\"checksFile\":$(json $'ATTEMPTS=1\n/index.html Our Amazing Team\n')"
  run deploy
  assert_failure
  assert_output --partial 'expected content "Our Amazing Team" not found'
  [ "$(live_deploy)" = "$good" ]
}

@test "checks:disable and checks:skip let a failing web deploy; checks:enable gates it again" {
  write_build "$SERVE"
  deploy >/dev/null 2>&1
  bad='"appJson":{"healthchecks":{"web":[{"name":"never","path":"/nope","attempts":1}]}}'

  run paas checks:skip "$APP"
  assert_success
  assert_output --partial "Skipping zero downtime for app ($APP)"
  write_build "$SERVE" "$bad"
  run deploy
  assert_success
  assert_output --partial 'Zero downtime checks for web are skipped'
  refute_output --partial 'Running checks'
  [ "$(live_release)" = 2 ]

  run paas checks:disable "$APP" web
  assert_success
  assert_output --partial "Disabling zero downtime for app's ($APP) proctypes (web)"
  run paas checks:report "$APP" --checks-disabled-list
  assert_output 'web'
  run paas checks:report "$APP" --checks-skipped-list
  assert_output 'none'
  write_build "$SERVE" "$bad"
  run deploy
  assert_success
  assert_output --partial 'Zero downtime checks for web are disabled'
  [ "$(live_release)" = 3 ]

  paas checks:enable "$APP" >/dev/null
  write_build "$SERVE" "$bad"
  run deploy
  assert_failure
  assert_output --partial 'Check "never" failed'
  [ "$(live_release)" = 3 ]
}

@test "checks:run checks the live containers, even of skipped types, and fails on a stopped one" {
  run paas checks:run "$APP"
  assert_failure
  assert_output --partial "App $APP has not been deployed"
  write_build "$SERVE"
  deploy >/dev/null 2>&1
  paas checks:skip "$APP" >/dev/null
  run paas checks:run "$APP"
  assert_success
  assert_output --partial "Running checks for app ($APP) release v1"
  assert_output --regexp 'Running checks for web\.1 \(http://[0-9.]+:5000/\)'
  run paas checks:run "$APP" worker
  assert_failure
  assert_output --partial "App $APP has no worker containers"
  docker stop -t 1 "$APP.web.1" >/dev/null
  run paas checks:run "$APP"
  assert_failure
  assert_output --partial 'is not running'
}

@test "checks:set validates keys and values and changes nothing on bad input; report and json agree" {
  run paas checks:set "$APP" attempts 0
  assert_failure 64
  assert_output --partial 'Invalid value for attempts: "0"'
  run paas checks:set "$APP" retries 3
  assert_failure 64
  assert_output --partial 'Invalid checks property "retries" (use wait, timeout, attempts, wait-to-retire, watch, auto-rollback)'
  run paas checks:set "$APP" timeout 1.5
  assert_failure 64
  run paas checks:report "$APP" --format json
  assert_success
  assert_output --partial '"checks-attempts":"2"'
  assert_output --partial '"checks-computed-timeout":"5"'
  run paas checks:set --global wait-to-retire 7
  assert_success
  paas checks:set "$APP" wait-to-retire >/dev/null
  run paas checks:report "$APP" --checks-computed-wait-to-retire
  assert_output '7'
  run paas checks:report "$APP"
  assert_output --partial "=====> $APP checks information"
  assert_output --regexp 'Checks global wait to retire: +7'
  run paas checks:disable "$APP" 'web;rm'
  assert_failure 64
  run paas checks:report "$APP" --checks-disabled-list
  assert_output 'none'
  run paas checks:disable nosuchapp
  assert_failure
  assert_output --partial 'App nosuchapp does not exist'
}
