#!/usr/bin/env bats
# The deploy engine with real docker: paas-release + paas-deploy + paas-retire on a hand-made build.json
# (an image built here from paas/busybox: httpd serving a page on $PORT), each test on its own PAAS_ROOT.

load 'helpers/common'

BIN="$REPO/dist/bin"

setup_file() {
  local ctx="$BATS_FILE_TMPDIR/img"
  mkdir -p "$ctx"
  cat > "$ctx/Dockerfile" <<'EOF'
FROM paas/busybox
ARG PAGE=one
RUN mkdir -p /www && echo "$PAGE" > /www/index.html
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /www"]
EOF
  docker build -q --build-arg PAGE=one -t paas/td-img:one "$ctx" >/dev/null
  docker build -q --build-arg PAGE=two -t paas/td-img:two "$ctx" >/dev/null
}

teardown_file() {
  docker image rm paas/td-img:one paas/td-img:two >/dev/null 2>&1 || true
}

setup() {
  use_temp_root
  APP="td-d$BATS_TEST_NUMBER"
  paas apps:create "$APP" >/dev/null 2>&1
  paas checks:set "$APP" wait 1 >/dev/null 2>&1
  paas checks:set "$APP" wait-to-retire 1 >/dev/null 2>&1
}

teardown() {
  docker ps -aq --filter "label=paas.app=$APP" | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker rm -f "$APP.predeploy" >/dev/null 2>&1 || true
  docker images --format '{{.Repository}}:{{.Tag}}' "paas/$APP" | xargs -r docker image rm -f >/dev/null 2>&1 || true
}

# build.json as paas-build would write it. IMAGE_TAG one|two, then JSON fields to add.
write_build() { # TAG [EXTRA_JSON_FIELDS]
  local procs='{"web":""}'
  [ -z "${PROCS:-}" ] || procs=$PROCS
  mkdir -p "$PAAS_ROOT/builds/$APP"
  printf '{"image":"paas/td-img:%s","builder":"dockerfile","processes":%s,"rev":"rev-%s"%s}\n' \
    "$1" "$procs" "$1" "${2:+,$2}" > "$PAAS_ROOT/builds/$APP/build.json"
}

release_and_deploy() {
  node "$BIN/paas-release.js" "$APP" && node "$BIN/paas-deploy.js" "$APP"
}

live_deploy() { cat "$PAAS_ROOT/props/ps/$APP/live-deploy"; }
containers() { docker ps -a --filter "label=paas.app=$APP" --format '{{.Names}}' | sort; }
# The container of one dyno of one deploy, found by label (its name changes once the deploy is live).
cid_of() { docker ps -aq --filter "label=paas.app=$APP" --filter "label=paas.deploy=$1" --filter "label=paas.dyno=${2:-web.1}"; }
web_page() { # DEPLOY_ID [PATH]
  local ip
  ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$(cid_of "$1")")
  curl -sS --max-time 5 "http://$ip:5000${2:-/}"
}
no_deploy_containers_of() { ! docker ps -a --filter "label=paas.deploy=$1" --format '{{.Names}}' | grep -q .; }

@test "release + deploy: named, labelled container with PORT, DYNO, config, restart policy and init" {
  paas config:set --no-restart "$APP" GREETING='hello world' >/dev/null
  write_build one
  run release_and_deploy
  assert_success
  assert_output --partial "Release 1 of $APP is live"
  [ "$(cat "$PAAS_ROOT/builds/$APP/release-number")" = 1 ]
  d=$(live_deploy)
  [ "$(cat "$PAAS_ROOT/props/ps/$APP/live-release")" = 1 ]
  # Dokku's name: APP.PROC.N
  c="$APP.web.1"
  run docker inspect -f '{{index .Config.Labels "paas.app"}} {{index .Config.Labels "paas.process"}} {{index .Config.Labels "paas.release"}} {{index .Config.Labels "paas.deploy"}} {{index .Config.Labels "paas.kind"}} {{index .Config.Labels "paas.port"}} {{index .Config.Labels "paas.dyno"}}' "$c"
  assert_output "$APP web 1 $d deploy 5000 web.1"
  run docker inspect -f '{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.Init}} {{.Config.Image}} {{.State.Running}}' "$c"
  assert_output "unless-stopped true paas/$APP:v1 true"
  run docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$c"
  assert_line 'PORT=5000'
  assert_line 'DYNO=web.1'
  assert_line 'GREETING=hello world'
  run web_page "$d"
  assert_output one
  run paas releases:info "$APP" 1 --format json
  assert_output --partial '"status":"live"'
  refute_output --partial 'hello world'
}

