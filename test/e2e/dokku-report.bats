#!/usr/bin/env bats
# Dokku's own tests of `dokku report` and `dokku version` (dokku/dokku tests/unit/report.bats and
# version.bats), ported mechanically: `dokku` -> `paas`, TEST_APP -> dj-rep, `deploy_app` -> a push over
# ssh of a small Dockerfile app on the local paas/busybox image, the plugin list -> the namespaces paas
# has. `paas report` prints no herokuish version (docs/dokku-differences.md, cli), so those assertions
# are left out. "(report) report" uses the installed system (run the file through /work/wt/e2e.sh); the
# others a temp PAAS_ROOT.
load helpers/common

TEST_APP=dj-rep

NAMESPACES=(app-json apps builder builder-dockerfile buildpacks certs checks cron docker-options domains git
  network nginx ports proxy ps resource storage)

teardown() {
  destroy_app "$TEST_APP"
  destroy_app "$TEST_APP-2"
}

teardown_file() {
  paas ssh-keys:remove dj-rep-key >/dev/null 2>&1 || true
}

# from dokku tests/unit/version.bats "(version) version, -v, --version"
@test "(version) version, -v, --version" {
  use_temp_root
  run paas version
  assert_success
  run paas -v
  assert_success
  run paas --version
  assert_success
}

# from dokku tests/unit/report.bats "(report) report"
@test "(report) report" {
  setup_push_key dj-rep-key
  make_repo "$BATS_TEST_TMPDIR/app" \
    'Dockerfile=FROM paas/busybox
COPY . /app
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /app"]' \
    'index.html=dj report'
  paas apps:create "$TEST_APP" >/dev/null
  paas checks:set "$TEST_APP" wait 1 >/dev/null
  run git -C "$BATS_TEST_TMPDIR/app" push "paas@127.0.0.1:$TEST_APP" main
  assert_success

  run paas report
  assert_success
  run bash -c "paas report $TEST_APP 2>&1"
  refute_output --partial "Deployed:                         false"
  assert_success
  run paas report fake-app-name
  assert_failure
  run bash -c "paas report fake-app-name 2>&1"
  assert_output --partial "App fake-app-name does not exist"
  assert_failure
  run paas apps:create "$TEST_APP-2"
  assert_success
  run bash -c "paas report $TEST_APP-2 2>&1"
  assert_output --partial "Deployed:                         false"
  assert_success
  run paas --force apps:destroy "$TEST_APP-2"
  assert_success
}

# from dokku tests/unit/report.bats "(report) exit 0 when no apps exist"
@test "(report) exit 0 when no apps exist" {
  use_temp_root
  run paas report
  assert_success
  for ns in "${NAMESPACES[@]}"; do
    run bash -c "node $REPO/dist/bin/paas.js $ns:report 2>&1"
    assert_success
    assert_output --partial "You haven't deployed any applications yet"
  done
}

# from dokku tests/unit/report.bats "(report) storage report when apps exist"
@test "(report) storage report when apps exist" {
  use_temp_root
  run paas apps:create "$TEST_APP"
  assert_success
  run paas report "$TEST_APP"
  assert_success
  for ns in "${NAMESPACES[@]}"; do
    run bash -c "node $REPO/dist/bin/paas.js $ns:report 2>&1"
    assert_success
    run bash -c "node $REPO/dist/bin/paas.js $ns:report $TEST_APP 2>&1"
    assert_success
  done
}

# from dokku tests/unit/report.bats "(report) custom docker bin"
@test "(report) custom docker bin" {
  skip "DOKKU_DOCKER_BIN: paas talks to the engine's API (dockerode), not through a docker binary"
}
