#!/usr/bin/env bats
# Dokku's git:from-archive tests (dokku/dokku tests/unit/git_5.bats and tests/unit/archive-security.bats),
# ported mechanically: `dokku` -> `paas`, TEST_APP -> arc-*. This host has no internet: the archives
# Dokku downloads from GitHub (smoke-test-app 2.0.0 as tar, tar.gz and zip) are built here from a tiny
# busybox Dockerfile app and served by a throwaway HTTP server on 127.0.0.1. Each deploy case gets a
# fresh app, as in Dokku. Installed system: run through /work/wt/e2e.sh.
load helpers/common

APP=arc-app
CANARY=/tmp/dokku-archive-security-canary.txt
SSH_OPTS=(-o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes)

key_file() { echo "$BATS_FILE_TMPDIR/id_$1"; }

as() { # KEY CMD...: run a paas command over ssh with that key
  local k=$1; shift
  ssh -i "$(key_file "$k")" "${SSH_OPTS[@]}" paas@127.0.0.1 "$@"
}

setup_file() {
  WWW="$BATS_FILE_TMPDIR/www"
  local src="$BATS_FILE_TMPDIR/src" app="$BATS_FILE_TMPDIR/src/smoke-test-app-2.0.0"
  mkdir -p "$WWW" "$app"
  cat >"$app/Dockerfile" <<'EOF'
FROM paas/busybox
COPY index.html /www/index.html
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /www"]
EOF
  echo "smoke-test-app 2.0.0" >"$app/index.html"
  # GitHub's release tar and archive tar.gz/zip: the app below one top-level folder
  tar -C "$src" -cf "$WWW/smoke-test-app.tar" smoke-test-app-2.0.0
  tar -C "$src" -czf "$WWW/2.0.0.tar.gz" smoke-test-app-2.0.0
  (cd "$src" && zip -qr "$WWW/2.0.0.zip" smoke-test-app-2.0.0)
  ARC_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  detach python3 -m http.server "$ARC_PORT" --bind 127.0.0.1 --directory "$WWW" &
  echo $! >"$BATS_FILE_TMPDIR/http.pid"
  ARC_URL="http://127.0.0.1:$ARC_PORT"
  wait_until 10 curl -fsS -o /dev/null "$ARC_URL/smoke-test-app.tar"
  export WWW ARC_URL
  for k in arc-user arc-ci; do
    ssh-keygen -q -t ed25519 -N '' -f "$(key_file "$k")" -C "$k@test"
    paas ssh-keys:remove "$k" >/dev/null 2>&1 || true
  done
  paas ssh-keys:add --role user arc-user "$(key_file arc-user).pub" >/dev/null
}

teardown_file() {
  [ -f "$BATS_FILE_TMPDIR/http.pid" ] && kill "$(cat "$BATS_FILE_TMPDIR/http.pid")" 2>/dev/null || true
  for k in arc-user arc-ci; do paas ssh-keys:remove "$k" >/dev/null 2>&1 || true; done
  rm -f "$CANARY"
}

setup() {
  destroy_app "$APP"
  paas apps:create "$APP" >/dev/null
  paas checks:set "$APP" wait 1 >/dev/null
  ARCHIVE_TMP_DIR="$BATS_TEST_TMPDIR/archive-security"
  mkdir -p "$ARCHIVE_TMP_DIR"
}

teardown() {
  rm -f "$CANARY"
  paas git:set --global archive-max-size "" >/dev/null 2>&1 || true
  paas git:set --global archive-max-files "" >/dev/null 2>&1 || true
  destroy_app "$APP"
}

assert_deployed() {
  run http_get "$APP"
  assert_success
  assert_output "smoke-test-app 2.0.0"
}

# --- from dokku tests/unit/git_5.bats ---

# from dokku tests/unit/git_5.bats "(git) git:from-archive [missing]"
@test "(git) git:from-archive [missing]" {
  run paas git:from-archive "$APP"
  assert_failure
  assert_output --partial "Please specify an archive url or -- to fetch the archive from stdin"
}

