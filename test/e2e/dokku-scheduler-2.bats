#!/usr/bin/env bats
# Dokku's own tests of the scheduler plugin and of the init process (dokku/dokku tests/unit/scheduler.bats,
# init.bats, proxied-app.bats, ps-herokuish-1.bats, ps-herokuish-2.bats), ported mechanically: `dokku` ->
# `paas`, TEST_APP -> cor-sched. The scheduler:* cases need no deploy (temp PAAS_ROOT); the init cases push
# one small Dockerfile app on the local paas/busybox image (no Go toolchain, no Docker Hub, no tini download:
# the host's docker-init is tini), the herokuish ones a Python app built by paas's python builder on the
# local paas/python image, to the installed system: run through /work/wt/e2e.sh.
load helpers/common

TEST_APP=cor-sched
INIT_APP=cor-init

setup_file() {
  setup_push_key cor-sched-key
  export GIT_SSH_COMMAND PUSH_KEY
  destroy_app "$INIT_APP"
  SRC="$BATS_FILE_TMPDIR/src"
  export SRC
  # Dokku's zombies-dockerfile-no-tini: the web process leaves an orphan that exits, so a PID 1 that
  # does not reap it keeps a zombie. Here PID 1 is `sleep` (busybox httpd would reap its children).
  make_repo "$SRC" \
    'Dockerfile=FROM paas/busybox
RUN mkdir -p /www && echo "go" > /www/index.html
CMD ["/bin/sh", "-c", "httpd -p $PORT -h /www; (sh -c \"sleep 1; false\" &); exec sleep 100002"]'
  paas apps:create "$INIT_APP" >/dev/null
  paas checks:set "$INIT_APP" wait 1 >/dev/null
  push_app "$SRC" "$INIT_APP" >"$BATS_FILE_TMPDIR/first-push.log" 2>&1
}

teardown_file() {
  destroy_app "$INIT_APP"
  destroy_app cor-hk
  destroy_app cor-hk-other
  paas ssh-keys:remove cor-sched-key >/dev/null 2>&1 || true
}

scheduler_setup() {
  use_temp_root
  paas apps:create "$TEST_APP" >/dev/null 2>&1
}

json_key() { # SCOPE KEY
  node "$REPO/dist/bin/paas.js" scheduler:report "$1" --format json | jq -r ".\"$2\""
}

# from dokku tests/unit/scheduler.bats "(scheduler) scheduler:help"
@test "(scheduler) scheduler:help" {
  scheduler_setup
  run paas scheduler
  assert_output --partial "Manage scheduler settings"
  help_output="$output"
  run paas scheduler:help
  assert_output --partial "Manage scheduler settings"
  assert_output "$help_output"
}

# from dokku tests/unit/scheduler.bats "(scheduler:report) selected raw vs computed vs global"
@test "(scheduler:report) selected raw vs computed vs global" {
  scheduler_setup
  run paas scheduler:set --global selected
  assert_success
  run json_key "$TEST_APP" scheduler-selected
  assert_output ""
  run json_key "$TEST_APP" scheduler-global-selected
  assert_output ""
  run json_key "$TEST_APP" scheduler-computed-selected
  assert_output "docker-local"
  run paas scheduler:set --global selected null
  assert_success
  run json_key "$TEST_APP" scheduler-global-selected
  assert_output "null"
  run json_key "$TEST_APP" scheduler-computed-selected
  assert_output "null"
  run paas scheduler:set "$TEST_APP" selected docker-local
  assert_success
  run json_key "$TEST_APP" scheduler-selected
  assert_output "docker-local"
  run json_key "$TEST_APP" scheduler-global-selected
  assert_output "null"
  run json_key "$TEST_APP" scheduler-computed-selected
  assert_output "docker-local"
  run paas scheduler:set "$TEST_APP" selected
  assert_success
  run paas scheduler:set --global selected
  assert_success
  # paas: a scheduler it does not have is refused, and nothing changes
  run paas scheduler:set "$TEST_APP" selected k3s
  assert_failure
  assert_output --partial "use docker-local or null"
  run json_key "$TEST_APP" scheduler-selected
  assert_output ""
}

