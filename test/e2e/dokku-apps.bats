#!/usr/bin/env bats
# Dokku's own tests of the apps plugin (dokku/dokku tests/unit/apps_1.bats and apps_2.bats), ported
# mechanically: `dokku` -> `paas`, TEST_APP -> dj-apps, great-test-name -> dj-great-name, `deploy_app` -> a
# push over ssh of a small Dockerfile app on the local paas/busybox image (no herokuish, no Docker Hub),
# the ruby buildpack -> the nodejs one (paas refuses buildpacks it cannot run). Tests that need no deploy
# run against this checkout with a temp PAAS_ROOT (use_temp_root); the others use the installed system:
# run the file through /work/wt/e2e.sh.
load helpers/common

TEST_APP=dj-apps
NEW_APP=dj-great-name

setup() {
  REPO_DIR="$BATS_TEST_TMPDIR/app"
}

teardown() {
  paas apps:set --global disable-autocreation >/dev/null 2>&1 || true
  destroy_app "$TEST_APP"
  destroy_app "$NEW_APP"
  docker network rm dj-apps-net >/dev/null 2>&1 || true
}

teardown_file() {
  paas ssh-keys:remove dj-apps-key >/dev/null 2>&1 || true
}

deploy_app() { # push the busybox app to TEST_APP (installed system)
  setup_push_key dj-apps-key
  [ -d "$REPO_DIR" ] || make_repo "$REPO_DIR" \
    'Dockerfile=FROM paas/busybox
COPY . /app
WORKDIR /app
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /app"]' \
    'index.html=dj apps' 'hello=hello'
  if ! paas apps:exists "$TEST_APP" >/dev/null 2>&1; then
    paas apps:create "$TEST_APP" >/dev/null 2>&1 || return 1
    paas checks:set "$TEST_APP" wait 1 >/dev/null 2>&1 || true
  fi
  git -C "$REPO_DIR" push "paas@127.0.0.1:$TEST_APP" main 2>&1
}

http_code() { # HOST PATH
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "Host: $1" "http://127.0.0.1$2"
}

# from dokku tests/unit/apps_1.bats "(apps) apps:help"
@test "(apps) apps:help" {
  use_temp_root
  run paas apps --help
  assert_output --partial "Manage apps"
  help_output="$output"
  run paas apps:help
  assert_output --partial "Manage apps"
  assert_output "$help_output"
}

# from dokku tests/unit/apps_1.bats "(apps) apps:list"
@test "(apps) apps:list" {
  use_temp_root
  run bash -c "node $REPO/dist/bin/paas.js apps:list 2>&1"
  assert_success
  assert_output --partial "You haven't deployed any applications yet"
  refute_output --partial "$TEST_APP"
  run paas apps:create "$TEST_APP"
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js apps:list 2>&1"
  assert_success
  refute_output --partial "You haven't deployed any applications yet"
  assert_output --partial "$TEST_APP"
  run paas --force apps:destroy "$TEST_APP"
  assert_success
}

# from dokku tests/unit/apps_1.bats "(apps) apps:list --format json"
@test "(apps) apps:list --format json" {
  use_temp_root
  run paas apps:list --format json
  assert_success
  assert_output "[]"
  run paas apps:create "$TEST_APP"
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js apps:list --format json | jq '. | length'"
  assert_success
  assert_output "1"
  run bash -c "node $REPO/dist/bin/paas.js apps:list --format json | jq -r '.[0]'"
  assert_success
  assert_output "$TEST_APP"
  run paas --force apps:destroy "$TEST_APP"
  assert_success
}

# from dokku tests/unit/apps_1.bats "(apps) apps:create"
@test "(apps) apps:create" {
  use_temp_root
  run paas apps:create "$TEST_APP"
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js apps:list | grep $TEST_APP"
  assert_output "$TEST_APP"
  run paas --force apps:destroy "$TEST_APP"
  assert_success
  run paas apps:create 1994testapp
  assert_success
  for name in testapp:latest testApp:latest TestApp test/app test_app 'test;id' 'test$cmd' 'test|cmd' 'test&cmd'; do
    run paas apps:create "$name"
    assert_failure
  done
  run paas --app "$TEST_APP" apps:create
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js apps:list | grep $TEST_APP"
  assert_output "$TEST_APP"
  run paas --force apps:destroy "$TEST_APP"
  assert_success
}