# from dokku tests/unit/git_5.bats "(git) git:from-archive [invalid archive type]"
@test "(git) git:from-archive [invalid archive type]" {
  run paas git:from-archive --archive-type tarball "$APP" http://example.com/src.tar
  assert_failure
  assert_output --partial "Invalid archive type specified, valid archive types include: tar, tar.gz, zip"
}

# from dokku tests/unit/git_5.bats "(git) git:from-archive [tar]"
@test "(git) git:from-archive [tar]" {
  run paas git:from-archive "$APP" "$ARC_URL/smoke-test-app.tar"
  echo "output: $output"
  assert_success
  assert_deployed
  # (paas) the archive is a commit on the deploy branch, by Dokku's default author
  run git -c safe.directory="*" -C "/var/lib/paas/repos/$APP.git" log -1 --format='%an <%ae> %s' main
  assert_output "Dokku <automated@dokku.sh> Initial commit"
}

# from dokku tests/unit/git_5.bats "(git) git:from-archive [tar.gz]"
@test "(git) git:from-archive [tar.gz]" {
  run paas git:from-archive --archive-type tar.gz "$APP" "$ARC_URL/2.0.0.tar.gz"
  echo "output: $output"
  assert_success
  assert_deployed
}

# from dokku tests/unit/git_5.bats "(git) git:from-archive [zip]"
# (paas) with Dokku's git username and email arguments
@test "(git) git:from-archive [zip]" {
  run paas git:from-archive --archive-type zip "$APP" "$ARC_URL/2.0.0.zip" "Camila" "camila@example.com"
  echo "output: $output"
  assert_success
  assert_deployed
  run git -c safe.directory="*" -C "/var/lib/paas/repos/$APP.git" log -1 --format='%an <%ae>' main
  assert_output "Camila <camila@example.com>"
  # the same archive again: no change, nothing deployed, exit 0
  run paas git:from-archive --archive-type zip "$APP" "$ARC_URL/2.0.0.zip"
  assert_success
  assert_output --partial "No changes detected, skipping git commit"
}

# from dokku tests/unit/git_5.bats "(git) git:from-archive [stdin-file]"
@test "(git) git:from-archive [stdin-file]" {
  run curl -sL "$ARC_URL/smoke-test-app.tar" -o "$BATS_TEST_TMPDIR/smoke-test-app.tar"
  assert_success
  run bash -c "cat $BATS_TEST_TMPDIR/smoke-test-app.tar | paas git:from-archive $APP  --"
  echo "output: $output"
  assert_success
  assert_deployed
}

# from dokku tests/unit/git_5.bats "(git) git:from-archive [stdin-curl]"
@test "(git) git:from-archive [stdin-curl]" {
  run bash -c "curl -sL $ARC_URL/smoke-test-app.tar | paas git:from-archive $APP  --"
  echo "output: $output"
  assert_success
  assert_deployed
}

# (paas) over ssh: a deploy key granted the app deploys an archive from stdin; a user key may not make
# the server fetch from loopback or the metadata address, nor change the global limits
@test "(git) git:from-archive over ssh: deploy key from stdin, user key refused non-public URLs" {
  run paas deploy:allow "$APP" arc-ci <"$(key_file arc-ci).pub"
  assert_success
  run bash -c "cat $WWW/2.0.0.tar.gz | ssh -i $(key_file arc-ci) ${SSH_OPTS[*]} paas@127.0.0.1 git:from-archive --archive-type tar.gz $APP --"
  echo "output: $output"
  assert_success
  assert_deployed
  run as arc-ci git:from-archive arc-other -- </dev/null
  assert_failure

  paas acl:add "$APP" arc-user >/dev/null
  sha=$(paas git:report "$APP" --git-sha)
  run as arc-user git:from-archive "$APP" "$ARC_URL/smoke-test-app.tar"
  assert_failure
  assert_output --partial "it resolves to 127.0.0.1, a loopback, private, link-local or otherwise non-public address"
  run as arc-user git:from-archive "$APP" http://169.254.169.254/latest/meta-data/
  assert_failure
  assert_output --partial "non-public address"
  run as arc-user git:from-archive "$APP" "http://localhost:${ARC_URL##*:}/smoke-test-app.tar"
  assert_failure
  assert_output --partial "non-public address"
  run paas git:report "$APP" --git-sha
  assert_output "$sha"
  run as arc-user git:set --global archive-max-size 1
  assert_failure 77
  run paas git:report --global --git-global-archive-max-size
  assert_output ""
}

