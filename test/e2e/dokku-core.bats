#!/usr/bin/env bats
# Dokku's own tests of its core commands (dokku/dokku tests/unit/core_1.bats, core_2.bats), ported
# mechanically: `dokku` -> `paas`, `deploy_app` -> a push over ssh of a small Dockerfile app on the local
# paas/busybox image (no herokuish, no Docker Hub), TEST_APP -> cor-core (one app pushed in setup_file,
# shared by the tests that need it deployed), setup_test_tls -> certs:add with Dokku's own certificate tars
# (fixtures/dokku). Installed system: run through /work/wt/e2e.sh.
load helpers/common

APP=cor-core
URL_APP=cor-core-urls
PORT_APP=cor-core-port
DOMAIN=$PAAS_TEST_DOMAIN

setup_file() {
  setup_push_key cor-core-key
  export GIT_SSH_COMMAND PUSH_KEY
  for a in "$APP" "$URL_APP" "$PORT_APP"; do destroy_app "$a"; done
  SRC="$BATS_FILE_TMPDIR/src"
  export SRC
  make_repo "$SRC" \
    'Dockerfile=FROM paas/busybox
COPY . /app
WORKDIR /app
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /app"]' \
    'index.html=cor core'
  paas apps:create "$APP" >/dev/null
  paas checks:set "$APP" wait 1 >/dev/null
  push_app "$SRC" "$APP" >"$BATS_FILE_TMPDIR/first-push.log" 2>&1
}

setup() {
  paas apps:create "$URL_APP" >/dev/null 2>&1 || true
  TLS="$BATS_TEST_TMPDIR/tls"
  mkdir -p "$TLS"
}

teardown() {
  destroy_app "$URL_APP"
}

teardown_file() {
  [ ! -s "$BATS_FILE_TMPDIR/fwd.pid" ] || kill "$(cat "$BATS_FILE_TMPDIR/fwd.pid")" 2>/dev/null || true
  for a in "$APP" "$URL_APP" "$PORT_APP"; do destroy_app "$a"; done
  paas ssh-keys:remove cor-core-key >/dev/null 2>&1 || true
  paas ssh-keys:remove cor-core-user >/dev/null 2>&1 || true
}

# Dokku's setup_test_tls: its certificate tars, added with certs:add instead of copied into APP/tls.
setup_test_tls() { # [wildcard|sans]
  local tar=server_ssl.tar
  case "${1:-}" in
    wildcard) tar=server_ssl_wildcard.tar ;;
    sans) tar=server_ssl_sans.tar ;;
  esac
  tar xf "$REPO/test/e2e/fixtures/dokku/$tar" -C "$TLS"
  paas certs:add "$URL_APP" "$TLS/server.crt" "$TLS/server.key"
}

assert_urls() { # URL... (each must be among `paas urls`)
  run bash -c "paas urls $URL_APP | xargs"
  assert_success
  local u
  for u in "$@"; do [[ " $output " == *" $u "* ]] || fail "urls lacks $u: $output"; done
}

assert_url() {
  run paas url "$URL_APP"
  assert_success
  assert_output "$1"
}

exited_runs() { docker ps -aq --filter "label=paas.app=$APP" --filter label=paas.kind=run --filter status=exited; }
has_exited_runs() { [ -n "$(exited_runs)" ]; }

# from dokku tests/unit/core_1.bats "(core) remove exited containers"
@test "(core) remove exited containers" {
  run cat "$BATS_FILE_TMPDIR/first-push.log"
  assert_success
  # make sure we have many exited containers of the same 'type'
  run bash -c "for cnt in 1 2 3; do paas run $APP echo $APP; done"
  assert_success
  run exited_runs
  assert_output ""
  # paas: an attached run removes its container (above); a detached one stays once it exits, for cleanup
  run paas run --detach "$APP" true
  assert_success
  wait_until 20 has_exited_runs
  RANDOM_RUN_CID="$(docker run -d paas/busybox true)"
  docker wait "$RANDOM_RUN_CID" >/dev/null
  run paas cleanup
  assert_success
  cleanup_output=$output
  # (Dokku sleeps here: its cleanup runs in the background; paas's is done when the command returns)
  run docker inspect "$RANDOM_RUN_CID"
  assert_success
  docker rm "$RANDOM_RUN_CID" >/dev/null
  run exited_runs
  assert_output "" || fail "cleanup said: $cleanup_output"
  # the app's live containers are not touched
  run http_ok "$APP"
  assert_success
  # paas: a user key cleans up only its own apps, never every app's containers
  ssh-keygen -q -t ed25519 -N '' -f "$BATS_TEST_TMPDIR/user" -C cor-core-user
  paas ssh-keys:add --role user cor-core-user "$BATS_TEST_TMPDIR/user.pub" >/dev/null
  run ssh -i "$BATS_TEST_TMPDIR/user" -o IdentitiesOnly=yes -o StrictHostKeyChecking=no \
    -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR paas@127.0.0.1 cleanup
  assert_failure
  assert_output --partial "may only run cleanup on one of its apps"
  run ssh -i "$BATS_TEST_TMPDIR/user" -o IdentitiesOnly=yes -o StrictHostKeyChecking=no \
    -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR paas@127.0.0.1 cleanup "$APP"
  assert_failure
  assert_output --partial "may not use app $APP"
}

# from dokku tests/unit/core_1.bats "(core) image type detection (herokuish default user)" and
# "(core) image type detection (herokuish custom user)"
@test "(core) image type detection (herokuish)" {
  skip "paas builds no herokuish images (its buildpack builders make plain Dockerfile builds) and has no plugin:trigger; the builder of a release is in releases:info"
}