# from dokku tests/unit/scheduler.bats "(scheduler:report) shell raw vs computed vs global"
@test "(scheduler:report) shell raw vs computed vs global" {
  scheduler_setup
  run paas scheduler:set --global shell
  assert_success
  run json_key "$TEST_APP" scheduler-shell
  assert_output ""
  run json_key "$TEST_APP" scheduler-global-shell
  assert_output ""
  run json_key "$TEST_APP" scheduler-computed-shell
  assert_output ""
  run paas scheduler:set --global shell sh
  assert_success
  run json_key "$TEST_APP" scheduler-global-shell
  assert_output "sh"
  run json_key "$TEST_APP" scheduler-computed-shell
  assert_output "sh"
  run paas scheduler:set "$TEST_APP" shell bash
  assert_success
  run json_key "$TEST_APP" scheduler-shell
  assert_output "bash"
  run json_key "$TEST_APP" scheduler-global-shell
  assert_output "sh"
  run json_key "$TEST_APP" scheduler-computed-shell
  assert_output "bash"
  run paas scheduler:set "$TEST_APP" shell
  assert_success
  run paas scheduler:set --global shell
  assert_success
  # paas: a shell is one program, never a command line
  run paas scheduler:set "$TEST_APP" shell "bash -c id"
  assert_failure
  assert_output --partial "Invalid shell"
}

# from dokku tests/unit/scheduler.bats "(scheduler:report) --global --format json"
@test "(scheduler:report) --global --format json" {
  scheduler_setup
  run paas scheduler:set --global selected
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js scheduler:report --global --format json | jq -e ."
  assert_success
  run json_key --global scheduler-global-selected
  assert_output ""
  run json_key --global scheduler-computed-selected
  assert_output "docker-local"
  run bash -c "node $REPO/dist/bin/paas.js scheduler:report --global --format json | jq -r 'has(\"scheduler-selected\")'"
  assert_output "false"
}

# from dokku tests/unit/scheduler.bats "(scheduler:report) emits new stripped JSON keys alongside legacy"
@test "(scheduler:report) emits new stripped JSON keys alongside legacy" {
  scheduler_setup
  local r="node $REPO/dist/bin/paas.js scheduler:report"
  run bash -c "$r $TEST_APP --format json | jq -r 'has(\"selected\") and has(\"scheduler-selected\")'"
  assert_output "true"
  run bash -c "$r $TEST_APP --format json | jq -r 'has(\"global-selected\") and has(\"scheduler-global-selected\")'"
  assert_output "true"
  run bash -c "$r $TEST_APP --format json | jq -r 'has(\"computed-selected\") and has(\"scheduler-computed-selected\")'"
  assert_output "true"
  run bash -c "$r --global --format json | jq -r 'has(\"global-selected\") and has(\"scheduler-global-selected\")'"
  assert_output "true"
}

# The live web container of the init app (Dokku: get_app_container_ids).
web_cid() {
  docker ps -q --filter "label=paas.app=$INIT_APP" --filter label=paas.process=web \
    --filter "label=paas.deploy=$(paas ps:report "$INIT_APP" --live-deploy)" --filter status=running | head -n1
}
# The orphan has exited (reaped, or a zombie): no process of it is still running.
orphan_done() {
  docker exec "$1" ps -o stat,args >"$BATS_TEST_TMPDIR/ps" || return 1
  ! awk '$1 !~ /^Z/ && ($0 ~ / sleep 1$/ || $0 ~ / sh -c sleep 1; false$/)' "$BATS_TEST_TMPDIR/ps" | grep -q .
}
# Dokku reads `docker container top` for "<defunct>"; docker top lists only the container's cgroup, which a
# zombie leaves, so paas asks ps inside the container for processes in state Z.
zombies() { docker exec "$1" ps -o stat,args | awk '$1 ~ /^Z/'; }

# from dokku tests/unit/init.bats "(init) dockerfile no tini"
@test "(init) dockerfile no tini" {
  run cat "$BATS_FILE_TMPDIR/first-push.log"
  assert_success
  assert_output --partial "Application deployed"
  CID=$(web_cid)
  [ -n "$CID" ]
  wait_until 10 orphan_done "$CID"
  run docker container top "$CID"
  assert_success
  refute_output --partial "<defunct>"
  run zombies "$CID"
  assert_output ""
  # paas: the same app without docker's init keeps the zombie (so the check above can fail)
  run paas scheduler-docker-local:set "$INIT_APP" init-process false
  assert_success
  run paas ps:restart "$INIT_APP"
  assert_success
  CID=$(web_cid)
  wait_until 10 orphan_done "$CID"
  run zombies "$CID"
  assert_output --partial "Z"
  run paas scheduler-docker-local:set "$INIT_APP" init-process
  assert_success
}

