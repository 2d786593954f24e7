#!/usr/bin/env bats
# Dokku's own tests of git:sync and the server's git credentials (dokku/dokku tests/unit/git_3.bats),
# ported: `dokku` -> `paas`, TEST_APP -> gs-app, /home/dokku/APP/refs/heads/B -> the app's repo under
# /var/lib/paas/repos, /home/dokku/.netrc -> /var/lib/paas/git/.netrc (owned by paas, 0600;
# its group is the state root's). This machine has no internet:
# Dokku's github.com/dokku/smoke-test-app is rebuilt here with the same shape (master, another-branch,
# tags 1.0.0, 2.0.0, 2.0.0-annotated; a busybox web app) and served over http from 127.0.0.1, where a
# /private/ copy asks for basic auth (the git:sync private case). Then paas's own cases: what a user key
# may not sync from. Installed system: run through /work/wt/e2e.sh.
load helpers/common

TEST_APP=gs-app
NETRC=/var/lib/paas/git/.netrc
KNOWN_HOSTS=/var/lib/paas/git/.ssh/known_hosts
SSH_OPTS=(-o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes)

# The app's branch head, as Dokku's tests read /home/dokku/APP/refs/heads/B.
head_of() { # BRANCH [APP]
  git -c safe.directory="*" --git-dir "/var/lib/paas/repos/${2:-$TEST_APP}.git" rev-parse --verify --quiet "refs/heads/$1" 2>/dev/null
}

setup_file() {
  local src="$BATS_FILE_TMPDIR/smoke" srv="$BATS_FILE_TMPDIR/srv"
  mkdir -p "$src" "$srv/private"
  git -C "$src" init -q -b master
  cat >"$src/Dockerfile" <<'EOF'
FROM paas/busybox
COPY index.html /www/index.html
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /www"]
EOF
  rev() { # VERSION: commit a new index.html, print the commit
    echo "smoke $1" >"$src/index.html"
    commit_all "$src" "$1" && git -C "$src" rev-parse HEAD
  }
  SHA_1_0_0=$(rev 1.0.0)
  git -C "$src" tag 1.0.0
  SHA_2_0_0=$(rev 2.0.0)
  git -C "$src" tag 2.0.0
  git -C "$src" -c user.name=test -c user.email=test@example.com tag -a -m annotated 2.0.0-annotated
  git -C "$src" branch another-branch
  SHA_MASTER=$(rev master)
  export SHA_1_0_0 SHA_2_0_0 SHA_MASTER
  export SHA_ANOTHER_BRANCH=$SHA_2_0_0 SHA_COMMIT=$SHA_2_0_0
  git clone -q --bare "$src" "$srv/smoke-test-app.git"
  git clone -q --bare "$src" "$srv/private/smoke-test-app-private.git"
  git -C "$srv/smoke-test-app.git" update-server-info
  git -C "$srv/private/smoke-test-app-private.git" update-server-info
  # A static file server (git's dumb http protocol); /private/ wants basic auth bot:s3cret.
  cat >"$BATS_FILE_TMPDIR/serve.mjs" <<'EOF'
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
const [root, port] = process.argv.slice(2);
const auth = 'Basic ' + Buffer.from('bot:s3cret').toString('base64');
http
  .createServer((req, res) => {
    const p = path.normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (p.startsWith('/private/') && req.headers.authorization !== auth) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' });
      return res.end();
    }
    fs.readFile(path.join(root, p), (err, data) => {
      res.writeHead(err ? 404 : 200);
      res.end(err ? undefined : data);
    });
  })
  .listen(Number(port), '127.0.0.1');
EOF
  export PORT=$((20000 + RANDOM % 20000))
  detach node "$BATS_FILE_TMPDIR/serve.mjs" "$srv" "$PORT" &
  export REMOTE="http://127.0.0.1:$PORT/smoke-test-app.git"
  export PRIVATE_REMOTE="http://127.0.0.1:$PORT/private/smoke-test-app-private.git"
  wait_until 10 git ls-remote "$REMOTE"
  [ -f "$NETRC" ] && cp -p "$NETRC" "$BATS_FILE_TMPDIR/netrc.bak"
  [ -f "$KNOWN_HOSTS" ] && cp -p "$KNOWN_HOSTS" "$BATS_FILE_TMPDIR/known_hosts.bak"
  true
}

