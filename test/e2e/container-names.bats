#!/usr/bin/env bats
# Container names as Dokku has them (APP.PROC.N, so `docker exec -it APP.web.1 sh` works after every
# deploy), and docker options scoped to one process type (docker-options:add --process). One app pushed
# over ssh; the tests run in order on it.

load 'helpers/common'

APP=cn-app

setup_file() {
  setup_push_key cn-key
  export GIT_SSH_COMMAND PUSH_KEY
  destroy_app "$APP"
  paas apps:create "$APP" >/dev/null
  paas checks:set "$APP" wait 1 >/dev/null
  paas checks:set "$APP" wait-to-retire 30 >/dev/null
  SRC="$BATS_FILE_TMPDIR/src"
  export SRC
  make_repo "$SRC" \
    'Dockerfile=FROM paas/busybox
ARG PAGE=one
RUN mkdir -p /www && echo "cn page" > /www/index.html
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /www"]' \
    'Procfile=web: exec httpd -f -p $PORT -h /www
worker: exec sleep 100000'
}

teardown_file() {
  destroy_app "$APP"
  paas network:destroy cn-net --force >/dev/null 2>&1 || docker network rm cn-net >/dev/null 2>&1 || true
  paas ssh-keys:remove cn-key >/dev/null 2>&1 || true
}

live_deploy() { paas ps:report "$APP" --live-deploy; }
label_of() { docker inspect -f "{{index .Config.Labels \"$2\"}}" "$1"; } # CONTAINER LABEL
no_upcoming() { ! docker ps -a --filter "label=paas.app=$APP" --format '{{.Names}}' | grep -q upcoming; }
page_is() { [ "$(http_get "$APP")" = "$1" ]; }

@test "the first push names the container APP.web.1" {
  run push_app "$SRC" "$APP"
  assert_success
  run docker exec "$APP.web.1" true
  assert_success
  [ "$(label_of "$APP.web.1" paas.deploy)" = "$(live_deploy)" ]
  [ "$(label_of "$APP.web.1" paas.dyno)" = web.1 ]
  run page_is "cn page"
  assert_success
}

@test "a second push: the new container takes APP.web.1, the old one waits for retirement under another name" {
  old=$(live_deploy)
  sed -i 's/cn page/cn page two/' "$SRC/Dockerfile"
  commit_all "$SRC" two
  run push_app "$SRC" "$APP"
  assert_success
  assert_output --partial 'Renaming containers'
  new=$(live_deploy)
  [ "$old" != "$new" ]
  run docker exec "$APP.web.1" true
  assert_success
  [ "$(label_of "$APP.web.1" paas.deploy)" = "$new" ]
  # the old container still exists (wait-to-retire 30) under its retired name, still running
  [ "$(label_of "$APP.web.1.$old" paas.deploy)" = "$old" ]
  run docker inspect -f '{{.State.Running}}' "$APP.web.1.$old"
  assert_output true
  no_upcoming
  run page_is "cn page two"
  assert_success
  # what reads containers by label keeps working
  run paas ps:report "$APP" --format json
  assert_output --partial '"status-web-1":"running'
  run paas enter "$APP" web.1 cat /www/index.html
  assert_success
  assert_output 'cn page two'
}

@test "ps:scale web=2 gives APP.web.2; ps:report, enter and logs see both" {
  run paas ps:scale "$APP" web=2
  assert_success
  run docker exec "$APP.web.1" true
  assert_success
  run docker exec "$APP.web.2" true
  assert_success
  d=$(live_deploy)
  [ "$(label_of "$APP.web.2" paas.deploy)" = "$d" ]
  [ "$(label_of "$APP.web.2" paas.dyno)" = web.2 ]
  no_upcoming
  run paas ps:report "$APP"
  assert_output --regexp 'Status web 1: +running'
  assert_output --regexp 'Status web 2: +running'
  run paas enter "$APP" web.2 sh -c 'echo $DYNO'
  assert_output web.2
  run paas logs "$APP" --num 50
  assert_success
}

# after dokku tests/unit/docker-options-2.bats "(docker-options) deploy with web-only port mapping does not break worker"
@test "docker-options:add --process web: only the web containers publish the port; the worker runs beside them" {
  port=$((20000 + RANDOM % 20000))
  run paas docker-options:add --process web "$APP" deploy "-p 127.0.0.1:$port:5000"
  assert_success
  run paas docker-options:add --process nonexistent "$APP" deploy '--shm-size 64m'
  assert_success
  assert_output --partial 'Process type "nonexistent" is not declared in the Procfile for cn-app'
  run paas docker-options:report "$APP" --docker-options-deploy.web
  assert_output "-p 127.0.0.1:$port:5000"
  run paas ps:scale "$APP" web=1 worker=1
  assert_success
  refute_output --partial 'all ports are allocated'
  run docker exec "$APP.worker.1" true
  assert_success
  run docker port "$APP.web.1" 5000
  assert_output "127.0.0.1:$port"
  run docker inspect -f '{{json .HostConfig.PortBindings}}' "$APP.worker.1"
  refute_output --partial "$port"
  run curl -sS --max-time 5 "http://127.0.0.1:$port/"
  assert_output 'cn page two'
  run paas ps:report "$APP" --format json
  assert_output --partial '"status-web-1":"running'
  assert_output --partial '"status-worker-1":"running'
  run paas docker-options:clear --process web "$APP" deploy
  assert_success
  run paas docker-options:list "$APP" --process web --phase deploy
  assert_output ''
}

# from dokku tests/unit/network.bats "(network) dont re-attach to network"
@test "(network) dont re-attach to network" {
  paas network:destroy cn-net --force >/dev/null 2>&1 || true
  run paas network:create cn-net
  assert_success
  run paas network:set "$APP" attach-post-deploy cn-net
  assert_success
  run paas ps:scale "$APP" worker=1
  assert_success
  run paas ps:scale "$APP" web=3
  assert_success
  for c in "$APP.web.1" "$APP.web.2" "$APP.web.3" "$APP.worker.1"; do
    run docker container inspect -f '{{index .Config.Labels "paas.deploy"}} {{json .NetworkSettings.Networks}}' "$c"
    assert_success
    assert_output --partial "$(live_deploy) "
    assert_output --partial '"cn-net"'
  done
  paas network:set "$APP" attach-post-deploy >/dev/null
}