# --- from dokku tests/unit/archive-security.bats (Dokku's python builders, unchanged) ---

create_absolute_symlink_tar() {
  local OUTPUT="$1" FORMAT="${2:-tar}"
  python3 - "$OUTPUT" "$FORMAT" <<'PY'
import io, sys, tarfile
output, fmt = sys.argv[1], sys.argv[2]
mode = "w:gz" if fmt == "tar.gz" else "w"
with tarfile.open(output, mode) as t:
    link = tarfile.TarInfo("pwn")
    link.type = tarfile.SYMTYPE
    link.linkname = "/tmp"
    t.addfile(link)
    payload = b"canary content\n"
    fi = tarfile.TarInfo("pwn/dokku-archive-security-canary.txt")
    fi.size = len(payload)
    t.addfile(fi, io.BytesIO(payload))
    readme = b"# dummy\n"
    ri = tarfile.TarInfo("README.md")
    ri.size = len(readme)
    t.addfile(ri, io.BytesIO(readme))
PY
}

create_relative_traversal_symlink_tar() {
  local OUTPUT="$1" FORMAT="${2:-tar}"
  python3 - "$OUTPUT" "$FORMAT" <<'PY'
import io, sys, tarfile
output, fmt = sys.argv[1], sys.argv[2]
mode = "w:gz" if fmt == "tar.gz" else "w"
with tarfile.open(output, mode) as t:
    link = tarfile.TarInfo("pwn")
    link.type = tarfile.SYMTYPE
    link.linkname = "../../../../tmp"
    t.addfile(link)
    payload = b"canary content\n"
    fi = tarfile.TarInfo("pwn/dokku-archive-security-canary.txt")
    fi.size = len(payload)
    t.addfile(fi, io.BytesIO(payload))
PY
}

create_absolute_path_tar() {
  local OUTPUT="$1" FORMAT="${2:-tar}"
  python3 - "$OUTPUT" "$FORMAT" <<'PY'
import io, sys, tarfile
output, fmt = sys.argv[1], sys.argv[2]
mode = "w:gz" if fmt == "tar.gz" else "w"
with tarfile.open(output, mode) as t:
    payload = b"absolute path payload\n"
    fi = tarfile.TarInfo("/tmp/dokku-archive-security-canary.txt")
    fi.size = len(payload)
    t.addfile(fi, io.BytesIO(payload))
PY
}

create_traversal_path_tar() {
  local OUTPUT="$1" FORMAT="${2:-tar}"
  python3 - "$OUTPUT" "$FORMAT" <<'PY'
import io, sys, tarfile
output, fmt = sys.argv[1], sys.argv[2]
mode = "w:gz" if fmt == "tar.gz" else "w"
with tarfile.open(output, mode) as t:
    payload = b"traversal payload\n"
    fi = tarfile.TarInfo("../../../tmp/dokku-archive-security-canary.txt")
    fi.size = len(payload)
    t.addfile(fi, io.BytesIO(payload))
PY
}