teardown_file() {
  pkill -f "$BATS_FILE_TMPDIR/serve.mjs" || true
  rm -f "$NETRC" "$KNOWN_HOSTS"
  [ -f "$BATS_FILE_TMPDIR/netrc.bak" ] && cp -p "$BATS_FILE_TMPDIR/netrc.bak" "$NETRC"
  [ -f "$BATS_FILE_TMPDIR/known_hosts.bak" ] && cp -p "$BATS_FILE_TMPDIR/known_hosts.bak" "$KNOWN_HOSTS"
  for k in gs-alice; do paas ssh-keys:remove "$k" >/dev/null 2>&1 || true; done
  destroy_app gs-alice-app
  true
}

setup() {
  destroy_app "$TEST_APP"
  paas apps:create "$TEST_APP" >/dev/null
  paas checks:set "$TEST_APP" wait 1 >/dev/null
}

teardown() {
  rm -f /var/lib/paas/git/.ssh/id_ed25519 /var/lib/paas/git/.ssh/id_ed25519.pub
  destroy_app "$TEST_APP"
}

# from dokku tests/unit/git_3.bats "(git) git:allow-host"
# (github.com is out of reach here: the local sshd stands in; paas adds each host key once, where Dokku
# appends duplicates on every call)
@test "(git) git:allow-host" {
  run paas git:allow-host
  assert_failure
  start_lines=$( (cat "$KNOWN_HOSTS" 2>/dev/null || true) | wc -l)
  run paas git:allow-host 127.0.0.1
  assert_success
  assert_output --partial "127.0.0.1 added to known hosts"
  assert_file_exists "$KNOWN_HOSTS"
  run bash -c "wc -l <$KNOWN_HOSTS"
  [ "$output" -gt "$start_lines" ]
  lines=$output
  run paas git:allow-host 127.0.0.1
  assert_success
  run bash -c "wc -l <$KNOWN_HOSTS"
  assert_output "$lines"
  run stat -c '%a %U' "$KNOWN_HOSTS"
  assert_output "600 paas"
}

# from dokku tests/unit/git_3.bats "(git) git:auth"
@test "(git) git:auth" {
  run paas git:auth
  assert_failure
  run paas git:auth github.com
  assert_success
  assert_output --partial "Removing netrc auth entry for host github.com"
  run paas git:auth github.com username
  assert_failure
  assert_output --partial "Missing password for netrc auth entry"
  run paas git:auth github.com username password
  assert_success
  assert_output --partial "Setting netrc auth entry for host github.com"
  run bash -c "printf 'piped-password' | paas git:auth github.com piped-username"
  assert_success
  assert_output --partial "Setting netrc auth entry for host github.com"
  run grep -c "machine github.com login piped-username password piped-password" "$NETRC"
  assert_output "1"
  run stat -c '%a' "$NETRC"
  assert_output "600"
  run stat -c '%U' "$NETRC"
  assert_output "paas"
  paas git:auth github.com >/dev/null
}

# from dokku tests/unit/git_3.bats "(git) git:auth repairs world-readable .netrc"
@test "(git) git:auth repairs world-readable .netrc" {
  paas git:auth github.com username password >/dev/null
  chmod 644 "$NETRC"
  run paas git:auth github.com username password
  assert_success
  assert_output --partial "Setting netrc auth entry for host github.com"
  run stat -c '%a %U' "$NETRC"
  assert_output "600 paas"
  paas git:auth github.com >/dev/null
}

# from dokku tests/unit/git_3.bats "(git) git:auth unset preserves 0600 on remaining .netrc"
@test "(git) git:auth unset preserves 0600 on remaining .netrc" {
  paas git:auth github.com username password >/dev/null
  paas git:auth other.example.com user2 pass2 >/dev/null
  chmod 644 "$NETRC"
  run paas git:auth github.com
  assert_success
  assert_output --partial "Removing netrc auth entry for host github.com"
  run stat -c '%a' "$NETRC"
  assert_output "600"
  run grep -c "machine other.example.com login user2 password pass2" "$NETRC"
  assert_output "1"
  paas git:auth other.example.com >/dev/null
}

