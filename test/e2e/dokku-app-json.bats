#!/usr/bin/env bats
# Dokku's own tests of the app-json plugin (dokku/dokku tests/unit/app-json.bats, app-json-2.bats ..
# app-json-4.bats), ported mechanically: `dokku` -> `paas`, TEST_APP -> dj-aj, `deploy_app python` -> a
# push over ssh of a small Dockerfile app on the local paas/busybox image that carries Dokku's python
# fixture's app.json files verbatim (comments included; its index.html holds the "python/http.server" the
# healthcheck looks for) and a Procfile whose commands echo what the python ones would run (no
# herokuish, no Docker Hub). The app-json:report cases need no deploy. Installed system: run the file
# through /work/wt/e2e.sh.
load helpers/common

TEST_APP=dj-aj

setup() {
  setup_push_key dj-aj-key
  REPO_DIR="$BATS_TEST_TMPDIR/app"
  make_repo "$REPO_DIR" \
    'Dockerfile=FROM paas/busybox
COPY . /app
WORKDIR /app
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /app"]' \
    'index.html=python/http.server' \
    'Procfile=web: exec httpd -f -p $PORT -h /app
release: echo python3 -u release.py' \
    'app.json={
  "healthchecks": {
    "web": [
      {
        "attempts": 2,
        "content": "python/http.server",
        "name": "check-1",
        "path": "/",
        "timeout": 5,
        "type": "startup",
        "wait": 2
      }
    ]
  },
  "scripts": {
    "dokku": {
      // this is a comment for the postdeploy script
      "postdeploy": "touch /app/postdeploy.test",
      // this is a comment for the predeploy script
      "predeploy": "touch /app/predeploy.test"
    }
  }
}' \
    'app-heroku-postdeploy.json={
  "scripts": {
    "dokku": {
      // this is a comment for the postdeploy script
      "postdeploy": "touch /app/postdeploy.test",
      // this is a comment for the predeploy script
      "predeploy": "touch /app/predeploy.test"
    },
    "postdeploy": "touch /app/heroku-postdeploy.test"
  }
}' \
    'app2.json={
  "scripts": {
    "dokku": {
      "predeploy": "touch /app/predeploy2.test",
      "postdeploy": "touch /app/postdeploy.test"
    }
  }
}' \
    'app3.json={
  "scripts": {
    "dokku": {
      "predeploy": "touch /app/predeploy3.test",
      "postdeploy": "touch /app/postdeploy.test"
    }
  }
}'
  paas apps:create "$TEST_APP" >/dev/null 2>&1
  paas checks:set "$TEST_APP" wait 1 >/dev/null 2>&1 || true
}

teardown() {
  paas app-json:set --global appjson-path >/dev/null 2>&1 || true
  destroy_app "$TEST_APP"
}

teardown_file() {
  paas ssh-keys:remove dj-aj-key >/dev/null 2>&1 || true
}

deploy_app() { # [CALLBACK]: Dokku's deploy_app callbacks change the repo before the push
  if [ -n "${1:-}" ]; then
    "$1" "$TEST_APP" "$REPO_DIR"
    commit_all "$REPO_DIR" "$1"
  fi
  git -C "$REPO_DIR" push "paas@127.0.0.1:$TEST_APP" main 2>&1
}

# from dokku tests/unit/app-json.bats "(app-json) app.json scripts"
@test "(app-json) app.json scripts" {
  run deploy_app
  assert_success
  assert_output --partial "Executing predeploy task from app.json: touch /app/predeploy.test"
  assert_output --partial "Executing postdeploy task from app.json in ephemeral container: touch /app/postdeploy.test"
  refute_output --partial "Executing prebuild task from app.json in ephemeral container: touch /app/prebuild.test"
  # (Dokku then checks that herokuish's container runs ["/start","web"]; there is no herokuish here.)
  run paas run "$TEST_APP" ls /app/prebuild.test
  assert_failure
  run paas run "$TEST_APP" ls /app/predeploy.test
  assert_success
  run paas run "$TEST_APP" ls /app/postdeploy.test
  assert_failure
}

# from dokku tests/unit/app-json.bats "(app-json) app.json scripts postdeploy"
@test "(app-json) app.json scripts postdeploy" {
  run paas app-json:set "$TEST_APP" appjson-path app-heroku-postdeploy.json
  assert_success
  run deploy_app
  assert_success
  assert_output --partial "touch /app/heroku-postdeploy.test"
  assert_output --partial "python3 -u release.py"
}