# from dokku tests/unit/core_1.bats "(core) image type detection (dockerfile)": Dokku asks the
# builder-image-is-herokuish trigger; paas records the builder with the release
@test "(core) image type detection (dockerfile)" {
  run bash -c "paas releases:info $APP 1 --format json | jq -r .builder"
  assert_success
  assert_output "dockerfile"
}

# from dokku tests/unit/core_1.bats "(common) fn-docker-args-split does not expand injected commands" and
# "(common) fn-docker-args-split preserves quoted tokens": paas's splitter is lib/docker-options/words.ts,
# unit-tested in test/unit/docker-options/parse.test.ts; here through the command
@test "(common) docker-options split does not expand injected commands and preserves quoted tokens" {
  run paas docker-options:add "$URL_APP" deploy '--label x=$(id)'
  assert_failure
  assert_output --partial 'not run by a shell'
  run paas docker-options:add "$URL_APP" deploy "--label 'x=\$(id)' --label 'y=a b'"
  assert_success
  run paas docker-options:list "$URL_APP" --phase deploy
  assert_success
  refute_output --partial "uid="
  assert_output --partial 'x=$(id)'
  assert_output --partial "y=a b"
}

# from dokku tests/unit/core_2.bats "(core) cleanup:help"
@test "(core) cleanup:help" {
  run paas cleanup:help
  assert_output --partial "Cleans up exited/dead Docker containers and removes dangling image"
}

# from dokku tests/unit/core_2.bats "(core) unknown command"
@test "(core) unknown command" {
  run paas fakecommand
  assert_failure
  run bash -c "paas fakecommand 2>&1 | grep -q 'is not a paas command'"
  assert_success
  run bash -c "paas apps: 2>&1 | grep -q 'is not a paas command'"
  assert_success
}

# from dokku tests/unit/core_2.bats "(core) urls (non-ssl)"
@test "(core) urls (non-ssl)" {
  assert_urls "http://$URL_APP.$DOMAIN"
  run paas domains:add "$URL_APP" "test.$DOMAIN"
  assert_success
  assert_urls "http://$URL_APP.$DOMAIN" "http://test.$DOMAIN"
}

# from dokku tests/unit/core_2.bats "(core) urls (app ssl)"
@test "(core) urls (app ssl)" {
  assert_urls "http://$URL_APP.$DOMAIN"
  run setup_test_tls
  assert_success
  run paas proxy:build-config "$URL_APP"
  assert_success
  assert_urls "https://$URL_APP.$DOMAIN"
  run paas domains:add "$URL_APP" "test.$DOMAIN"
  assert_success
  assert_urls "http://$URL_APP.$DOMAIN" "https://$URL_APP.$DOMAIN" "https://test.$DOMAIN" "http://test.$DOMAIN"
}

# from dokku tests/unit/core_2.bats "(core) url (app ssl)"
@test "(core) url (app ssl)" {
  run setup_test_tls
  assert_success
  run paas proxy:build-config "$URL_APP"
  assert_success
  assert_url "https://$URL_APP.$DOMAIN"
}

# from dokku tests/unit/core_2.bats "(core) urls (wildcard ssl)"
@test "(core) urls (wildcard ssl)" {
  run setup_test_tls wildcard
  assert_success
  run paas proxy:build-config "$URL_APP"
  assert_success
  assert_urls "https://$URL_APP.$DOMAIN"
  run paas domains:add "$URL_APP" "test.$DOMAIN"
  assert_success
  assert_urls "http://$URL_APP.$DOMAIN" "https://$URL_APP.$DOMAIN" "https://test.$DOMAIN" "http://test.$DOMAIN"
  run paas domains:add "$URL_APP" dokku.example.com
  assert_success
  assert_urls "http://dokku.example.com" "http://$URL_APP.$DOMAIN" "https://dokku.example.com" \
    "https://$URL_APP.$DOMAIN" "https://test.$DOMAIN" "http://test.$DOMAIN"
}

# from dokku tests/unit/core_2.bats "(core) release_and_deploy does not emit command not found errors"
@test "(core) release_and_deploy does not emit command not found errors" {
  run cat "$BATS_FILE_TMPDIR/first-push.log"
  assert_success
  assert_output --partial "Application deployed"
  refute_output --partial "command not found"
}

# ssh on another port: a plain TCP forwarder from 22333 to this host's sshd, started by this file.
start_forwarder() {
  detach node -e "const net = require('net');
net.createServer((s) => { const c = net.connect(22, '127.0.0.1'); s.pipe(c).pipe(s);
  s.on('error', () => c.destroy()); c.on('error', () => s.destroy()); }).listen(22333, '127.0.0.1');" &
  FWD_PID=$!
  echo "$FWD_PID" >"$BATS_FILE_TMPDIR/fwd.pid"
  wait_until 10 bash -c 'exec 3<>/dev/tcp/127.0.0.1/22333'
}

# from dokku tests/unit/core_2.bats "(core) git-remote (off-port)" and "(core) git-remote (bad name)"
@test "(core) git-remote (off-port) and (bad name)" {
  start_forwarder
  run git -C "$SRC" push "ssh://paas@127.0.0.1:22333/$PORT_APP" main
  assert_success
  assert_output --partial "Application deployed"
  run git -C "$SRC" push "ssh://paas@127.0.0.1:22333/home/paas/$PORT_APP" main
  kill "$FWD_PID" 2>/dev/null || true
  rm -f "$BATS_FILE_TMPDIR/fwd.pid"
  assert_failure
}
