#!/usr/bin/env bats
# Issue 4 on the real thing: failing checks under load, concurrent pushes, kill -9 at three points of a
# push, and a Docker engine + nginx restart followed by ps:restore.
load helpers/common

setup_file() {
  setup_push_key ts-key
  export GIT_SSH_COMMAND PUSH_KEY
}

teardown_file() {
  for app in ts-check ts-race ts-kill ts-boot1 ts-boot2; do destroy_app "$app"; done
  paas ssh-keys:remove ts-key >/dev/null 2>&1 || true
}

# A busybox httpd app whose page is PAGE; an optional CHECKS file.
busybox_app() { # DIR PAGE
  make_repo "$1" \
    'Dockerfile=FROM paas/busybox
COPY index.html /www/index.html
CMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]' \
    "index.html=$2"
}

live_deploy() { cat "/var/lib/paas/props/ps/$1/live-deploy"; }

# Containers of APP that do not belong to its live deploy (after retirement there must be none).
leftovers() { # APP
  local live; live=$(live_deploy "$1")
  docker ps -a --filter "label=paas.app=$1" --format '{{.Names}} {{.Label "paas.deploy"}}' | awk -v l="$live" '$2 != l'
}

# Kill every process of the push being served for our key (sshd runs it in its own session).
kill_push() {
  local pid sid
  pid=$(pgrep -f 'paas-ssh-command ts-key' | head -n1) || return 1
  sid=$(ps -o sid= -p "$pid" | tr -d ' ')
  pkill -9 -s "$sid"
}

@test "a deploy whose check fails is rejected with no failed request, and the old release keeps serving" {
  dir="$BATS_TEST_TMPDIR/check"
  busybox_app "$dir" 'good page'
  run push_app "$dir" ts-check
  assert_success
  paas ps:scale ts-check web=2 >/dev/null 2>&1
  paas checks:set ts-check attempts 2 >/dev/null
  paas checks:set ts-check wait 1 >/dev/null
  printf 'WAIT=1\nATTEMPTS=2\n/ expected-text-that-is-not-there\n' > "$dir/CHECKS"
  echo 'new page' > "$dir/index.html"
  commit_all "$dir" 'failing check'

  node "$REPO/bench/load.mjs" ts-check.paas.test 50 > "$BATS_TEST_TMPDIR/load.out" 3>&- &
  load=$!
  sleep 1
  run push_app "$dir" ts-check
  sleep 1
  kill -TERM "$load"; wait "$load" || true
  assert_failure
  assert_output --partial 'expected-text-that-is-not-there'
  run cat "$BATS_TEST_TMPDIR/load.out"
  assert_output --regexp '^sent [1-9][0-9]* failed 0 '
  run http_get ts-check
  assert_output 'good page'
}

@test "two pushes to one app at the same time both end, and the app serves what main points at" {
  a="$BATS_TEST_TMPDIR/race-a"; b="$BATS_TEST_TMPDIR/race-b"
  busybox_app "$a" 'page A'
  busybox_app "$b" 'page B'
  paas apps:create ts-race >/dev/null 2>&1
  push_app "$a" ts-race --force > "$BATS_TEST_TMPDIR/a.out" 3>&- &
  pa=$!
  push_app "$b" ts-race --force > "$BATS_TEST_TMPDIR/b.out" 3>&- &
  pb=$!
  wait "$pa"; ra=$?
  wait "$pb"; rb=$?
  cat "$BATS_TEST_TMPDIR/a.out" "$BATS_TEST_TMPDIR/b.out" | grep -E 'waiting|Timings|rejected' || true
  [ "$ra" -eq 0 ]
  [ "$rb" -eq 0 ]
  grep -q 'waiting for it to finish' "$BATS_TEST_TMPDIR/a.out" "$BATS_TEST_TMPDIR/b.out"
  head=$(git -c safe.directory='*' -C /var/lib/paas/repos/ts-race.git show main:index.html)
  run http_get ts-race
  assert_output "$head"
}

@test "a push that finds the app locked fails at once when asked not to wait" {
  dir="$BATS_TEST_TMPDIR/nowait"
  busybox_app "$dir" 'no wait'
  paas apps:create ts-race >/dev/null 2>&1 || true
  flock /var/lib/paas/locks/app-ts-race.lock sleep 20 3>&- &
  holder=$!
  sleep 0.5
  run git -C "$dir" push --force --receive-pack='git-receive-pack --no-wait' paas@127.0.0.1:ts-race main
  kill "$holder" 2>/dev/null || true
  assert_failure
  assert_output --partial 'locked'
}