# from dokku tests/unit/init.bats "(init) dockerfile with tini": the image's ENTRYPOINT is tini (copied from
# the host's docker-init, which is tini, instead of downloaded from GitHub)
@test "(init) dockerfile with tini" {
  cp -L "$(command -v docker-init)" "$SRC/tini"
  cat >"$SRC/Dockerfile" <<'EOF'
FROM paas/busybox
RUN mkdir -p /www && echo "go" > /www/index.html
COPY tini /tini
ENTRYPOINT ["/tini", "--"]
CMD ["/bin/sh", "-c", "httpd -p $PORT -h /www; (sh -c \"sleep 1; false\" &); exec sleep 100003"]
EOF
  commit_all "$SRC" "with tini"
  run push_app "$SRC" "$INIT_APP"
  assert_success
  CID=$(web_cid)
  [ -n "$CID" ]
  run docker exec "$CID" ps -o args
  assert_output --partial "/tini --"
  wait_until 10 orphan_done "$CID"
  run docker container top "$CID"
  refute_output --partial "<defunct>"
  run zombies "$CID"
  assert_output ""
}

# from dokku tests/unit/init.bats "(init) buildpack"
@test "(init) buildpack" {
  skip "Dokku's zombies-buildpack is a Go app built by herokuish's Go buildpack (needs the network); paas sets docker's init the same way for every builder (scheduler-docker-local init-process), shown by the Dockerfile cases"
}

# from dokku tests/unit/proxied-app.bats "(proxied-app) default"
@test "(proxied-app) default" {
  skip "needs builder:set selected null, the null scheduler at deploy and network:set static-web-listener (an app run outside paas, proxied by nginx): paas runs every app itself (docs/dokku-differences.md, scheduler)"
}

# Dokku's herokuish cases on paas's own buildpack-style builder: a Python app (requirements.txt without
# requirements, so nothing is fetched) built on the local paas/python image, with Dokku's web and worker.
HK_APP=cor-hk
HK_OTHER=cor-hk-other
hk_repo() {
  HK_SRC="$BATS_FILE_TMPDIR/hk"
  [ -d "$HK_SRC" ] || make_repo "$HK_SRC" \
    'requirements.txt=# no requirements' \
    'index.html=hk' \
    'Procfile=web: exec python -m http.server $PORT
worker: exec sleep 100004'
}
# Running containers of the live deploy of HK_APP, of one process type or all (Dokku: CONTAINER.TYPE.* files)
hk_running() { # [TYPE]
  docker ps -q --filter "label=paas.app=$HK_APP" --filter status=running \
    --filter "label=paas.deploy=$(paas ps:report "$HK_APP" --live-deploy)" ${1:+--filter "label=paas.process=$1"} | wc -l
}

# from dokku tests/unit/ps-herokuish-2.bats "(ps:scale) herokuish"
@test "(ps:scale) herokuish" {
  destroy_app "$HK_APP"
  hk_repo
  paas apps:create "$HK_APP" >/dev/null
  paas checks:set "$HK_APP" wait 1 >/dev/null
  run paas ps:scale "$HK_APP" web=2 worker=2
  assert_success
  run push_app "$HK_SRC" "$HK_APP"
  assert_success
  assert_output --partial "with the python builder"
  for PROC_TYPE in web worker; do [ "$(hk_running $PROC_TYPE)" = 2 ]; done
  run paas ps:scale "$HK_APP" web=1 worker=1
  assert_success
  for PROC_TYPE in web worker; do [ "$(hk_running $PROC_TYPE)" = 1 ]; done
  run paas ps:scale "$HK_APP" web=0 worker=0 invalid-process=0
  assert_success
  [ "$(hk_running)" = 0 ]
}

# from dokku tests/unit/ps-herokuish-1.bats "(ps) herokuish"
@test "(ps) herokuish" {
  run paas ps:scale "$HK_APP" web=1 worker=1
  assert_success
  [ "$(hk_running)" = 2 ]
  run paas ps:stop "$HK_APP"
  assert_success
  [ "$(hk_running)" = 0 ]
  run paas ps:start "$HK_APP"
  assert_success
  [ "$(hk_running)" = 2 ]
  run paas ps:restart "$HK_APP"
  assert_success
  [ "$(hk_running)" = 2 ]
  run paas ps:rebuild "$HK_APP"
  assert_success
  [ "$(hk_running)" = 2 ]
}

# from dokku tests/unit/ps-herokuish-2.bats "(ps:restore) herokuish"
@test "(ps:restore) herokuish" {
  destroy_app "$HK_OTHER"
  run paas apps:create "$HK_OTHER"
  assert_success
  run paas ps:stop "$HK_APP"
  assert_success
  run paas apps:list
  assert_success
  run paas ps:restore
  assert_success
  run bash -c "paas --quiet ps:report $HK_APP | grep -q exited"
  assert_success
  destroy_app "$HK_OTHER"
  destroy_app "$HK_APP"
}