# from dokku tests/unit/apps_1.bats "(apps) app autocreate disabled"
@test "(apps) app autocreate disabled" {
  run paas apps:set --global disable-autocreation true
  assert_success
  setup_push_key dj-apps-key
  make_repo "$REPO_DIR" 'Dockerfile=FROM paas/busybox' 'index.html=dj apps'
  run git -C "$REPO_DIR" push "paas@127.0.0.1:$TEST_APP" main
  assert_failure
  run paas apps:set --global disable-autocreation
}

# from dokku tests/unit/apps_1.bats "(apps) apps:destroy"
@test "(apps) apps:destroy" {
  use_temp_root
  run paas apps:create "$TEST_APP"
  assert_success
  run paas --force apps:destroy "$TEST_APP"
  assert_success
  run paas apps:create "$TEST_APP"
  assert_success
  run paas --force --app "$TEST_APP" apps:destroy
  assert_success
}

# from dokku tests/unit/apps_1.bats "(apps) apps:rename"
@test "(apps) apps:rename" {
  run deploy_app
  assert_success
  # (Dokku then greps its per-app hooks/pre-receive for the app's name; paas's repos share one
  # installed hook that takes the app from the repository's path, so there is nothing to grep.)
  run paas apps:rename "$TEST_APP" "$NEW_APP"
  assert_success
  run bash -c "paas apps:list | grep $TEST_APP"
  assert_output ""
  run bash -c "curl --silent --write-out '%{http_code}\n' -H 'Host: $NEW_APP.$PAAS_TEST_DOMAIN' http://127.0.0.1/ | grep 404"
  assert_output ""
  run paas --force apps:destroy "$NEW_APP"
  assert_success

  run paas apps:create "$TEST_APP"
  assert_success
  run paas buildpacks:add "$TEST_APP" https://github.com/heroku/heroku-buildpack-nodejs.git
  assert_success
  run paas config:set --no-restart "$TEST_APP" "KEY=VALUE-$TEST_APP"
  assert_success
  run paas docker-options:add "$TEST_APP" deploy --no-healthcheck
  assert_success
  run paas git:set "$TEST_APP" deploy-branch SOME_BRANCH_NAME
  assert_success
  # paas checks that the network exists (docs/dokku-differences.md, network): made first.
  docker network create dj-apps-net >/dev/null
  run paas network:set "$TEST_APP" attach-post-create dj-apps-net
  assert_success
  run paas nginx:set "$TEST_APP" bind-address-ipv4 127.0.0.1
  assert_success
  run paas resource:limit --memory 100 "$TEST_APP"
  assert_success

  run paas apps:rename "$TEST_APP" "$NEW_APP"
  assert_success
  run paas buildpacks:report "$NEW_APP" --buildpacks-list
  assert_success
  assert_output "https://github.com/heroku/heroku-buildpack-nodejs.git"
  run paas config:get "$NEW_APP" KEY
  assert_success
  assert_output "VALUE-$TEST_APP"
  run paas docker-options:report "$NEW_APP" --docker-options-deploy
  assert_success
  assert_output --partial "--no-healthcheck"
  run paas git:report "$NEW_APP" --git-deploy-branch
  assert_success
  assert_output "SOME_BRANCH_NAME"
  run paas network:report "$NEW_APP" --network-attach-post-create
  assert_success
  assert_output "dj-apps-net"
  run paas nginx:report "$NEW_APP" --nginx-bind-address-ipv4
  assert_success
  assert_output "127.0.0.1"
  run paas resource:report "$NEW_APP" --resource-_default_.limit.memory
  assert_success
  assert_output "100"
  run paas --force apps:destroy "$NEW_APP"
  assert_success
}

