#!/usr/bin/env bats
# Dokku's own tests of the proxy plugin that need a deployed app (dokku/dokku tests/unit/proxy.bats),
# ported mechanically: `dokku` -> `paas`, TEST_APP -> c8-px. Dokku's $DOKKU_ROOT/APP/nginx.conf is paas's
# live vhost (nginx:show-config prints it). One busybox Dockerfile app, pushed once (setup_file), is
# shared by the tests in order. Installed system: e2e.sh.
load helpers/common

APP=c8-px

setup_file() {
  setup_push_key c8-px-key
  export GIT_SSH_COMMAND PUSH_KEY
  destroy_app "$APP"
  paas apps:create "$APP" >/dev/null
  paas checks:set "$APP" wait 1 >/dev/null
  SRC="$BATS_FILE_TMPDIR/src"
  make_repo "$SRC" \
    'Dockerfile=FROM paas/busybox
RUN mkdir -p /www && echo "proxy app" > /www/index.html
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /www"]'
  push_app "$SRC" "$APP" >"$BATS_FILE_TMPDIR/push.log" 2>&1
}

teardown_file() {
  destroy_app "$APP"
  paas ssh-keys:remove c8-px-key >/dev/null 2>&1 || true
}

has_config() { paas nginx:show-config "$APP" >/dev/null 2>&1; }

# from dokku tests/unit/proxy.bats "(proxy) proxy:build-config/clear-config"
@test "(proxy) proxy:build-config/clear-config" {
  run has_config
  assert_success
  run paas proxy:clear-config "$APP"
  assert_success
  run has_config
  assert_failure
  run http_get "$APP"
  refute_output "proxy app"
  run paas proxy:build-config "$APP"
  assert_success
  run has_config
  assert_success
  run http_get "$APP"
  assert_output "proxy app"
  run paas proxy:clear-config --all
  assert_success
  run has_config
  assert_failure
  run paas proxy:build-config "$APP"
  assert_success
}

# from dokku tests/unit/proxy.bats "(proxy) proxy:enable/disable"
@test "(proxy) proxy:enable/disable" {
  run http_get "$APP"
  assert_output "proxy app"
  run paas proxy:disable "$APP"
  assert_success
  run docker port "$APP.web.1"
  assert_output ""
  run has_config
  assert_failure
  run paas proxy:enable "$APP"
  assert_success
  run http_get "$APP"
  assert_output "proxy app"
  run docker port "$APP.web.1"
  assert_output ""
}
