#!/usr/bin/env bats
# ssh keys, the forced ssh command and the git receiver, on the installed system (real sshd, real git).
load helpers/common

SSH_OPTS=(-o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes)

setup() {
  setup_push_key tb-key
  REPO_DIR="$BATS_TEST_TMPDIR/app"
}

teardown() {
  for app in tb-branch tb-noauto tb-lock tb-wait tb-depl; do
    [ -e "/var/lib/paas/apps/$app" ] && destroy_app "$app"
  done
  rm -f /var/lib/paas/props/apps/__global__/disable-autocreation
  for k in tb-k2 tb-k3 tb-bad; do
    [ -e "/var/lib/paas/ssh-keys/$k.pub" ] && paas ssh-keys:remove "$k" >/dev/null 2>&1
  done
  true
}

teardown_file() {
  paas ssh-keys:remove tb-key >/dev/null 2>&1 || true
}

as_key() { # ssh as the push key: as_key CMD...
  ssh -i "$PUSH_KEY" "${SSH_OPTS[@]}" paas@127.0.0.1 "$@"
}

authorized_lines() { grep -v '^#' /home/paas/.ssh/authorized_keys || true; }

@test "ssh-keys:add from a file and stdin, list (text and json), remove" {
  ssh-keygen -q -t ed25519 -N '' -f "$BATS_TEST_TMPDIR/k2" -C k2@test
  ssh-keygen -q -t rsa -b 2048 -N '' -f "$BATS_TEST_TMPDIR/k3" -C k3@test
  fp2=$(ssh-keygen -lf "$BATS_TEST_TMPDIR/k2.pub" | cut -d' ' -f2)
  run paas ssh-keys:add tb-k2 "$BATS_TEST_TMPDIR/k2.pub"
  assert_success
  assert_output "$fp2"
  run paas ssh-keys:add tb-k3 < "$BATS_TEST_TMPDIR/k3.pub"
  assert_success
  run paas ssh-keys:list
  assert_success
  assert_line "$fp2 NAME=\"tb-k2\" SSHCOMMAND_ALLOWED_KEYS=\"restrict,pty\" ROLE=\"admin\""
  assert_line --partial 'NAME="tb-k3"'
  run paas ssh-keys:list tb-k2 --format json
  assert_success
  assert_output "[{\"name\":\"tb-k2\",\"fingerprint\":\"$fp2\",\"SSHCOMMAND_ALLOWED_KEYS\":\"restrict,pty\",\"role\":\"admin\"}]"
  run authorized_lines
  assert_line "command=\"/usr/local/bin/paas-ssh-command tb-k2\",restrict,pty $(cut -d' ' -f1-3 "$BATS_TEST_TMPDIR/k2.pub")"
  assert_equal "$(stat -c %a:%U /home/paas/.ssh/authorized_keys)" "600:paas"

  run paas ssh-keys:remove tb-k2
  assert_success
  run paas ssh-keys:remove --fingerprint "$(ssh-keygen -lf "$BATS_TEST_TMPDIR/k3.pub" | cut -d' ' -f2)"
  assert_success
  run paas ssh-keys:list
  refute_output --partial tb-k2
  refute_output --partial tb-k3
  run grep -c 'tb-k[23]' /home/paas/.ssh/authorized_keys
  assert_output 0
  # The removed key can no longer log in.
  run ssh -i "$BATS_TEST_TMPDIR/k2" "${SSH_OPTS[@]}" paas@127.0.0.1 version
  assert_failure
  refute_output --partial 'paas '
}