@test "a second deploy starts beside the old one; paas-retire removes the old after wait-to-retire" {
  write_build one
  release_and_deploy
  d1=$(live_deploy)
  write_build two
  run release_and_deploy
  assert_success
  d2=$(live_deploy)
  [ "$d1" != "$d2" ]
  # Both run until retirement: the old one still serves whoever the router has not switched yet.
  # The new one took the name APP.web.1; the old one moved to APP.web.1.<its deploy id>.
  run docker inspect -f '{{.State.Running}} {{index .Config.Labels "paas.deploy"}}' "$APP.web.1.$d1" "$APP.web.1"
  assert_output "true $d1"$'\n'"true $d2"
  run web_page "$d2"
  assert_output two
  run node "$BIN/paas-retire.js" "$APP"
  assert_success
  assert_output --partial 'Shutting down old containers in 1 seconds'
  wait_until 20 no_deploy_containers_of "$d1"
  run containers
  assert_output "$APP.web.1"
  [ -z "$(ls "$PAAS_ROOT/retire")" ]
}

@test "kill -9 of paas-deploy mid-way leaves the old deploy serving; the next deploy leaves no orphans" {
  write_build one
  release_and_deploy
  d1=$(live_deploy)
  write_build two
  node "$BIN/paas-release.js" "$APP"
  # Long checks so the deploy is caught with its new container started but not live (without
  # auto-rollback the uptime window is waited before the release goes live).
  paas checks:set "$APP" wait 30 >/dev/null
  paas checks:set "$APP" auto-rollback false >/dev/null
  node "$BIN/paas-deploy.js" "$APP" >/dev/null 2>&1 &
  pid=$!
  wait_until 30 sh -c "docker ps --filter label=paas.app=$APP --format '{{.Names}}' | grep -q upcoming"
  kill -9 "$pid"
  wait "$pid" || true
  [ "$(live_deploy)" = "$d1" ]
  [ "$(cat "$PAAS_ROOT/props/ps/$APP/live-release")" = 1 ]
  run web_page "$d1"
  assert_output one
  run containers
  [ "${#lines[@]}" -eq 2 ]
  paas checks:set "$APP" wait 1 >/dev/null
  run node "$BIN/paas-deploy.js" "$APP"
  assert_success
  assert_output --partial 'left by an interrupted deploy'
  d3=$(live_deploy)
  node "$BIN/paas-retire.js" "$APP"
  wait_until 20 no_deploy_containers_of "$d1"
  run containers
  assert_output "$APP.web.1"
  [ "$(cid_of "$d3")" = "$(docker inspect -f '{{.Id}}' "$APP.web.1" | cut -c1-12)" ]
  run web_page "$d3"
  assert_output two
}

@test "a failing release command fails the release before anything changes" {
  write_build one
  release_and_deploy
  d1=$(live_deploy)
  write_build two '"releaseCommand":"echo migrating; exit 3"'
  run node "$BIN/paas-release.js" "$APP"
  assert_failure 1
  assert_output --partial 'migrating'
  assert_output --partial "Execution of release task failed: echo migrating; exit 3 (exit code 3)"
  [ "$(cat "$PAAS_ROOT/builds/$APP/release-number")" = 1 ]
  [ "$(live_deploy)" = "$d1" ]
  run containers
  assert_output "$APP.web.1"
  run paas releases:list "$APP"
  assert_line --regexp '^ +v2 +failed '
  assert_line --regexp '^ +v1 +live '
  run node "$BIN/paas-deploy.js" "$APP" 2
  assert_failure 1
  assert_output --partial "Release 2 of $APP cannot be deployed: its release task failed"
  [ "$(live_deploy)" = "$d1" ]
}