# from dokku tests/unit/git_3.bats "(git) git:auth-status"
@test "(git) git:auth-status" {
  run paas git:auth-status
  assert_failure
  run paas git:auth-status github.com
  assert_success
  paas git:auth github.com username password >/dev/null
  run paas git:auth-status github.com
  assert_failure
  run paas git:auth-status github.com username password
  assert_success
  run paas git:auth-status github.com username wrong-password
  assert_failure
  run paas git:auth-status github.com other-username password
  assert_failure
  run paas git:auth-status github.com username
  assert_failure
  assert_output --partial "Missing password for netrc auth entry"
  run bash -c "printf 'password' | paas git:auth-status github.com username"
  assert_success
  run bash -c "printf 'wrong-password' | paas git:auth-status github.com username"
  assert_failure
  paas git:auth github.com >/dev/null
}

sync_errors() {
  run paas git:sync
  assert_failure
  run paas git:sync "$TEST_APP-non-existent"
  assert_failure
  run paas apps:create "$TEST_APP-non-existent"
  assert_success
  run paas git:sync "$TEST_APP-non-existent"
  assert_failure
  assert_output --partial "Missing GIT_REMOTE parameter"
  run paas apps:destroy "$TEST_APP-non-existent" --force
  assert_success
}

# from dokku tests/unit/git_3.bats "(git) git:sync new [errors]"
@test "(git) git:sync new [errors]" {
  sync_errors
}

# from dokku tests/unit/git_3.bats "(git) git:sync new [--no-build noarg]"
@test "(git) git:sync new [--no-build noarg]" {
  run paas git:sync "$TEST_APP" "$REMOTE"
  assert_success
  run head_of master
  assert_output "$SHA_MASTER"
}

# from dokku tests/unit/git_3.bats "(git) git:sync new [--no-build branch]"
@test "(git) git:sync new [--no-build branch]" {
  run paas git:sync "$TEST_APP" "$REMOTE" another-branch
  assert_success
  run head_of another-branch
  assert_output "$SHA_ANOTHER_BRANCH"
}

# from dokku tests/unit/git_3.bats "(git) git:sync new [--no-build tag]"
@test "(git) git:sync new [--no-build tag]" {
  run paas git:sync "$TEST_APP" "$REMOTE" 1.0.0
  assert_success
  run head_of master
  assert_output "$SHA_1_0_0"
}

# from dokku tests/unit/git_3.bats "(git) git:sync new [--no-build commit]"
@test "(git) git:sync new [--no-build commit]" {
  run paas git:sync "$TEST_APP" "$REMOTE" "$SHA_COMMIT"
  assert_success
  run head_of master
  assert_output "$SHA_COMMIT"
}

# The --build cases of git_3.bats: deploy REF, then --build-if-changes with the same REF skips.
sync_build() { # REF BRANCH SHA
  run paas git:sync --build "$TEST_APP" "$REMOTE" ${1:+"$1"}
  assert_success
  assert_output --partial "Application deployed"
  run head_of "$2"
  assert_output "$3"
  run paas git:sync --build-if-changes "$TEST_APP" "$REMOTE" ${1:+"$1"}
  assert_success
  assert_output --partial "Skipping build as no changes were detected"
  run head_of "$2"
  assert_output "$3"
}

# from dokku tests/unit/git_3.bats "(git) git:sync new [--build noarg]"
@test "(git) git:sync new [--build noarg]" {
  run paas git:sync --build "$TEST_APP" "$REMOTE"
  assert_success
  assert_output --partial "Application deployed"
  run paas config:get "$TEST_APP" GIT_REV
  assert_output "$SHA_MASTER"
  run http_get "$TEST_APP"
  assert_output "smoke master"
  run head_of master
  assert_output "$SHA_MASTER"
  run paas git:sync --build-if-changes "$TEST_APP" "$REMOTE"
  assert_success
  assert_output --partial "Skipping build as no changes were detected"
}

# from dokku tests/unit/git_3.bats "(git) git:sync new [--build branch]"
@test "(git) git:sync new [--build branch]" {
  sync_build another-branch another-branch "$SHA_ANOTHER_BRANCH"
}

# from dokku tests/unit/git_3.bats "(git) git:sync new [--build tag]"
@test "(git) git:sync new [--build tag]" {
  sync_build 1.0.0 master "$SHA_1_0_0"
  run http_get "$TEST_APP"
  assert_output "smoke 1.0.0"
}

