#!/usr/bin/env bats
# Dokku's own git tests that push (dokku/dokku tests/unit/git_1.bats, git_2.bats), ported mechanically:
# `dokku` -> `paas`, `deploy_app` -> a push over ssh of a small Dockerfile app on the local paas/busybox
# image (no herokuish, no Docker Hub), TEST_APP -> dk-gp. Installed system: run through /work/wt/e2e.sh.
load helpers/common

TEST_APP=dk-gp

setup() {
  setup_push_key dk-gp-key
  REPO_DIR="$BATS_TEST_TMPDIR/app"
  make_repo "$REPO_DIR" \
    'Dockerfile=FROM paas/busybox
COPY . /app
WORKDIR /app
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /app"]' \
    'index.html=dk git push'
  paas apps:create "$TEST_APP" >/dev/null 2>&1
  paas checks:set "$TEST_APP" wait 1 >/dev/null 2>&1 || true
}

teardown() {
  paas git:set --global deploy-branch >/dev/null 2>&1 || true
  destroy_app "$TEST_APP"
}

teardown_file() {
  paas ssh-keys:remove dk-gp-key >/dev/null 2>&1 || true
}

deploy_app() { # [REMOTE_BRANCH]
  git -C "$REPO_DIR" push "paas@127.0.0.1:$TEST_APP" "main:${1:-main}" 2>&1
}

# from dokku tests/unit/git_1.bats "(git) ensure GIT_REV env var is set"
@test "(git) ensure GIT_REV env var is set" {
  run deploy_app
  assert_success
  run paas config:get "$TEST_APP" GIT_REV
  assert_output "$(git -C "$REPO_DIR" rev-parse HEAD)"
}

# from dokku tests/unit/git_1.bats "(git) disable GIT_REV"
@test "(git) disable GIT_REV" {
  run paas git:set "$TEST_APP" rev-env-var
  assert_success
  run deploy_app
  assert_success
  run paas config:get "$TEST_APP" GIT_REV
  assert_output ""
}

# from dokku tests/unit/git_1.bats "(git) customize the GIT_REV environment variable"
@test "(git) customize the GIT_REV environment variable" {
  run paas git:set "$TEST_APP" rev-env-var GIT_REV_ALT
  assert_success
  run deploy_app
  assert_success
  run paas config:get "$TEST_APP" GIT_REV_ALT
  assert_output "$(git -C "$REPO_DIR" rev-parse HEAD)"
}

# from dokku tests/unit/git_1.bats "(git) keep-git-dir"
# (busybox has no git: the .git directory's contents are checked, not `git status`)
@test "(git) keep-git-dir" {
  run paas git:set "$TEST_APP" keep-git-dir true
  assert_success
  run deploy_app
  assert_success
  run paas enter "$TEST_APP" web ls .git
  assert_success
  assert_output --partial "HEAD"
  assert_output --partial "objects"
  assert_output --partial "refs"
  run paas enter "$TEST_APP" web test -d .git
  assert_success
}

# from dokku tests/unit/git_2.bats "(git) git:initialize via deploy"
# (paas keeps the bare repository in repos/APP.git and makes it at the first push, or with git:initialize,
# where Dokku's apps:create makes it: docs/dokku-differences.md, git)
@test "(git) git:initialize via deploy" {
  assert_dir_not_exists "/var/lib/paas/repos/$TEST_APP.git"
  run deploy_app
  assert_success
  assert_dir_exists "/var/lib/paas/repos/$TEST_APP.git/refs"
  run paas git:report "$TEST_APP" --git-sha
  assert_output "$(git -C "$REPO_DIR" rev-parse HEAD)"
}

# from dokku tests/unit/git_2.bats "(git) push to non-deploy branch"
# (the error text differs; the failure is what scripts see)
@test "(git) push to non-deploy branch" {
  run paas git:set "$TEST_APP" deploy-branch custom-branch
  assert_success
  run deploy_app custom-branch
  assert_success
  run paas git:set "$TEST_APP" deploy-branch non-existing-branch
  assert_success
  run paas ps:rebuild "$TEST_APP"
  assert_failure
}

# from dokku tests/unit/git_2.bats "(git) deploy specific branch"
@test "(git) deploy specific branch" {
  run paas git:set --global deploy-branch global-branch
  assert_success
  run deploy_app global-branch
  assert_success
  run paas ps:rebuild "$TEST_APP"
  assert_success
  run paas git:report "$TEST_APP" --git-computed-deploy-branch
  assert_output "global-branch"
  # Dokku says "deploy did not complete"; paas names the deploy branch.
  run deploy_app
  assert_success
  assert_output --partial "is not the deploy branch global-branch"
  run paas git:set "$TEST_APP" deploy-branch app-branch
  assert_success
  run deploy_app app-branch
  assert_success
  run paas ps:rebuild "$TEST_APP"
  assert_success
}
