#!/usr/bin/env bats
# Dokku's own tests of the run plugin (dokku/dokku tests/unit/run_{1,2}.bats) and the resource tests that
# look at a running container (resource_{1,2}.bats), ported mechanically: `dokku` -> `paas`,
# TEST_APP -> dk-run, `deploy_app` -> one release made from a hand-made build.json on the local
# paas/busybox image (no Docker Hub, no herokuish), shared by the tests of this file; `ps:rebuild` ->
# `ps:restart` (the release has no source to rebuild from). Needs docker: run it through /work/wt/e2e.sh.
load helpers/common

BIN="$REPO/dist/bin"
TEST_APP=dk-run

setup_file() {
  use_temp_root
  echo "$PAAS_ROOT" >"$BATS_FILE_TMPDIR/root"
  local ctx="$BATS_FILE_TMPDIR/img"
  mkdir -p "$ctx"
  cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM paas/busybox
RUN mkdir -p /www /app && echo "dk run page" > /www/index.html && touch /app/null
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /www"]
DOCKERFILE
  docker build -q -t paas/dk-img:run "$ctx" >/dev/null
  paas apps:create "$TEST_APP" >/dev/null 2>&1
  paas checks:set "$TEST_APP" wait 1 >/dev/null 2>&1
  mkdir -p "$PAAS_ROOT/builds/$TEST_APP"
  cat >"$PAAS_ROOT/builds/$TEST_APP/build.json" <<'JSON'
{"image":"paas/dk-img:run","builder":"dockerfile","rev":"r1",
 "processes":{"web":"exec httpd -f -p $PORT -h /www","custom":"echo -n"}}
JSON
  node "$BIN/paas-release.js" "$TEST_APP" >/dev/null 2>&1
  node "$BIN/paas-deploy.js" "$TEST_APP" >"$BATS_FILE_TMPDIR/deploy.log" 2>&1 || {
    cat "$BATS_FILE_TMPDIR/deploy.log" >&3
    return 1
  }
}

setup() {
  PAAS_ROOT=$(cat "$BATS_FILE_TMPDIR/root")
  export PAAS_ROOT
  paas() { node "$REPO/dist/bin/paas.js" "$@"; }
  PAAS="node $REPO/dist/bin/paas.js"
}

teardown_file() {
  docker ps -aq --filter "label=paas.app=$TEST_APP" | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker images --format '{{.Repository}}:{{.Tag}}' "paas/$TEST_APP" | xargs -r docker image rm -f >/dev/null 2>&1 || true
  docker image rm paas/dk-img:run >/dev/null 2>&1 || true
}

web_container() {
  docker ps -q --filter "label=paas.app=$TEST_APP" --filter label=paas.kind=deploy --filter label=paas.process=web | head -n1
}

# from dokku tests/unit/run_1.bats "(run) run:help"
@test "(run) run:help" {
  run paas run:help
  assert_output --partial "Run a one-off process inside a container"
}

# from dokku tests/unit/run_1.bats "(run) run (with --options)"
@test "(run) run (with --options)" {
  run paas --force --quiet run "$TEST_APP" busybox true
  assert_success
}

# from dokku tests/unit/run_1.bats "(run) run herokuish (with --env / -e)" and "(run) run cnb (with --env / -e)"
# (paas builds buildpack apps itself: the shared busybox release stands in for Dokku's python app)
@test "(run) run herokuish (with --env / -e)" {
  run paas config:set --no-restart --global GLOBAL_SECRET=fjdkslafjdk
  assert_success
  run paas config:set --no-restart "$TEST_APP" SECRET_KEY=fjdkslafjdk
  assert_success
  run bash -c "$PAAS run --env TEST=testvalue -e TEST2=testvalue2 $TEST_APP env | grep -E '^TEST=testvalue'"
  assert_success
  run bash -c "$PAAS run --env TEST=testvalue -e TEST2=testvalue2 $TEST_APP env | grep -E '^TEST2=testvalue2'"
  assert_success
  run paas config:unset --no-restart --global GLOBAL_SECRET
  assert_success
}

# from dokku tests/unit/run_1.bats "(run) run:retire"
@test "(run) run:retire" {
  run paas run:detached --ttl-seconds=1 "$TEST_APP" sleep 300
  assert_success
  container_id="${lines[-1]}"
  run docker container inspect "$container_id" --format '{{ index .Config.Labels "paas.active-deadline-seconds" }}'
  assert_success
  assert_output "1"
  run paas run:list --quiet "$TEST_APP"
  assert_success
  assert_output --partial "$container_id"
  sleep 2
  run paas run:retire
  assert_success
  run paas run:list --quiet "$TEST_APP"
  assert_success
  refute_output --partial "$container_id"
}

# from dokku tests/unit/run_2.bats "(run) run"
@test "(run) run" {
  run paas run "$TEST_APP" echo "$TEST_APP"
  assert_success
  run bash -c "docker ps -a -f 'status=exited' -f label=paas.app=$TEST_APP -f label=paas.kind=run -q | wc -l"
  assert_output "0"
}