# from dokku tests/unit/git_3.bats "(git) git:sync new [--build commit]"
@test "(git) git:sync new [--build commit]" {
  sync_build "$SHA_COMMIT" master "$SHA_COMMIT"
}

# from dokku tests/unit/git_3.bats "(git) git:sync existing [errors]"
@test "(git) git:sync existing [errors]" {
  sync_errors
}

# Existing-app cases start from tag 1.0.0 (2.0.0 for the branch build), as Dokku's do.
sync_from() { # REF SHA
  run paas git:sync "$TEST_APP" "$REMOTE" "$1"
  assert_success
  run head_of master
  assert_output "$2"
}

# from dokku tests/unit/git_3.bats "(git) git:sync existing [--no-build noarg]"
@test "(git) git:sync existing [--no-build noarg]" {
  sync_from 1.0.0 "$SHA_1_0_0"
  run paas git:sync "$TEST_APP" "$REMOTE"
  assert_success
  assert_output --partial "Fetching remote code for"
  run head_of master
  assert_output "$SHA_MASTER"
}

# from dokku tests/unit/git_3.bats "(git) git:sync existing [--no-build branch]"
@test "(git) git:sync existing [--no-build branch]" {
  sync_from 1.0.0 "$SHA_1_0_0"
  run paas git:sync "$TEST_APP" "$REMOTE" another-branch
  assert_success
  run head_of another-branch
  assert_output "$SHA_ANOTHER_BRANCH"
}

# from dokku tests/unit/git_3.bats "(git) git:sync existing [--no-build tag]"
@test "(git) git:sync existing [--no-build tag]" {
  sync_from 1.0.0 "$SHA_1_0_0"
  sync_from 2.0.0 "$SHA_2_0_0"
}

# from dokku tests/unit/git_3.bats "(git) git:sync existing [--no-build annotated-tag]"
@test "(git) git:sync existing [--no-build annotated-tag]" {
  sync_from 1.0.0 "$SHA_1_0_0"
  sync_from 2.0.0-annotated "$SHA_2_0_0"
}

# from dokku tests/unit/git_3.bats "(git) git:sync existing [--no-build commit]"
@test "(git) git:sync existing [--no-build commit]" {
  sync_from 1.0.0 "$SHA_1_0_0"
  sync_from "$SHA_COMMIT" "$SHA_COMMIT"
}

# from dokku tests/unit/git_3.bats "(git) git:sync existing [--build noarg]"
@test "(git) git:sync existing [--build noarg]" {
  sync_from 1.0.0 "$SHA_1_0_0"
  sync_build "" master "$SHA_MASTER"
}

# from dokku tests/unit/git_3.bats "(git) git:sync existing [--build branch]"
@test "(git) git:sync existing [--build branch]" {
  sync_from 2.0.0 "$SHA_2_0_0"
  sync_build another-branch master "$SHA_ANOTHER_BRANCH"
}

# from dokku tests/unit/git_3.bats "(git) git:sync existing [--build tag]"
@test "(git) git:sync existing [--build tag]" {
  sync_from 1.0.0 "$SHA_1_0_0"
  sync_build 2.0.0 master "$SHA_2_0_0"
  run http_get "$TEST_APP"
  assert_output "smoke 2.0.0"
}

# from dokku tests/unit/git_3.bats "(git) git:sync existing [--build commit]"
@test "(git) git:sync existing [--build commit]" {
  sync_from 1.0.0 "$SHA_1_0_0"
  sync_build "$SHA_COMMIT" master "$SHA_COMMIT"
}

# from dokku tests/unit/git_3.bats "(git) git:sync private" (a local server asking for basic auth
# stands in for GitHub, so the case runs without credentials in the environment)
@test "(git) git:sync private" {
  run paas git:sync "$TEST_APP" "$PRIVATE_REMOTE"
  assert_failure
  assert_output --partial "could not read Username for"
  run head_of master
  assert_output ""
  run paas git:auth 127.0.0.1 bot s3cret
  assert_success
  run paas git:sync "$TEST_APP" "$PRIVATE_REMOTE"
  assert_success
  run paas git:sync --build-if-changes "$TEST_APP" "$PRIVATE_REMOTE"
  assert_success
  assert_output --partial "Skipping build as no changes were detected"
  paas git:auth 127.0.0.1 >/dev/null
}