# from dokku tests/unit/app-json.bats "(app-json) app.json scripts missing"
@test "(app-json) app.json scripts missing" {
  git -C "$REPO_DIR" rm -q app.json
  commit_all "$REPO_DIR" "no app.json"
  run deploy_app
  assert_success
}

copy_app_json_to_sub_app() {
  local APP_REPO_DIR="$2"
  mkdir -p "$APP_REPO_DIR/sub-app"
  cp "$APP_REPO_DIR/Dockerfile" "$APP_REPO_DIR/index.html" "$APP_REPO_DIR/Procfile" "$APP_REPO_DIR/sub-app/"
  cp "$APP_REPO_DIR/app2.json" "$APP_REPO_DIR/sub-app/app.json"
  cp "$APP_REPO_DIR/app3.json" "$APP_REPO_DIR/sub-app/app3.json"
}

# from dokku tests/unit/app-json.bats "(app-json:set)"
@test "(app-json:set)" {
  run deploy_app copy_app_json_to_sub_app
  assert_success

  run paas app-json:set "$TEST_APP" appjson-path app-nonexistent.json
  assert_success
  run paas ps:rebuild "$TEST_APP"
  assert_success
  refute_output --partial "touch /app/predeploy.test"

  run paas app-json:set "$TEST_APP" appjson-path app2.json
  assert_success
  run paas ps:rebuild "$TEST_APP"
  assert_success
  assert_output --partial "touch /app/predeploy2.test"

  run paas app-json:set "$TEST_APP" appjson-path
  assert_success
  run paas ps:rebuild "$TEST_APP"
  assert_success
  assert_output --partial "touch /app/predeploy.test"
  refute_output --partial "touch /app/predeploy2.test"

  run paas builder:set "$TEST_APP" build-dir sub-app
  assert_success
  run paas ps:rebuild "$TEST_APP"
  assert_success
  refute_output --partial "touch /app/predeploy.test"
  assert_output --partial "touch /app/predeploy2.test"

  run paas app-json:set "$TEST_APP" appjson-path app3.json
  assert_success
  run paas ps:rebuild "$TEST_APP"
  assert_success
  refute_output --partial "touch /app/predeploy.test"
  refute_output --partial "touch /app/predeploy2.test"
  assert_output --partial "touch /app/predeploy3.test"
}

# from dokku tests/unit/app-json.bats "(app-json:report) appjson-path round-trip"
@test "(app-json:report) appjson-path round-trip" {
  run paas app-json:set "$TEST_APP" appjson-path app2.json
  assert_success
  run paas app-json:report "$TEST_APP" --app-json-appjson-path
  assert_success
  assert_output "app2.json"
  run paas app-json:report "$TEST_APP" --app-json-computed-appjson-path
  assert_success
  assert_output "app2.json"
  run paas app-json:report "$TEST_APP" --app-json-global-appjson-path
  assert_success
  assert_output ""
  run paas app-json:report "$TEST_APP" --format json
  assert_success
  assert_output --partial '"app-json-appjson-path":"app2.json"'
  assert_output --partial '"app-json-computed-appjson-path":"app2.json"'
  assert_output --partial '"app-json-global-appjson-path":""'
  assert_output --partial '"appjson-path":"app2.json"'
  assert_output --partial '"computed-appjson-path":"app2.json"'
  assert_output --partial '"global-appjson-path":""'
  refute_output --partial "app-json-selected"
  run paas app-json:report "$TEST_APP" --app-json-selected
  assert_failure
  assert_output --partial "Invalid flag passed"
  run paas app-json:set "$TEST_APP" appjson-path
  assert_success
  run paas app-json:report "$TEST_APP" --app-json-appjson-path
  assert_success
  assert_output ""
  run paas app-json:report "$TEST_APP" --app-json-computed-appjson-path
  assert_success
  assert_output "app.json"
}