create_safe_multi_file_tar() {
  local OUTPUT="$1"
  python3 - "$OUTPUT" <<'PY'
import io, sys, tarfile
output = sys.argv[1]
with tarfile.open(output, "w") as t:
    for name in ("README.md", "Procfile", "app.py", "requirements.txt"):
        payload = (name + " contents\n").encode()
        ti = tarfile.TarInfo(name)
        ti.size = len(payload)
        t.addfile(ti, io.BytesIO(payload))
PY
}

create_evil_certs_tar() {
  local OUTPUT="$1"
  python3 - "$OUTPUT" <<'PY'
import io, sys, tarfile
output = sys.argv[1]
with tarfile.open(output, "w") as t:
    link = tarfile.TarInfo("pwn")
    link.type = tarfile.SYMTYPE
    link.linkname = "/tmp"
    t.addfile(link)
    payload = b"canary content\n"
    fi = tarfile.TarInfo("pwn/dokku-archive-security-canary.txt")
    fi.size = len(payload)
    t.addfile(fi, io.BytesIO(payload))
    crt = b"-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n"
    key = b"-----BEGIN PRIVATE KEY-----\nfake\n-----END PRIVATE KEY-----\n"
    tcrt = tarfile.TarInfo("server.crt")
    tcrt.size = len(crt)
    t.addfile(tcrt, io.BytesIO(crt))
    tkey = tarfile.TarInfo("server.key")
    tkey.size = len(key)
    t.addfile(tkey, io.BytesIO(key))
PY
}

# (paas) what a refused archive must leave: no canary, no commit, no temp dir
assert_nothing_changed() {
  [[ ! -f "$CANARY" ]]
  run paas git:report "$APP" --git-sha
  assert_output ""
  run bash -c "ls -d /tmp/paas-archive-* 2>/dev/null"
  assert_output ""
}

# from dokku tests/unit/archive-security.bats "(archive-security) git:from-archive rejects tar with absolute symlink target"
@test "(archive-security) git:from-archive rejects tar with absolute symlink target" {
  create_absolute_symlink_tar "$ARCHIVE_TMP_DIR/evil.tar" "tar"
  run bash -c "cat $ARCHIVE_TMP_DIR/evil.tar | paas git:from-archive $APP --"
  echo "output: $output"
  assert_failure
  assert_output --partial "absolute targets"
  assert_nothing_changed
}

# from dokku tests/unit/archive-security.bats "(archive-security) git:from-archive rejects tar.gz with absolute symlink target"
@test "(archive-security) git:from-archive rejects tar.gz with absolute symlink target" {
  create_absolute_symlink_tar "$ARCHIVE_TMP_DIR/evil.tar.gz" "tar.gz"
  run bash -c "cat $ARCHIVE_TMP_DIR/evil.tar.gz | paas git:from-archive --archive-type tar.gz $APP --"
  echo "output: $output"
  assert_failure
  assert_output --partial "absolute targets"
  assert_nothing_changed
}

# from dokku tests/unit/archive-security.bats "(archive-security) git:from-archive rejects tar with relative traversal symlink"
@test "(archive-security) git:from-archive rejects tar with relative traversal symlink" {
  create_relative_traversal_symlink_tar "$ARCHIVE_TMP_DIR/evil.tar" "tar"
  run bash -c "cat $ARCHIVE_TMP_DIR/evil.tar | paas git:from-archive $APP --"
  echo "output: $output"
  assert_failure
  assert_output --partial "symlinks pointing outside extraction directory"
  assert_nothing_changed
}

# from dokku tests/unit/archive-security.bats "(archive-security) git:from-archive rejects tar with absolute paths"
@test "(archive-security) git:from-archive rejects tar with absolute paths" {
  create_absolute_path_tar "$ARCHIVE_TMP_DIR/evil.tar" "tar"
  run bash -c "cat $ARCHIVE_TMP_DIR/evil.tar | paas git:from-archive $APP --"
  echo "output: $output"
  assert_failure
  assert_output --partial "absolute paths"
  assert_nothing_changed
}