# from dokku tests/unit/git_3.bats "(git) git:public-key" (the key is made with
# git:generate-deploy-key instead of copying the test's own key into the paas user's home)
@test "(git) git:public-key" {
  run paas git:public-key
  assert_failure
  assert_output --partial "There is no deploy key associated with the paas user."
  run paas git:generate-deploy-key
  assert_success
  assert_output --partial "ssh-ed25519 "
  run paas git:public-key
  assert_success
  assert_output --partial "ssh-ed25519 "
  run stat -c '%a %U' /var/lib/paas/git/.ssh/id_ed25519
  assert_output "600 paas"
  run paas git:generate-deploy-key
  assert_success
  assert_output --partial "A deploy key already exists for this host"
}

# from dokku tests/unit/git_3.bats "(git:sync) --skip-deploy-branch"
@test "(git:sync) --skip-deploy-branch" {
  run paas git:report "$TEST_APP" --git-computed-deploy-branch
  assert_output "master"
  run paas git:sync "$TEST_APP" "$REMOTE" another-branch
  assert_success
  assert_output --partial "Detected branch, setting deploy-branch to another-branch"
  run paas git:report "$TEST_APP" --git-deploy-branch
  assert_output "another-branch"
  destroy_app "$TEST_APP"
  paas apps:create "$TEST_APP" >/dev/null
  run paas git:report "$TEST_APP" --git-computed-deploy-branch
  assert_output "master"
  run paas git:sync --skip-deploy-branch "$TEST_APP" "$REMOTE" another-branch
  assert_success
  assert_output --partial "skipping deploy-branch setting"
  run paas git:report "$TEST_APP" --git-computed-deploy-branch
  assert_output "master"
}

# from dokku tests/unit/git_3.bats "(git:sync) --build --skip-deploy-branch"
@test "(git:sync) --build --skip-deploy-branch" {
  run paas git:sync --build --skip-deploy-branch "$TEST_APP" "$REMOTE" another-branch
  assert_success
  assert_output --partial "skipping deploy-branch setting"
  assert_output --partial "Application deployed"
  run paas git:report "$TEST_APP" --git-computed-deploy-branch
  assert_output "master"
}

# from dokku tests/unit/git_3.bats "(git:sync) --build-if-changes --skip-deploy-branch"
@test "(git:sync) --build-if-changes --skip-deploy-branch" {
  run paas git:sync --build-if-changes --skip-deploy-branch "$TEST_APP" "$REMOTE" another-branch
  assert_success
  assert_output --partial "skipping deploy-branch setting"
  assert_output --partial "Application deployed"
  run paas git:report "$TEST_APP" --git-computed-deploy-branch
  assert_output "master"
  run paas git:sync --build-if-changes --skip-deploy-branch "$TEST_APP" "$REMOTE" another-branch
  assert_success
  assert_output --partial "Skipping build as no changes were detected"
}

# paas: a user key syncs its own app from public http(s) only, never with the server's credentials.
@test "(git:sync) a user key may not make the server fetch from inside or from the host" {
  key="$BATS_FILE_TMPDIR/id_gs-alice"
  [ -f "$key" ] || ssh-keygen -q -t ed25519 -N '' -f "$key" -C gs-alice@test
  paas ssh-keys:remove gs-alice >/dev/null 2>&1 || true
  paas ssh-keys:add --role user gs-alice "$key.pub" >/dev/null
  as_alice() { ssh -i "$key" "${SSH_OPTS[@]}" paas@127.0.0.1 "$@"; }
  destroy_app gs-alice-app
  run as_alice apps:create gs-alice-app
  assert_success
  for url in "$REMOTE" "http://169.254.169.254/latest/meta-data/" "http://localhost:$((PORT))/x.git" \
    "/var/lib/paas/repos/$TEST_APP.git" "file:///var/lib/paas/repos/$TEST_APP.git" "ext::id"; do
    run as_alice git:sync gs-alice-app "$url"
    assert_failure
    assert_output --regexp "not a public address|only sync from an http\(s\) URL|Invalid git remote"
  done
  run head_of master gs-alice-app
  assert_output ""
  run as_alice git:auth github.com u p
  assert_failure 77
  run as_alice git:public-key
  assert_failure 77
  # the same sync by an admin works
  run paas git:sync gs-alice-app "$REMOTE"
  assert_success
}