@test "bad keys and names are refused and nothing is stored" {
  ssh-keygen -q -t ed25519 -N '' -f "$BATS_TEST_TMPDIR/bad" -C bad@test
  bad_blob=$(cut -d' ' -f2 "$BATS_TEST_TMPDIR/bad.pub")
  run paas ssh-keys:add tb-bad "$BATS_TEST_TMPDIR/bad"
  assert_failure
  assert_output --partial 'private key'
  run paas ssh-keys:add tb-bad <<< 'command="/bin/sh" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO0 x'
  assert_failure
  assert_output --partial 'Invalid public key'
  run paas ssh-keys:add tb-bad <<< 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO0'
  assert_failure
  assert_output --partial 'Invalid public key'
  run paas ssh-keys:add tb-bad <<< "$(cat "$BATS_TEST_TMPDIR/bad.pub" "$PUSH_KEY.pub")"
  assert_failure
  assert_output --partial 'one public key at a time'
  run paas ssh-keys:add 'tb bad;id' "$BATS_TEST_TMPDIR/bad.pub"
  assert_failure
  assert_output --partial 'Invalid key name'
  run paas ssh-keys:add tb-bad "$BATS_TEST_TMPDIR/nope.pub"
  assert_failure
  assert_output --partial 'Cannot read key file'
  # The same key under a second name, and a second key under a used name.
  run paas ssh-keys:add tb-bad "$PUSH_KEY.pub"
  assert_failure
  assert_output --partial 'already added as tb-key'
  run paas ssh-keys:add tb-key "$BATS_TEST_TMPDIR/bad.pub"
  assert_failure
  assert_output --partial 'already exists'
  # Other helpers add keys at the same time, so check for traces of ours rather than the whole list.
  assert [ ! -e /var/lib/paas/ssh-keys/tb-bad.pub ]
  run grep -c -e 'tb-bad' -e "$bad_blob" -e 'tb bad' /home/paas/.ssh/authorized_keys
  assert_output 0
  run grep -c 'paas-ssh-command tb-key"' /home/paas/.ssh/authorized_keys
  assert_output 1
  run ls /var/lib/paas/ssh-keys
  refute_output --partial 'tb bad'
}

@test "a key runs paas commands but gets no shell, no arbitrary program and no port forwarding" {
  run as_key version
  assert_success
  assert_output --regexp '^paas [0-9]'
  run as_key apps:list
  assert_success
  assert_line '=====> My Apps'
  # Quoting is honoured word by word, and nothing is handed to a shell.
  run as_key "/bin/sh -c id"
  assert_failure 64
  refute_output --partial 'uid='
  run as_key 'version; id'
  assert_failure
  refute_output --partial 'uid='
  run as_key '$(id)'
  assert_failure
  refute_output --partial 'uid='
  # No command: help, never a shell (even when a terminal is asked for).
  run as_key
  assert_success
  assert_output --partial 'Usage: paas'
  run bash -c "echo id | ssh -tt -i '$PUSH_KEY' ${SSH_OPTS[*]} paas@127.0.0.1"
  refute_output --partial 'uid='
  # Forwarding requests are refused by sshd (restrict).
  run timeout 20 ssh -i "$PUSH_KEY" "${SSH_OPTS[@]}" -o ExitOnForwardFailure=yes -N -R 127.0.0.1:28117:127.0.0.1:22 paas@127.0.0.1
  assert_failure
  assert_output --partial 'forwarding failed'
  ssh -i "$PUSH_KEY" "${SSH_OPTS[@]}" -N -L 127.0.0.1:28118:127.0.0.1:22 paas@127.0.0.1 &
  fwd=$!
  sleep 2
  run timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/28118 && head -c 7 <&3'
  kill "$fwd" 2>/dev/null || true
  refute_output --partial 'SSH-2.0'
}

@test "a push to a new app creates it; a push to another branch gives the hint and deploys nothing" {
  make_repo "$REPO_DIR" 'index.html=hello'
  run git -C "$REPO_DIR" push paas@127.0.0.1:tb-branch main:feature
  assert_success
  assert_output --partial 'Creating app tb-branch'
  assert_output --partial 'Pushed branch feature is not the deploy branch main; push with git push paas feature:main or run paas git:set tb-branch deploy-branch feature'
  run paas apps:exists tb-branch
  assert_success
  assert [ -L /var/lib/paas/repos/tb-branch.git/hooks/pre-receive ]
  assert [ ! -e /var/lib/paas/builds/tb-branch/src ]
  run paas git:report tb-branch --git-sha
  assert_output ''
  # The repo path forms git clients send are all accepted.
  run git -C "$REPO_DIR" push "paas@127.0.0.1:/tb-branch.git" main:other
  assert_success
  assert_output --partial 'Pushed branch other is not the deploy branch'
}

@test "with a deploy branch set, that branch is the one that deploys" {
  make_repo "$REPO_DIR" 'index.html=hello'
  paas apps:create tb-depl >/dev/null
  paas git:set tb-depl deploy-branch prod >/dev/null
  run git -C "$REPO_DIR" push paas@127.0.0.1:tb-depl main
  assert_success
  assert_output --partial 'Pushed branch main is not the deploy branch prod; push with git push paas main:prod'
  run paas git:report tb-depl --format json
  assert_output --partial '"git-deploy-branch":"prod"'
}