# from dokku tests/unit/apps_1.bats "(apps) apps:rename with tls"
@test "(apps) apps:rename with tls" {
  TLS="$BATS_TEST_TMPDIR/tls"
  mkdir -p "$TLS"
  tar xf "$REPO/test/e2e/fixtures/dokku/server_ssl.tar" -C "$TLS"
  paas apps:create "$TEST_APP" >/dev/null
  paas checks:set "$TEST_APP" wait 1 >/dev/null
  run paas certs:add "$TEST_APP" "$TLS/server.crt" "$TLS/server.key"
  assert_success
  run deploy_app
  assert_success
  run paas apps:rename "$TEST_APP" "$NEW_APP"
  assert_success
  run paas --force apps:destroy "$NEW_APP"
  assert_success
}

# from dokku tests/unit/apps_1.bats "(apps) apps:exists"
@test "(apps) apps:exists" {
  use_temp_root
  run paas apps:exists "$TEST_APP"
  assert_failure
  run paas apps:create "$TEST_APP"
  assert_success
  run paas apps:exists "$TEST_APP"
  assert_success
  run paas --force apps:destroy "$TEST_APP"
  assert_success
}

# from dokku tests/unit/apps_1.bats "(apps) apps:lock/locked/unlock"
@test "(apps) apps:lock/locked/unlock" {
  use_temp_root
  run paas apps:create "$TEST_APP"
  assert_success
  run paas apps:report "$TEST_APP" --app-locked
  assert_output "false"
  run paas apps:locked "$TEST_APP"
  assert_failure
  run paas apps:lock "$TEST_APP"
  assert_success
  run paas apps:report "$TEST_APP" --app-locked
  assert_output "true"
  run paas apps:locked "$TEST_APP"
  assert_success
  run paas apps:unlock "$TEST_APP"
  assert_success
  run paas apps:report "$TEST_APP" --app-locked
  assert_output "false"
}

# from dokku tests/unit/apps_1.bats "(apps:report) emits new stripped JSON keys alongside legacy"
@test "(apps:report) emits new stripped JSON keys alongside legacy" {
  use_temp_root
  paas apps:create "$TEST_APP" >/dev/null 2>&1
  for key in dir locked deploy-source global-disable-autocreation; do
    run bash -c "node $REPO/dist/bin/paas.js apps:report $TEST_APP --format json | jq -r 'has(\"$key\") and has(\"app-$key\")'"
    assert_success
    assert_output "true"
  done
}

# from dokku tests/unit/apps_1.bats "(apps:report --global) emits global-disable-autocreation"
@test "(apps:report --global) emits global-disable-autocreation" {
  use_temp_root
  PAAS="node $REPO/dist/bin/paas.js"
  run paas apps:report --global --app-global-disable-autocreation
  assert_success
  assert_output ""
  run paas apps:set --global disable-autocreation true
  assert_success
  run paas apps:report --global --app-global-disable-autocreation
  assert_success
  assert_output "true"
  run bash -c "$PAAS apps:report --global --format json | jq -r '.\"global-disable-autocreation\"'"
  assert_success
  assert_output "true"
  run bash -c "$PAAS apps:report --global --format json | jq -r '.\"app-global-disable-autocreation\"'"
  assert_success
  assert_output "true"
  paas apps:create "$TEST_APP" >/dev/null 2>&1
  run bash -c "$PAAS apps:report $TEST_APP --format json | jq -r '.\"global-disable-autocreation\"'"
  assert_success
  assert_output "true"
  run paas apps:set --global disable-autocreation
  assert_success
}

# from dokku tests/unit/apps_1.bats "(apps:set) rejects dead writes"
@test "(apps:set) rejects dead writes" {
  use_temp_root
  run paas apps:set --global deploy-source git
  assert_failure
  assert_output --partial "Property cannot be specified globally"
  run paas apps:set --global deploy-source-metadata foo
  assert_failure
  assert_output --partial "Property cannot be specified globally"
  paas apps:create "$TEST_APP" >/dev/null 2>&1
  run paas apps:set "$TEST_APP" disable-autocreation true
  assert_failure
  assert_output --partial "Property can only be specified globally"
}

