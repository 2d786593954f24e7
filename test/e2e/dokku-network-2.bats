#!/usr/bin/env bats
# Dokku's own tests of the network plugin that need a deployed app (dokku/dokku tests/unit/network.bats),
# ported mechanically: `dokku` -> `paas`, TEST_APP -> c8-net, network names with a c8- prefix. Dokku's
# ps:rebuild is a ps:restart here (a new deploy of the live release, which reads the network settings
# without a build). One busybox Dockerfile app, pushed once (setup_file), is shared by the tests in order;
# the last test destroys it. Installed system: e2e.sh.
load helpers/common

APP=c8-net
NETS="c8-create-network c8-create-network-2 c8-deploy-network c8-deploy-network-2 c8-initial-network"

setup_file() {
  setup_push_key c8-net-key
  export GIT_SSH_COMMAND PUSH_KEY
  destroy_app "$APP"
  for n in $NETS; do paas --force network:destroy "$n" >/dev/null 2>&1 || true; done
  paas apps:create "$APP" >/dev/null
  paas checks:set "$APP" wait 1 >/dev/null
  SRC="$BATS_FILE_TMPDIR/src"
  make_repo "$SRC" \
    'Dockerfile=FROM paas/busybox
RUN mkdir -p /www && echo "network app" > /www/index.html
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /www"]'
  push_app "$SRC" "$APP" >"$BATS_FILE_TMPDIR/push.log" 2>&1
}

teardown_file() {
  destroy_app "$APP"
  destroy_app c8-udp
  for n in $NETS; do paas --force network:destroy "$n" >/dev/null 2>&1 || true; done
  paas ssh-keys:remove c8-net-key >/dev/null 2>&1 || true
}

networks_of() { docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' "$APP.web.1"; }

# from dokku tests/unit/network.bats "(network) network:set bind-all-interfaces"
@test "(network) network:set bind-all-interfaces" {
  run http_get "$APP"
  assert_output "network app"
  run paas network:set "$APP" bind-all-interfaces true
  assert_success
  run paas ps:restart "$APP"
  assert_success
  run http_get "$APP"
  assert_output "network app"
  run docker port "$APP.web.1"
  refute_output ""
  run paas network:set "$APP" bind-all-interfaces false
  assert_success
  run paas ps:restart "$APP"
  assert_success
  run http_get "$APP"
  assert_output "network app"
  run docker port "$APP.web.1"
  assert_output ""
}

# from dokku tests/unit/network.bats "(network) network host-mode"
@test "(network) network host-mode" {
  skip "a web container on the host's network listens on a host port of its own; paas's nginx reaches apps on their container address (network:set APP initial-network host is only checked for who may set it: test/unit/network/settings.test.ts)"
}

# from dokku tests/unit/network.bats "(network) handle single-udp app"
# (Dokku's kylemanna/openvpn image from Docker Hub -> a busybox image that EXPOSEs only 1194/udp; the
# host port is published as udp, which is what the image serves)
@test "(network) handle single-udp app" {
  destroy_app c8-udp
  run paas apps:create c8-udp
  assert_success
  run paas docker-options:add c8-udp deploy "-p 1194:1194/udp"
  assert_success
  run paas checks:disable c8-udp
  assert_success
  make_repo "$BATS_TEST_TMPDIR/udp" \
    'Dockerfile=FROM paas/busybox
EXPOSE 1194/udp
CMD ["sleep", "100003"]'
  run push_app "$BATS_TEST_TMPDIR/udp" c8-udp
  destroy_app c8-udp
  assert_success
  refute_output --partial "Running checks"
  assert_output --partial "Application deployed"
}

# from dokku tests/unit/network.bats "(network) network:set attach"
@test "(network) network:set attach" {
  for n in $NETS; do
    run paas network:create "$n"
    assert_success
  done
  # paas checks that the network exists when it is set (Dokku: at the next deploy for attach-post-create;
  # docs/dokku-differences.md, network)
  run paas network:set "$APP" attach-post-create c8-nonexistent-network
  assert_failure
  run paas network:set "$APP" attach-post-deploy c8-nonexistent-network
  assert_failure
  run http_get "$APP"
  assert_output "network app"
  run paas network:set "$APP" attach-post-create c8-create-network
  assert_success
  run paas network:set "$APP" attach-post-deploy c8-create-network
  assert_failure
  run paas network:set "$APP" attach-post-deploy c8-deploy-network
  assert_success
  run paas network:set "$APP" initial-network c8-initial-network
  assert_success
  run paas ps:restart "$APP"
  assert_success
  run http_get "$APP"
  assert_output "network app"
  run networks_of
  assert_output --partial "c8-create-network "
  assert_output --partial "c8-deploy-network "
  assert_output --partial "c8-initial-network "
  run paas network:set "$APP" attach-post-create c8-create-network c8-create-network-2
  assert_success
  run paas network:set "$APP" attach-post-deploy c8-deploy-network c8-deploy-network-2
  assert_success
  run paas ps:restart "$APP"
  assert_success
  run http_get "$APP"
  assert_output "network app"
  run networks_of
  assert_output --partial "c8-create-network-2 "
  assert_output --partial "c8-deploy-network-2 "
  run paas --force network:destroy c8-create-network
  assert_failure
  run paas --force network:destroy c8-initial-network
  assert_failure
  run paas --force apps:destroy "$APP"
  assert_success
  run paas --force network:destroy c8-create-network
  assert_success
  run paas --force network:destroy c8-deploy-network
  assert_success
  run paas --force network:destroy c8-initial-network
  assert_success
}