@test "with autocreation disabled, a push to an unknown app is refused and creates nothing" {
  paas apps:set --global disable-autocreation true >/dev/null
  make_repo "$REPO_DIR" 'index.html=hello'
  run git -C "$REPO_DIR" push paas@127.0.0.1:tb-noauto main
  assert_failure
  assert_output --partial 'App tb-noauto does not exist and app autocreation is disabled'
  assert [ ! -e /var/lib/paas/apps/tb-noauto ]
  assert [ ! -e /var/lib/paas/repos/tb-noauto.git ]
}

@test "a deploy-locked app refuses pushes to its deploy branch" {
  make_repo "$REPO_DIR" 'index.html=hello'
  paas apps:create tb-lock >/dev/null
  paas apps:lock tb-lock >/dev/null
  run git -C "$REPO_DIR" push paas@127.0.0.1:tb-lock main
  assert_failure
  assert_output --partial 'App tb-lock is locked for deploys; run paas apps:unlock tb-lock'
  assert_output --partial 'pre-receive hook declined'
  assert [ ! -e /var/lib/paas/builds/tb-lock/src ]
}

@test "--no-wait fails fast with exit 75 while another deploy holds the app lock" {
  make_repo "$REPO_DIR" 'index.html=hello'
  paas apps:create tb-wait >/dev/null
  lockfile=/var/lib/paas/locks/app-tb-wait.lock
  touch "$lockfile"
  chown paas:paas "$lockfile"
  flock -o "$lockfile" sleep 30 &
  holder=$!
  sleep 0.5
  run timeout 20 git -C "$REPO_DIR" push --receive-pack='git-receive-pack --no-wait' paas@127.0.0.1:tb-wait main
  run_status=$status
  kill "$holder" 2>/dev/null || true
  wait "$holder" 2>/dev/null || true
  [ "$run_status" -ne 0 ]
  assert_output --partial 'App tb-wait is locked by another process'
  run as_key git-receive-pack --no-wait "'tb-wait'" </dev/null
  # Lock released now: the same command gets as far as git's own protocol.
  refute_output --partial 'locked by another process'
  # Exit code 75 straight from paas-ssh-command.
  flock -o "$lockfile" sleep 30 &
  holder=$!
  sleep 0.5
  run as_key git-receive-pack --no-wait "'tb-wait'" </dev/null
  kill "$holder" 2>/dev/null || true
  assert_failure 75
}

@test "fetches and clones are refused; bad app names are refused" {
  run git clone -q paas@127.0.0.1:tb-branch "$BATS_TEST_TMPDIR/clone"
  assert_failure
  assert_output --partial 'Fetching or cloning from paas is not supported'
  make_repo "$REPO_DIR" 'index.html=hello'
  run git -C "$REPO_DIR" push 'paas@127.0.0.1:Bad_App' main
  assert_failure
  assert_output --partial 'App name "Bad_App" is invalid'
  run git -C "$REPO_DIR" push 'paas@127.0.0.1:../../etc' main
  assert_failure
  assert_output --partial 'is invalid'
}

@test "pre-receive hands the ref updates to paas-push; a push that deploys nothing is accepted, a failure rejects it" {
  # The order of the steps and stopping at the first failure: test/unit/lifecycle/push.test.ts.
  fake="$BATS_TEST_TMPDIR/fakebin"
  mkdir -p "$fake" "$BATS_TEST_TMPDIR/tb-hook.git"
  log="$BATS_TEST_TMPDIR/steps.log"
  printf '#!/bin/sh\necho "push $* $(cat | tr "\\n" "|")" >> "%s"\nexit ${FAIL_PUSH:-0}\n' "$log" > "$fake/paas-push"
  chmod +x "$fake/paas-push"
  line="$(printf '%040d' 0) $(printf '%040d' 1) refs/heads/main"
  cd "$BATS_TEST_TMPDIR/tb-hook.git"

  run env PATH="$fake:$PATH" "$REPO/hooks/pre-receive" <<< "$line"
  assert_success
  run cat "$log"
  assert_output "push tb-hook $line|"

  run env PATH="$fake:$PATH" FAIL_PUSH=3 "$REPO/hooks/pre-receive" <<< "$line"
  assert_success
  run env PATH="$fake:$PATH" FAIL_PUSH=1 "$REPO/hooks/pre-receive" <<< "$line"
  assert_failure 1
}