# from dokku tests/unit/archive-security.bats "(archive-security) git:from-archive rejects tar with parent traversal"
@test "(archive-security) git:from-archive rejects tar with parent traversal" {
  create_traversal_path_tar "$ARCHIVE_TMP_DIR/evil.tar" "tar"
  run bash -c "cat $ARCHIVE_TMP_DIR/evil.tar | paas git:from-archive $APP --"
  echo "output: $output"
  assert_failure
  assert_output --partial "Archive contains entries with parent directory traversal"
  assert_nothing_changed
}

# from dokku tests/unit/archive-security.bats "(archive-security) certs:add rejects tar with absolute symlink target"
@test "(archive-security) certs:add rejects tar with absolute symlink target" {
  create_evil_certs_tar "$ARCHIVE_TMP_DIR/evil-certs.tar"
  run bash -c "cat $ARCHIVE_TMP_DIR/evil-certs.tar | paas certs:add $APP"
  echo "output: $output"
  assert_failure
  assert_output --partial "absolute targets"
  [[ ! -f "$CANARY" ]]
  run paas certs:report "$APP" --ssl-enabled
  assert_output "false"
}

# from dokku tests/unit/archive-security.bats "(archive-security) certs:add still works with legitimate tarball"
@test "(archive-security) certs:add still works with legitimate tarball" {
  run bash -c "paas certs:add $APP < $BATS_TEST_DIRNAME/fixtures/dokku/server_ssl.tar"
  echo "output: $output"
  assert_success
}

# from dokku tests/unit/archive-security.bats "(archive-security) git:from-archive enforces archive-max-size property"
@test "(archive-security) git:from-archive enforces archive-max-size property" {
  create_safe_multi_file_tar "$ARCHIVE_TMP_DIR/safe.tar"
  run paas git:set --global archive-max-size 1
  assert_success

  run bash -c "cat $ARCHIVE_TMP_DIR/safe.tar | paas git:from-archive $APP --"
  echo "output: $output"
  assert_failure
  assert_output --partial "Archive exceeds maximum allowed size of 1 bytes"

  # (paas) the limit also caps a download, and it is global only
  run paas git:from-archive "$APP" "$ARC_URL/smoke-test-app.tar"
  assert_failure
  assert_output --partial "Archive exceeds maximum allowed size of 1 bytes"
  run paas git:set "$APP" archive-max-size 5
  assert_failure
  assert_output --partial "archive-max-size is a global property"

  run paas git:set --global archive-max-size
  assert_success
}

# from dokku tests/unit/archive-security.bats "(archive-security) git:from-archive enforces archive-max-files property"
@test "(archive-security) git:from-archive enforces archive-max-files property" {
  create_safe_multi_file_tar "$ARCHIVE_TMP_DIR/safe.tar"
  run paas git:set --global archive-max-files 1
  assert_success

  run bash -c "cat $ARCHIVE_TMP_DIR/safe.tar | paas git:from-archive $APP --"
  echo "output: $output"
  assert_failure
  assert_output --partial "exceeds the maximum of 1"

  run paas git:set --global archive-max-files
  assert_success
}

# from dokku tests/unit/archive-security.bats "(archive-security) git:report exposes archive-max-size and archive-max-files"
@test "(archive-security) git:report exposes archive-max-size and archive-max-files" {
  run paas git:report --global --git-global-archive-max-size
  assert_success
  assert_output ""

  run paas git:report --global --git-computed-archive-max-size
  assert_success
  assert_output "1073741824"

  run paas git:report --global --git-global-archive-max-files
  assert_success
  assert_output ""

  run paas git:report --global --git-computed-archive-max-files
  assert_success
  assert_output "10000"

  run paas git:set --global archive-max-size 2147483648
  assert_success
  run paas git:report --global --git-global-archive-max-size
  assert_success
  assert_output "2147483648"

  run paas git:report --global --git-computed-archive-max-size
  assert_success
  assert_output "2147483648"

  run paas git:set --global archive-max-size
  assert_success
}