# from dokku tests/unit/run_2.bats "(run) run:detached"
# (Dokku's global --label docker option is not a paas flag: docker-options:add APP run is its way)
@test "(run) run:detached" {
  run paas run:detached "$TEST_APP" sleep 300
  assert_success
  cid="${lines[-1]}"
  run docker inspect -f '{{ .State.Status }}' "$cid"
  assert_output "running"
  run docker stop -t 1 "$cid"
  assert_success
  run paas run:stop "$TEST_APP" --all
  assert_success
}

# from dokku tests/unit/run_2.bats "(run) run (with tty)" and "(run) run (without tty)"
@test "(run) run (with tty) / (without tty)" {
  run paas run "$TEST_APP" ls /app/null
  assert_success
  run bash -c ": | $PAAS run $TEST_APP ls /app/null"
  assert_success
}

# from dokku tests/unit/run_2.bats "(run) run command from Procfile"
@test "(run) run command from Procfile" {
  run bash -c "$PAAS run $TEST_APP custom 'hi dokku' | tail -n 1"
  assert_success
  assert_output 'hi dokku'
}

# from dokku tests/unit/run_2.bats "(run) list"
@test "(run) list" {
  paas run:stop "$TEST_APP" --all >/dev/null 2>&1
  run paas --quiet run:list "$TEST_APP"
  assert_success
  run paas run:detached "$TEST_APP" sleep 300
  assert_success
  run bash -c "$PAAS --quiet run:list $TEST_APP | wc -l"
  assert_output "1"
  run bash -c "$PAAS run:list $TEST_APP --format json | jq '. | length'"
  assert_output "1"
  run bash -c "$PAAS run:list --format json $TEST_APP | jq '. | length'"
  assert_output "1"
  run paas run:detached "$TEST_APP" sleep 300
  assert_success
  run bash -c "$PAAS --quiet run:list $TEST_APP | wc -l"
  assert_output "2"
  run bash -c "$PAAS run:list $TEST_APP --format json | jq '. | length'"
  assert_output "2"
  paas run:stop "$TEST_APP" --all >/dev/null 2>&1
}

# from dokku tests/unit/run_2.bats "(run) docker-options and -e flags are not eval-injected"
@test "(run) docker-options and -e flags are not eval-injected" {
  run paas docker-options:add "$TEST_APP" run '--label=com.dokku.test=safe'
  assert_success
  run bash -c "$PAAS run --ttl-seconds=60 -e FOO=bar $TEST_APP env | grep -E '^FOO=bar'"
  assert_success
  run paas run -e 'X=$(id)' "$TEST_APP" env
  assert_success
  [[ "$output" == *'X=$(id)'* ]]
  [[ "$output" != *"uid="* ]]
  paas docker-options:clear "$TEST_APP" run >/dev/null 2>&1
}

# from dokku tests/unit/run_2.bats "(run) --ttl-seconds rejects non-numeric input; docker-options stores it verbatim"
# Difference: paas refuses an unquoted "$" in a docker option instead of storing it (never expanded either way).
@test "(run) --ttl-seconds rejects non-numeric input; docker-options stores it verbatim" {
  run paas run --ttl-seconds '$(id)' "$TEST_APP" echo hi
  assert_failure
  [[ "$output" != *"uid="* ]]
  run paas docker-options:add "$TEST_APP" run '--label=x=$(id)'
  assert_failure
  [[ "$output" != *"uid="* ]]
  run paas docker-options:report "$TEST_APP" --docker-options-run
  [[ "$output" != *"uid="* ]]
}

# from dokku tests/unit/resource_1.bats "(resource) resource:limit" (the container part)
@test "(resource) resource:limit" {
  run paas resource:limit --memory 512MB "$TEST_APP"
  assert_success
  run docker inspect --format '{{.HostConfig.Memory}}' "$(web_container)"
  assert_output "0"
  run paas ps:restart "$TEST_APP"
  assert_success
  run docker inspect --format '{{.HostConfig.Memory}}' "$(web_container)"
  assert_output "536870912"
  run paas resource:limit --memory 1024MB --process-type worker "$TEST_APP"
  assert_success
  run paas ps:restart "$TEST_APP"
  assert_success
  run docker inspect --format '{{.HostConfig.Memory}}' "$(web_container)"
  assert_output "536870912"
  run paas resource:limit-clear "$TEST_APP"
  assert_success
  run paas ps:restart "$TEST_APP"
  assert_success
  run docker inspect --format '{{.HostConfig.Memory}}' "$(web_container)"
  assert_output "0"
}

# from dokku tests/unit/resource_2.bats "(resource) resource:reserve" (the container part)
@test "(resource) resource:reserve" {
  run paas resource:reserve --memory 512MB "$TEST_APP"
  assert_success
  run paas ps:restart "$TEST_APP"
  assert_success
  run docker inspect --format '{{.HostConfig.MemoryReservation}}' "$(web_container)"
  assert_output "536870912"
  run paas resource:reserve-clear "$TEST_APP"
  assert_success
  run paas ps:restart "$TEST_APP"
  assert_success
  run docker inspect --format '{{.HostConfig.MemoryReservation}}' "$(web_container)"
  assert_output "0"
}