# from dokku tests/unit/app-json.bats "(app-json:report) appjson-path raw vs computed vs global"
@test "(app-json:report) appjson-path raw vs computed vs global" {
  run paas app-json:set --global appjson-path
  assert_success
  run paas app-json:report "$TEST_APP" --app-json-appjson-path
  assert_success
  assert_output ""
  run paas app-json:report "$TEST_APP" --app-json-global-appjson-path
  assert_success
  assert_output ""
  run paas app-json:report "$TEST_APP" --app-json-computed-appjson-path
  assert_success
  assert_output "app.json"
  run paas app-json:set --global appjson-path app.global.json
  assert_success
  run paas app-json:report "$TEST_APP" --app-json-global-appjson-path
  assert_success
  assert_output "app.global.json"
  run paas app-json:report "$TEST_APP" --app-json-computed-appjson-path
  assert_success
  assert_output "app.global.json"
  run paas app-json:set "$TEST_APP" appjson-path app.app.json
  assert_success
  run paas app-json:report "$TEST_APP" --app-json-appjson-path
  assert_success
  assert_output "app.app.json"
  run paas app-json:report "$TEST_APP" --app-json-global-appjson-path
  assert_success
  assert_output "app.global.json"
  run paas app-json:report "$TEST_APP" --app-json-computed-appjson-path
  assert_success
  assert_output "app.app.json"
  run paas app-json:set "$TEST_APP" appjson-path
  assert_success
  run paas app-json:set --global appjson-path
  assert_success
}

dockerfile_release() { # Dokku's dockerfile-release app: its release task prints the config it sees
  printf '%s\n' 'web: exec httpd -f -p $PORT -h /app' 'release: echo "SECRET_KEY: $SECRET_KEY"' >"$2/Procfile"
}

# from dokku tests/unit/app-json-2.bats "(app-json) app.json dockerfile release"
@test "(app-json) app.json dockerfile release" {
  run paas config:set --no-restart "$TEST_APP" SECRET_KEY=fjdkslafjdk ENVIRONMENT=dev DATABASE_URL=sqlite:///db.sqlite3
  assert_success
  run deploy_app dockerfile_release
  assert_output --partial "Executing release task from Procfile"
  assert_output --partial "SECRET_KEY: fjdkslafjdk"
  assert_success
}

dockerfile_entrypoint() { # Dokku's dockerfile-entrypoint app, in sh on busybox
  cat >"$2/entrypoint" <<'EOF'
#!/bin/sh
case "$1" in
touch*)
  echo "entrypoint script started with arguments $*"
  touch "$2"
  ;;
*) exec "$@" ;;
esac
EOF
  chmod +x "$2/entrypoint"
  printf '%s\n' 'FROM paas/busybox' 'COPY . /app' 'WORKDIR /app' 'ENTRYPOINT ["./entrypoint"]' >"$2/Dockerfile"
  printf '%s\n' '{"scripts": {"dokku": {"predeploy": "touch /app/predeploy.test"}}}' >"$2/app.json"
  echo 'web: exec httpd -f -p $PORT -h /app' >"$2/Procfile"
}

add_release_command() {
  dockerfile_entrypoint "$@"
  echo "release: touch /app/release.test" >>"$2/Procfile"
}

# from dokku tests/unit/app-json-2.bats "(app-json) app.json dockerfile entrypoint release"
@test "(app-json) app.json dockerfile entrypoint release" {
  run deploy_app add_release_command
  assert_success
  assert_equal "$(grep -c 'touch /app/release.test' <<<"$output")" "2"
}

dockerfile_cmd() { # Dokku's dockerfile-procfile app: an ENTRYPOINT and a CMD besides the Procfile
  dockerfile_entrypoint "$@"
  echo 'CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /app"]' >>"$2/Dockerfile"
}

# from dokku tests/unit/app-json-2.bats "(app-json) app.json dockerfile cmd"
# (the built image keeps its own CMD and ENTRYPOINT; the Procfile command is given to the container)
@test "(app-json) app.json dockerfile cmd" {
  run deploy_app dockerfile_cmd
  assert_success
  run docker inspect "paas/${TEST_APP}:latest" --format "{{json .Config.Cmd}}"
  assert_success
  assert_output '["/bin/sh","-c","exec httpd -f -p $PORT -h /app"]'
  run docker inspect "paas/${TEST_APP}:latest" --format "{{json .Config.Entrypoint}}"
  assert_success
  assert_output '["./entrypoint"]'
}