@test "a failing check keeps the old deploy and removes the new containers" {
  write_build one
  release_and_deploy
  d1=$(live_deploy)
  PROCS='{"web":"exit 1"}' write_build two
  node "$BIN/paas-release.js" "$APP"
  run node "$BIN/paas-deploy.js" "$APP"
  assert_failure
  assert_output --partial "Deploy of $APP release 2 failed"
  assert_output --partial 'the previous deploy keeps serving'
  [ "$(live_deploy)" = "$d1" ]
  run containers
  assert_output "$APP.web.1"
}

@test "release tasks: predeploy is committed to the image, release and postdeploy run with the release env" {
  paas config:set --no-restart "$APP" WHO=tasks >/dev/null
  write_build one '"releaseCommand":"echo release-saw-$WHO","appJson":{"scripts":{"dokku":{"predeploy":"echo pre-$WHO > /www/pre.html","postdeploy":"echo post-saw-$WHO"}}}'
  run release_and_deploy
  assert_success
  assert_output --partial 'release-saw-tasks'
  assert_output --partial 'post-saw-tasks'
  run web_page "$(live_deploy)" /pre.html
  assert_output pre-tasks
  # The image keeps its own command and none of the app's config.
  run docker image inspect -f '{{json .Config.Cmd}} {{json .Config.Env}}' "paas/$APP:v1"
  assert_output --partial 'httpd -f -p $PORT'
  refute_output --partial 'WHO'
  run containers
  assert_output "$APP.web.1"
}

@test "formation: DOKKU_SCALE seeds the first deploy, ps/APP/scale is kept, gone types are dropped" {
  mkdir -p "$PAAS_ROOT/builds/$APP/src"
  printf 'web=2\nworker=1\n' > "$PAAS_ROOT/builds/$APP/src/DOKKU_SCALE"
  PROCS='{"web":"","worker":"exec sleep 1000"}' write_build one
  run release_and_deploy
  assert_success
  d=$(live_deploy)
  run containers
  assert_output "$(printf '%s\n' "$APP.web.1" "$APP.web.2" "$APP.worker.1" | sort)"
  run docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$APP.worker.1"
  assert_line 'DYNO=worker.1'
  refute_line 'PORT=5000'
  [ "$(cat "$PAAS_ROOT/props/ps/$APP/scale")" = $'web=2\nworker=1' ]
  # A deploy that fails keeps the stored counts of the live release's types.
  PROCS='{"web":"exit 1"}' write_build one
  release_and_deploy && false
  [ "$(cat "$PAAS_ROOT/props/ps/$APP/scale")" = $'web=2\nworker=1' ]
  write_build one
  release_and_deploy
  [ "$(cat "$PAAS_ROOT/props/ps/$APP/scale")" = 'web=2' ]
}

@test "a process publishing a host port stops its old container first (no port clash)" {
  port=$((20000 + RANDOM % 20000))
  paas docker-options:add "$APP" deploy "-p 127.0.0.1:$port:5000" >/dev/null
  write_build one
  release_and_deploy
  run curl -sS --max-time 5 "http://127.0.0.1:$port/"
  assert_output one
  write_build two
  run release_and_deploy
  assert_success
  assert_output --partial 'Stopping old web containers first (it publishes host ports)'
  run curl -sS --max-time 5 "http://127.0.0.1:$port/"
  assert_output two
}

@test "checks:disable makes a deploy stop the old containers before starting the new ones" {
  write_build one
  run release_and_deploy
  assert_success
  d1=$(live_deploy)
  paas checks:disable "$APP" >/dev/null 2>&1
  write_build two
  run release_and_deploy
  assert_success
  assert_output --partial 'Stopping old web containers first (checks are disabled)'
  run docker inspect -f '{{.State.Running}}' "$APP.web.1.$d1"
  assert_output false
  run web_page "$(live_deploy)"
  assert_output two
}