# from dokku tests/unit/apps_2.bats "(apps) apps:clone"
@test "(apps) apps:clone" {
  run deploy_app
  assert_success
  run paas apps:clone "$TEST_APP" "$NEW_APP"
  assert_success
  run bash -c "paas apps:list | grep $TEST_APP"
  assert_success
  run bash -c "curl --silent --write-out '%{http_code}\n' -H 'Host: $NEW_APP.$PAAS_TEST_DOMAIN' http://127.0.0.1/ | grep 404"
  assert_output ""
  run paas --force apps:destroy "$NEW_APP"
  assert_success
}

# from dokku tests/unit/apps_2.bats "(apps) apps:clone (no app)"
@test "(apps) apps:clone (no app)" {
  run paas apps:create "$TEST_APP"
  assert_success
  run paas buildpacks:add "$TEST_APP" https://github.com/heroku/heroku-buildpack-nodejs.git
  assert_success
  run paas git:set "$TEST_APP" deploy-branch SOME_BRANCH_NAME
  assert_success
  docker network create dj-apps-net >/dev/null
  run paas network:set "$TEST_APP" attach-post-create dj-apps-net
  assert_success
  run paas nginx:set "$TEST_APP" bind-address-ipv4 127.0.0.1
  assert_success
  run paas resource:limit --memory 100 "$TEST_APP"
  assert_success

  run paas apps:clone "$TEST_APP" "$NEW_APP"
  assert_success
  run bash -c "paas apps:list | grep $TEST_APP"
  assert_success
  run paas buildpacks:report "$NEW_APP" --buildpacks-list
  assert_success
  assert_output "https://github.com/heroku/heroku-buildpack-nodejs.git"
  run paas domains:report "$NEW_APP" --domains-app-vhosts
  assert_success
  assert_output "$NEW_APP.$PAAS_TEST_DOMAIN"
  run paas git:report "$NEW_APP" --git-deploy-branch
  assert_success
  assert_output "SOME_BRANCH_NAME"
  run paas network:report "$NEW_APP" --network-attach-post-create
  assert_success
  assert_output "dj-apps-net"
  run paas nginx:report "$NEW_APP" --nginx-bind-address-ipv4
  assert_success
  assert_output "127.0.0.1"
  run paas resource:report "$NEW_APP" --resource-_default_.limit.memory
  assert_success
  assert_output "100"
  run paas --force apps:destroy "$NEW_APP"
  assert_success
}

# from dokku tests/unit/apps_2.bats "(apps) apps:clone ssl-app"
@test "(apps) apps:clone ssl-app" {
  skip "Dokku skips it too (\"this test always failed\"); it needs proxy:set proxy-ssl-port, which paas has not (docs/dokku-differences.md, proxy)"
}

# from dokku tests/unit/apps_2.bats "(apps) apps:clone --skip-deploy"
@test "(apps) apps:clone --skip-deploy" {
  run deploy_app
  assert_success
  run paas apps:clone --skip-deploy "$TEST_APP" "$NEW_APP"
  assert_success
  # (Dokku checks its own files here, /home/dokku/APP/tls and VHOST; paas keeps no such files.)
  run paas url "$NEW_APP"
  assert_success
  assert_output "http://$NEW_APP.$PAAS_TEST_DOMAIN"
  run paas url "$TEST_APP"
  assert_success
  assert_output "http://$TEST_APP.$PAAS_TEST_DOMAIN"
  run http_code "$TEST_APP.$PAAS_TEST_DOMAIN" /hello
  assert_output "200"
  # Dokku answers 502 for the clone that was never deployed; paas has no vhost for it yet, so nginx's
  # default server answers 404 (docs/dokku-differences.md, apps).
  run http_code "$NEW_APP.$PAAS_TEST_DOMAIN" /hello
  assert_output "404"
  run paas --force apps:destroy "$NEW_APP"
  assert_success
  run http_code "$TEST_APP.$PAAS_TEST_DOMAIN" /hello
  assert_output "200"
}

# from dokku tests/unit/apps_2.bats "(apps) apps:clone --ignore-existing"
@test "(apps) apps:clone --ignore-existing" {
  run deploy_app
  assert_success
  run paas apps:create "$NEW_APP"
  assert_success
  run paas apps:clone --ignore-existing "$TEST_APP" "$NEW_APP"
  assert_success
  run paas --force apps:destroy "$NEW_APP"
  assert_success
}