# from dokku tests/unit/app-json-2.bats "(app-json) app.json dockerfile entrypoint predeploy"
@test "(app-json) app.json dockerfile entrypoint predeploy" {
  run deploy_app dockerfile_entrypoint
  assert_output --partial "Executing predeploy task from app.json"
  assert_output --partial "entrypoint script started with arguments touch /app/predeploy.test"
  assert_success
  run paas run "$TEST_APP" ls /app/predeploy.test
  assert_success
}

persist_scale_callback_a() {
  printf '%s\n' 'web: exec httpd -f -p $PORT -h /app' 'worker: sleep 1000' >"$2/Procfile"
  printf '%s\n' '{"formation": {"web": {"quantity": 1}, "worker": {"quantity": 1}}}' >"$2/app.json"
}

persist_scale_callback_b() {
  printf '%s\n' 'web: exec httpd -f -p $PORT -h /app' 'cron: sleep 1000' >"$2/Procfile"
  printf '%s\n' '{"formation": {"web": {"quantity": 1}, "cron": {"quantity": 1}}}' >"$2/app.json"
}

# from dokku tests/unit/app-json-3.bats "(app-json) persist scale"
@test "(app-json) persist scale" {
  skip "paas differs: an app.json formation seeds the first deploy only, as Heroku's (docs/dokku-differences.md, ps:scale)"
  run deploy_app persist_scale_callback_a
  assert_success
  run paas --quiet ps:scale "$TEST_APP"
  assert_success
  assert_output --partial "web:  1"
  assert_output --partial "worker: 1"
  refute_output --partial "cron: 0"
  run deploy_app persist_scale_callback_b
  assert_success
  run paas --quiet ps:scale "$TEST_APP"
  assert_success
  assert_output --partial "web:  1"
  refute_output --partial "worker: 1"
  refute_output --partial "worker: 0"
  assert_output --partial "cron: 1"
}

add_failing_dokku_predeploy() {
  printf '%s\n' '{"scripts": {"dokku": {"predeploy": "exit 1"}}}' >"$2/app.json"
}
add_failing_dokku_postdeploy() {
  printf '%s\n' '{"scripts": {"dokku": {"postdeploy": "exit 1"}}}' >"$2/app.json"
}
add_failing_postdeploy() {
  printf '%s\n' '{"scripts": {"postdeploy": "exit 1"}}' >"$2/app.json"
}
add_failing_release() {
  printf '%s\n' 'web: exec httpd -f -p $PORT -h /app' 'release: exit 1' >"$2/Procfile"
}

# from dokku tests/unit/app-json-4.bats "(app-json) app.json failing dokku.predeploy"
@test "(app-json) app.json failing dokku.predeploy" {
  run deploy_app add_failing_dokku_predeploy
  assert_output --partial "Execution of predeploy task failed"
  assert_failure
}

# from dokku tests/unit/app-json-4.bats "(app-json) app.json failing dokku.postdeploy"
@test "(app-json) app.json failing dokku.postdeploy" {
  skip "paas differs: the release is live when postdeploy runs, so its failure is reported (with the task's message) but the push succeeds and git's branch matches what runs (docs/dokku-differences.md, app-json)"
  run deploy_app add_failing_dokku_postdeploy
  assert_output --partial "Execution of postdeploy task failed"
  assert_failure
}

# from dokku tests/unit/app-json-4.bats "(app-json) app.json failing postdeploy"
@test "(app-json) app.json failing postdeploy" {
  skip "paas differs: the release is live when postdeploy runs, so its failure is reported (with the task's message) but the push succeeds and git's branch matches what runs (docs/dokku-differences.md, app-json)"
  run deploy_app add_failing_postdeploy
  assert_output --partial "Execution of heroku.postdeploy task failed"
  assert_failure
}

# from dokku tests/unit/app-json-4.bats "(app-json) app.json failing release"
@test "(app-json) app.json failing release" {
  run deploy_app add_failing_release
  assert_output --partial "Execution of release task failed"
  assert_failure
}

# from dokku tests/unit/app-json.bats "(app-json) app.json herokuish release" and "(app-json) app.json cnb release"
@test "(app-json) app.json herokuish release" {
  skip "paas builds buildpack apps itself (no herokuish or pack); the release task with the app's config is \"app.json dockerfile release\" above"
}

# from dokku tests/unit/app-json.bats "(app-json) tini test"
@test "(app-json) tini test" {
  skip "needs tootsuite/mastodon from Docker Hub (no network)"
}