@test "kill -9 during the build, after new containers start, and during the proxy switch: the next push cleans up" {
  dir="$BATS_TEST_TMPDIR/kill"
  busybox_app "$dir" 'kill v1'
  run push_app "$dir" ts-kill
  assert_success
  paas checks:set ts-kill wait-to-retire 1 >/dev/null
  # Step 2 needs new containers that exist for seconds before they are routed: the uptime window is
  # waited before routing when auto-rollback is off (with it on, routing follows the readiness check).
  paas checks:set ts-kill auto-rollback false >/dev/null
  paas checks:set ts-kill wait 5 >/dev/null

  # 1. during the build (a slow RUN step)
  printf 'FROM paas/busybox\nRUN sleep 20 && echo %s\nCOPY index.html /www/index.html\nCMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]\n' "$RANDOM$RANDOM" > "$dir/Dockerfile"  # a new step each run: never cached
  echo 'kill v2' > "$dir/index.html"; commit_all "$dir" slow
  push_app "$dir" ts-kill > "$BATS_TEST_TMPDIR/k1.out" 3>&- &
  # The push runs every step in one process (paas-push): its output says which step it is in.
  wait_until 30 grep -q 'Building ts-kill with' "$BATS_TEST_TMPDIR/k1.out"
  sleep 2
  kill_push
  wait || true
  run http_get ts-kill
  assert_output 'kill v1'

  # 2. after the new containers started (before they are checked and routed)
  git -C "$dir" checkout -q HEAD~1 -- Dockerfile
  echo 'kill v3' > "$dir/index.html"; commit_all "$dir" v3
  before=$(docker ps -aq --filter label=paas.app=ts-kill | wc -l)
  push_app "$dir" ts-kill > "$BATS_TEST_TMPDIR/k2.out" 3>&- &
  wait_until 60 sh -c "[ \$(docker ps -aq --filter label=paas.app=ts-kill | wc -l) -gt $before ]"
  kill_push
  wait || true
  run http_get ts-kill
  assert_output 'kill v1'

  # 3. during the proxy switch (the step lasts well under a second: try again if the window was missed)
  caught=0
  for try in 1 2 3; do
    echo "kill v4.$try" > "$dir/index.html"; commit_all "$dir" "v4.$try"
    push_app "$dir" ts-kill --force > "$BATS_TEST_TMPDIR/k3.out" 3>&- &
    for _ in $(seq 1 600); do grep -q 'Configuring nginx for ts-kill' "$BATS_TEST_TMPDIR/k3.out" && break; sleep 0.02; done
    if kill_push; then caught=1; wait || true; break; fi
    wait || true
  done
  [ "$caught" -eq 1 ]
  run http_get ts-kill
  assert_success

  # then a normal push works and, once retired, nothing is left over
  echo 'kill v5' > "$dir/index.html"; commit_all "$dir" v5
  run push_app "$dir" ts-kill --force
  assert_success
  run http_get ts-kill
  assert_output 'kill v5'
  wait_until 30 sh -c "[ -z \"\$(docker ps -a --filter label=paas.app=ts-kill --format '{{.Label \"paas.deploy\"}}' | grep -v \"\$(cat /var/lib/paas/props/ps/ts-kill/live-deploy)\")\" ]"
  run leftovers ts-kill
  assert_output ''
  # no lock is left behind: apps:locked (which also sees a running deploy) says there is none
  run paas apps:locked ts-kill
  assert_failure
  assert_output --partial 'Deploy lock does not exist'
}

@test "after the Docker engine and nginx restart, ps:restore brings every app back" {
  for app in ts-boot1 ts-boot2; do
    busybox_app "$BATS_TEST_TMPDIR/$app" "page $app"
    run push_app "$BATS_TEST_TMPDIR/$app" "$app"
    assert_success
  done
  pkill -x dockerd
  wait_until 30 sh -c '! pgrep -x dockerd'
  nginx -s stop || true
  detach setsid -f dockerd
  wait_until 60 docker info
  detach nginx
  run paas ps:restore
  assert_success
  for app in ts-boot1 ts-boot2; do
    wait_until 20 http_ok "$app"
    run http_get "$app"
    assert_output "page $app"
  done
}
