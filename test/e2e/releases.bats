#!/usr/bin/env bats
# releases:list/info/rollback/set with real docker on a temporary PAAS_ROOT: releases are made from a
# hand-written build.json pointing at images built here from paas/busybox.

load 'helpers/common'

BIN="$REPO/dist/bin"

setup_file() {
  local ctx="$BATS_FILE_TMPDIR/img"
  mkdir -p "$ctx"
  cat > "$ctx/Dockerfile" <<'EOF'
FROM paas/busybox
ARG PAGE=one
RUN mkdir -p /www && echo "$PAGE" > /www/index.html
CMD ["/bin/sh", "-c", "echo \"$GREETING\" > /www/greeting.txt; exec httpd -f -p $PORT -h /www"]
EOF
  for p in one two three four; do docker build -q --build-arg PAGE=$p -t "paas/td-rimg:$p" "$ctx" >/dev/null; done
}

teardown_file() {
  for p in one two three four; do docker image rm "paas/td-rimg:$p" >/dev/null 2>&1 || true; done
}

setup() {
  use_temp_root
  APP="td-r$BATS_TEST_NUMBER"
  paas apps:create "$APP" >/dev/null 2>&1
  paas checks:set "$APP" wait 1 >/dev/null 2>&1
  paas checks:set "$APP" wait-to-retire 0 >/dev/null 2>&1
}

teardown() {
  docker ps -aq --filter "label=paas.app=$APP" | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker images --format '{{.Repository}}:{{.Tag}}' "paas/$APP" | xargs -r docker image rm -f >/dev/null 2>&1 || true
}

# Release and deploy image TAG with GREETING=VALUE set in the app's config (as a push would).
ship() { # TAG GREETING
  paas config:set --no-restart "$APP" GREETING="$2" >/dev/null
  mkdir -p "$PAAS_ROOT/builds/$APP"
  printf '{"image":"paas/td-rimg:%s","builder":"dockerfile","processes":{"web":""},"rev":"rev-%s"}\n' "$1" "$1" \
    > "$PAAS_ROOT/builds/$APP/build.json"
  node "$BIN/paas-release.js" "$APP" && node "$BIN/paas-deploy.js" "$APP" &&
    node "$BIN/paas-retire.js" "$APP"
}

live() { cat "$PAAS_ROOT/props/ps/$APP/live-release"; }
page() { # PATH
  local ip
  ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$APP.web.1")
  curl -sS --max-time 5 "http://$ip:5000${1:-/}"
}

@test "releases:list and releases:info show every release, who made it and which is live" {
  ship one first
  PAAS_USER=alice PAAS_ROLE=admin ship two second
  run paas releases:list "$APP"
  assert_success
  assert_line --index 0 "=====> $APP releases"
  assert_line --regexp '^ +Release +Status +Created +By +Description$'
  assert_line --index 2 --regexp '^ +v2 +live +[0-9T:.-]+Z +alice +Deploy rev-two \(dockerfile\)$'
  assert_line --index 3 --regexp '^ +v1 +retired +[0-9T:.-]+Z +root +Deploy rev-one \(dockerfile\)$'
  run paas releases:list "$APP" --format json
  assert_success
  [ "$(echo "$output" | node -e 'const a=JSON.parse(require("fs").readFileSync(0,"utf8"));console.log(a.map(r=>r.number+":"+r.status+":"+r.wentLive).join(" "))')" = "2:live:true 1:retired:true" ]
  run paas releases:info "$APP" v1
  assert_success
  assert_line --regexp '^ +Image: +paas/'"$APP"':v1$'
  assert_line --regexp '^ +Config keys: +GREETING$'
  refute_output --partial 'first'
  run paas releases:info "$APP" 9
  assert_failure 1
  assert_output --partial "Release 9 of $APP does not exist"
  run paas releases:info "$APP" nine
  assert_failure 64
}

@test "releases:rollback redeploys the previous image with its config, restoring ENV only once live" {
  ship one first
  ship two second
  run page /greeting.txt
  assert_output second
  run paas releases:rollback "$APP"
  assert_success
  assert_output --partial "Rolling back $APP from release 2 to release 1"
  [ "$(live)" = 3 ]
  run page /
  assert_output one
  run page /greeting.txt
  assert_output first
  run paas config:get "$APP" GREETING
  assert_output first
  run paas releases:info "$APP" 3 --format json
  assert_output --partial '"rollbackOf":1'
  # Rolling back again goes to the release before the live one: v2.
  run paas releases:rollback "$APP"
  assert_success
  run page /
  assert_output two
  run paas config:get "$APP" GREETING
  assert_output second
}

@test "a rollback whose checks fail changes neither the live release nor the config" {
  ship one first
  ship two second
  # Release 1's page command now fails: make its image's command exit.
  node -e '
    const f=process.argv[1]; const r=JSON.parse(require("fs").readFileSync(f,"utf8"));
    r.processes.web="exit 1"; require("fs").writeFileSync(f, JSON.stringify(r));' "$PAAS_ROOT/apps/$APP/releases/1.json"
  run paas releases:rollback "$APP" 1
  assert_failure
  assert_output --partial 'failed'
  [ "$(live)" = 2 ]
  run paas config:get "$APP" GREETING
  assert_output second
  run page /
  assert_output two
}

@test "releases:rollback refuses what cannot be rolled back to" {
  run paas releases:rollback "$APP"
  assert_failure
  assert_output --partial "App $APP has not been deployed"
  ship one first
  run paas releases:rollback "$APP"
  assert_failure
  assert_output --partial 'no earlier release'
  run paas releases:rollback "$APP" 1
  assert_failure
  assert_output --partial 'already live'
}

@test "releases:set keep N prunes older release images, never the live one" {
  run paas releases:set "$APP" keep 0
  assert_failure 64
  run paas releases:set "$APP" keep many
  assert_failure 64
  run paas releases:set "$APP" colour blue
  assert_failure 64
  run paas releases:set "$APP" keep 2
  assert_success
  run paas releases:report "$APP" --releases-keep
  assert_output 2
  ship one a
  ship two b
  ship three c
  ship four d
  run docker images --format '{{.Tag}}' "paas/$APP"
  assert_output --regexp 'v4'
  assert_output --regexp 'v3'
  refute_output --regexp 'v1|v2'
  run paas releases:list "$APP"
  assert_line --regexp '^ +v1 +pruned '
  assert_line --regexp '^ +v4 +live '
  run paas releases:rollback "$APP" 1
  assert_failure
  assert_output --partial 'was pruned'
  # The default target is v3 (the newest earlier release that still has its image).
  run paas releases:rollback "$APP"
  assert_success
  [ "$(live)" = 5 ]
  run docker images --format '{{.Tag}}' "paas/$APP"
  assert_output --regexp 'v5'
  assert_output --regexp 'v4'
  run page /
  assert_output three
}
