#!/usr/bin/env bats
# run, run:detached/list/stop, enter and logs with real containers: one release made from a hand-made
# build.json on a temporary PAAS_ROOT (web + worker), shared by the tests of this file.

load 'helpers/common'

BIN="$REPO/dist/bin"
APP=tk-run

setup_file() {
  use_temp_root
  echo "$PAAS_ROOT" > "$BATS_FILE_TMPDIR/root"
  local ctx="$BATS_FILE_TMPDIR/img"
  mkdir -p "$ctx"
  cat > "$ctx/Dockerfile" <<'EOF'
FROM paas/busybox
RUN mkdir -p /www && echo "tk run page" > /www/index.html
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /www"]
EOF
  docker build -q -t paas/tk-img:run "$ctx" >/dev/null
  paas apps:create "$APP" >/dev/null 2>&1
  paas checks:set "$APP" wait 1 >/dev/null 2>&1
  paas config:set --no-restart "$APP" GREETING='hello tk' >/dev/null 2>&1
  paas ps:scale --skip-deploy "$APP" web=2 worker=1 >/dev/null 2>&1
  mkdir -p "$PAAS_ROOT/builds/$APP"
  cat > "$PAAS_ROOT/builds/$APP/build.json" <<'EOF'
{"image":"paas/tk-img:run","builder":"dockerfile","rev":"r1",
 "processes":{"web":"echo \"web says $GREETING on $PORT\"; echo to-stderr >&2; exec httpd -f -p $PORT -h /www",
              "worker":"echo worker ticking; exec sleep 100000",
              "console":"echo console for $GREETING"}}
EOF
  node "$BIN/paas-release.js" "$APP" >/dev/null 2>&1
  node "$BIN/paas-deploy.js" "$APP" > "$BATS_FILE_TMPDIR/deploy.log" 2>&1 || { cat "$BATS_FILE_TMPDIR/deploy.log" >&3; return 1; }
}

setup() {
  PAAS_ROOT=$(cat "$BATS_FILE_TMPDIR/root")
  export PAAS_ROOT
  paas() { node "$REPO/dist/bin/paas.js" "$@"; }
}

teardown_file() {
  docker ps -aq --filter "label=paas.app=$APP" | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker images --format '{{.Repository}}:{{.Tag}}' "paas/$APP" | xargs -r docker image rm -f >/dev/null 2>&1 || true
  docker image rm paas/tk-img:run >/dev/null 2>&1 || true
}

run_containers() { docker ps -a --filter "label=paas.app=$APP" --filter label=paas.kind=run -q | wc -l; }

@test "run: the exit code passes through and the container is removed" {
  run paas run "$APP" sh -c 'echo out; echo err >&2; exit 7'
  assert_failure 7
  assert_line 'out'
  assert_line 'err'
  [ "$(run_containers)" -eq 0 ]
  run paas run "$APP" true
  assert_success
}

@test "run: the release config, DYNO and --env (before or after the app) reach the command" {
  run paas run --env EXTRA=one "$APP" -e SECOND='two words' --no-tty sh -c 'echo "$GREETING|$EXTRA|$SECOND|$DYNO"'
  assert_success
  assert_output 'hello tk|one|two words|run.1'
  run paas run "$APP" --env 1BAD=x true
  assert_failure 64
  assert_output --partial 'Invalid env key'
}

@test "run: a Procfile name runs its command, a single line runs through sh, flags after the command are the command's" {
  run paas run "$APP" console
  assert_success
  assert_output 'console for hello tk'
  run paas run "$APP" 'echo $GREETING && echo second'
  assert_success
  assert_output $'hello tk\nsecond'
  run paas run "$APP" ls --help
  refute_output --partial 'unknown flag'
}

@test "run: refuses what it cannot do with a one-line error" {
  run paas run "$APP"
  assert_failure 64
  assert_output --partial 'Usage: paas run'
  run paas run tk-nosuchapp true
  assert_failure
  assert_output --partial 'App tk-nosuchapp does not exist'
  paas apps:create tk-run-empty >/dev/null 2>&1
  run paas run tk-run-empty true
  assert_failure
  assert_output --partial 'App tk-run-empty has not been deployed'
}

@test "run:detached, run:list and run:stop manage background one-off containers" {
  run paas run:detached "$APP" sleep 600
  assert_success
  name=$(echo "$output" | grep -E "^$APP\.run\.[0-9a-f]{6}$")
  [ -n "$name" ]
  run paas run:list "$APP"
  assert_output --regexp "$name	running	sleep 600"
  run paas run:stop "$APP" "$name"
  assert_success
  [ "$(run_containers)" -eq 0 ]
  run paas run:stop "$APP" "$name"
  assert_failure
}

@test "enter: runs a command in the chosen container; ids of other apps are refused" {
  run paas enter "$APP" web.2 sh -c 'echo $DYNO; cat /www/index.html'
  assert_success
  assert_output $'web.2\ntk run page'
  run paas enter "$APP" worker sh -c 'echo $DYNO'
  assert_output 'worker.1'
  run paas enter "$APP" sh -c 'exit 3'
  assert_failure 64
  assert_output --partial 'runs several containers'
  id=$(docker ps -q --filter "label=paas.app=$APP" --filter label=paas.process=worker)
  run paas enter "$APP" --container-id "$id" sh -c 'exit 5'
  assert_failure 5
  docker run -d --name tk-run-other --label paas.app=tk-other paas/busybox sleep 60 >/dev/null
  other=$(docker inspect -f '{{.Id}}' tk-run-other)
  run paas enter "$APP" --container-id "$other" true
  docker rm -f tk-run-other >/dev/null
  assert_failure
  assert_output --partial "belongs to $APP"
}

@test "logs: Dokku's app[proc.N] prefix, -p, -q, -n and -t" {
  run paas logs "$APP"
  assert_success
  assert_line --regexp '^[0-9T:.-]+Z app\[web\.1\]: web says hello tk on 5000$'
  assert_output --regexp 'Z app\[web\.2\]: web says hello tk on 5000'
  assert_output --regexp 'Z app\[web\.1\]: to-stderr'
  assert_output --regexp 'Z app\[worker\.1\]: worker ticking'
  run paas logs "$APP" -p worker -q
  assert_output 'worker ticking'
  # one line per web container (stdout and stderr lines of the same instant may come in either order)
  run paas logs "$APP" --ps web --num 1 --quiet
  [ "${#lines[@]}" -eq 2 ]
  for l in "${lines[@]}"; do [[ "$l" == to-stderr || "$l" == "web says hello tk on 5000" ]]; done
  run timeout 3 node "$REPO/dist/bin/paas.js" logs "$APP" -t -p worker
  assert_output --regexp 'app\[worker\.1\]: worker ticking'
  run paas logs "$APP" -n many
  assert_failure 64
  run paas logs "$APP" -p 'a/b'
  assert_failure 64
}
