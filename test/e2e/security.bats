#!/usr/bin/env bats
# Who may do what over real ssh: admin, user and deploy keys against their own app, another user's app
# and global commands. Every allowed cell works; every refused cell exits 77 (git: is rejected) and
# changes nothing. Apps, keys and the network are named ro-*.
load helpers/common

SSH_OPTS=(-o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes)

key_file() { echo "$BATS_FILE_TMPDIR/id_$1"; }

add_key() { # NAME ROLE
  local f
  f=$(key_file "$1")
  [ -f "$f" ] || ssh-keygen -q -t ed25519 -N '' -f "$f" -C "$1@test"
  paas ssh-keys:remove "$1" >/dev/null 2>&1 || true
  paas ssh-keys:add --role "$2" "$1" "$f.pub" >/dev/null
}

as() { # KEY CMD...: run a command over ssh with that key
  local k=$1; shift
  ssh -i "$(key_file "$k")" "${SSH_OPTS[@]}" paas@127.0.0.1 "$@"
}

push_as() { # KEY APP [REFSPEC]: push a non-deploy branch (creates the app, builds nothing)
  GIT_SSH_COMMAND="ssh -i $(key_file "$1") ${SSH_OPTS[*]}" git -C "$REPO_DIR" push "paas@127.0.0.1:$2" "${3:-main:feature}"
}

RO_APPS=(ro-alice-app ro-bob-app ro-alice-new ro-ci-new)
RO_KEYS=(ro-admin ro-alice ro-bob ro-ci ro-x ro-y)

setup_file() {
  # The matrix starts from nothing: leftovers of an interrupted run would make its cells lie.
  for app in "${RO_APPS[@]}"; do destroy_app "$app"; done
  for k in "${RO_KEYS[@]}"; do paas ssh-keys:remove "$k" >/dev/null 2>&1 || true; done
  add_key ro-admin admin
  add_key ro-alice user
  add_key ro-bob user
  # The deploy key is made by deploy:allow below (it reads the public key on stdin).
  ssh-keygen -q -t ed25519 -N '' -f "$(key_file ro-ci)" -C ro-ci@test
}

setup() {
  REPO_DIR="$BATS_TEST_TMPDIR/app"
  make_repo "$REPO_DIR" 'index.html=hello'
}

teardown_file() {
  for app in "${RO_APPS[@]}"; do destroy_app "$app"; done
  for k in "${RO_KEYS[@]}"; do paas ssh-keys:remove "$k" >/dev/null 2>&1 || true; done
  docker network rm ro-net >/dev/null 2>&1 || true
  paas config:unset --global --no-restart RO_GLOBAL >/dev/null 2>&1 || true
  true
}

# The state a refused command must leave alone.
snapshot() {
  {
    paas config:export ro-bob-app --format json
    paas config:export ro-alice-app --format json
    paas config:get --global RO_GLOBAL || true
    paas acl:list ro-alice-app
    paas acl:list ro-bob-app
    paas deploy:list ro-alice-app
    paas ssh-keys:list | sed 's/ .*NAME=/ /'
    docker network ls --format '{{.Name}}' | grep '^ro-' || true
    ls /var/lib/paas/apps | grep '^ro-' || true
  } 2>&1
}

@test "user keys own the apps they create, by apps:create or by a first push; deploy:allow makes a deploy key" {
  run as ro-alice apps:create ro-alice-app
  assert_success
  run push_as ro-bob ro-bob-app
  assert_success
  assert_output --partial 'Creating app ro-bob-app'
  run paas acl:list ro-alice-app
  assert_output ro-alice
  run paas acl:list ro-bob-app
  assert_output ro-bob
  run paas deploy:allow ro-alice-app ro-ci < "$(key_file ro-ci).pub"
  assert_success
  run paas deploy:list ro-alice-app
  assert_output ro-ci
  run paas ssh-keys:list
  assert_line --regexp 'NAME="ro-ci" .* ROLE="deploy"$'
  assert_line --regexp 'NAME="ro-alice" .* ROLE="user"$'
  run paas ssh-keys:list ro-admin --format json
  assert_output --partial '"role":"admin"'
}

@test "deploy:allow, acl:add and ssh-keys:add refuse bad input in one line and store nothing" {
  ssh-keygen -q -t ed25519 -N '' -f "$BATS_TEST_TMPDIR/x" -C x@test
  before=$(snapshot)
  run paas deploy:allow ro-alice-app ro-x < /dev/null
  assert_failure
  assert_output --partial 'No public key given'
  run paas deploy:allow ro-alice-app ro-x < "$BATS_TEST_TMPDIR/x"
  assert_failure
  assert_output --partial 'That is a private key'
  run paas deploy:allow ro-alice-app ro-bob < "$BATS_TEST_TMPDIR/x.pub"
  assert_failure
  assert_output --partial 'The name ro-bob is taken by a user key'
  run paas deploy:allow ro-nope ro-x < "$BATS_TEST_TMPDIR/x.pub"
  assert_failure
  assert_output --partial 'App ro-nope does not exist'
  run paas acl:add ro-alice-app ro-nobody
  assert_failure
  assert_output --partial 'No key named ro-nobody'
  run paas acl:add ro-nope ro-bob
  assert_failure
  run paas ssh-keys:add --role root ro-y "$BATS_TEST_TMPDIR/x.pub"
  assert_failure
  assert_output --partial 'Invalid role "root"'
  assert_equal "$(snapshot)" "$before"
  assert [ ! -e /var/lib/paas/ssh-keys/ro-x.pub ]
  assert [ ! -e /var/lib/paas/ssh-keys/ro-y.pub ]
}

@test "admin key: every cell allowed (own app, a user's app, global commands)" {
  run as ro-admin config:set --no-restart ro-bob-app RO_ADMIN=1
  assert_success
  run paas config:get ro-bob-app RO_ADMIN
  assert_output 1
  run as ro-admin apps:list
  assert_line ro-alice-app
  assert_line ro-bob-app
  run as ro-admin acl:add ro-bob-app ro-alice
  assert_success
  run as ro-admin acl:remove ro-bob-app ro-alice
  assert_success
  run as ro-admin ssh-keys:add --role user ro-x < "$(key_file ro-alice).pub"
  assert_failure
  assert_output --partial 'already added as ro-alice'
  ssh-keygen -q -t ed25519 -N '' -f "$BATS_TEST_TMPDIR/x" -C x@test
  run as ro-admin ssh-keys:add --role user ro-x < "$BATS_TEST_TMPDIR/x.pub"
  assert_success
  run as ro-admin ssh-keys:remove ro-x
  assert_success
  run as ro-admin network:create ro-net
  assert_success
  run as ro-admin network:destroy ro-net --force
  assert_success
  run as ro-admin config:set --global --no-restart RO_GLOBAL=1
  assert_success
  run as ro-admin config:unset --global --no-restart RO_GLOBAL
  assert_success
  run push_as ro-admin ro-bob-app main:admin-branch
  assert_success
}

@test "user key: its own app yes; another user's app, global commands and key management refused (77), nothing changed" {
  run as ro-alice config:set --no-restart ro-alice-app RO_SECRET=hunter2-value
  assert_success
  run as ro-alice config:get ro-alice-app RO_SECRET
  assert_output hunter2-value
  run push_as ro-alice ro-alice-app
  assert_success
  run as ro-alice apps:list
  assert_success
  assert_line ro-alice-app
  refute_output --partial ro-bob-app
  run as ro-alice apps:report
  assert_success
  assert_output --partial 'ro-alice-app app information'
  refute_output --partial ro-bob-app

  before=$(snapshot)
  for cmd in "config:set --no-restart ro-bob-app RO_X=1" "config:get ro-bob-app RO_ADMIN" "apps:report ro-bob-app" \
    "apps:destroy ro-bob-app --force" "config:set --global --no-restart RO_GLOBAL=1" "config:get --global RO_GLOBAL" \
    "acl:add ro-bob-app ro-alice" "acl:list ro-alice-app" "deploy:allow ro-bob-app ro-alice" "network:create ro-net" \
    "ssh-keys:list" "ssh-keys:remove ro-bob" "ps:restart --all" "postgres:create ro-db"; do
    run as ro-alice $cmd
    assert_failure 77
    assert_output --regexp '^ !     The key ro-alice \(user\) may (not|only)'
    assert_equal "${#lines[@]}" 1
  done
  run as ro-alice ssh-keys:add ro-x < "$(key_file ro-alice).pub"
  assert_failure 77
  run push_as ro-alice ro-bob-app
  assert_failure
  assert_output --partial 'The key ro-alice (user) may not push to app ro-bob-app'
  assert_equal "$(snapshot)" "$before"
  # A first push to a new app makes it hers.
  run push_as ro-alice ro-alice-new
  assert_success
  run paas acl:list ro-alice-new
  assert_output ro-alice
}

@test "deploy key: git push (and git:from-archive) to its app only; every other paas command refused (77), nothing changed" {
  run push_as ro-ci ro-alice-app main:ci-branch
  assert_success
  before=$(snapshot)
  for cmd in "config:get ro-alice-app RO_SECRET" "config:set --no-restart ro-alice-app RO_X=1" "apps:list" "version" \
    "config:set --no-restart ro-bob-app RO_X=1" "config:set --global --no-restart RO_GLOBAL=1" "acl:add ro-alice-app ro-ci" \
    "network:create ro-net" "ssh-keys:list" "apps:create ro-ci-new"; do
    run as ro-ci $cmd
    assert_failure 77
    assert_output --partial 'The key ro-ci (deploy) may only git push to its apps'
  done
  run as ro-ci ssh-keys:add ro-x < "$(key_file ro-alice).pub"
  assert_failure 77
  run as ro-ci git:from-archive ro-bob-app -- </dev/null
  assert_failure 77
  assert_output --partial 'may not use app ro-bob-app'
  run push_as ro-ci ro-bob-app
  assert_failure
  assert_output --partial 'The key ro-ci (deploy) may not push to app ro-bob-app'
  run push_as ro-ci ro-ci-new
  assert_failure
  assert_output --partial 'may not push to app ro-ci-new'
  assert_equal "$(snapshot)" "$before"
  assert [ ! -e /var/lib/paas/repos/ro-ci-new.git ]
  # Revoking its last app removes the key: it can no longer log in.
  run paas deploy:revoke ro-alice-app ro-ci
  assert_success
  run push_as ro-ci ro-alice-app main:ci-branch2
  assert_failure
  assert_output --partial 'Permission denied'
  assert [ ! -e /var/lib/paas/ssh-keys/ro-ci.pub ]
}

@test "acl:add lets a user key use another's app; acl:remove takes it back" {
  run as ro-bob config:set --no-restart ro-alice-app RO_BOB=1
  assert_failure 77
  paas acl:add ro-alice-app ro-bob >/dev/null
  run as ro-bob config:set --no-restart ro-alice-app RO_BOB=1
  assert_success
  run push_as ro-bob ro-alice-app main:bob-branch
  assert_success
  paas acl:remove ro-alice-app ro-bob >/dev/null
  run as ro-bob config:unset --no-restart ro-alice-app RO_BOB
  assert_failure 77
  run paas config:get ro-alice-app RO_BOB
  assert_output 1
}

@test "paas events shows a user key's config:set with its key name and no value" {
  run paas events ro-alice-app
  assert_success
  assert_line --regexp '^[0-9T:-]+Z ro-alice \(user\) config:set ro-alice-app RO_SECRET exit 0$'
  assert_line --regexp ' ro-alice \(user\) git-push ro-alice-app exit 0$'
  refute_output --partial hunter2
  run paas events ro-bob-app
  assert_line --regexp ' ro-ci \(deploy\) git-push ro-bob-app exit 77$'
  assert_line --regexp ' ro-alice \(user\) config:set ro-bob-app RO_X exit 77$'
  run grep -c hunter2 /var/lib/paas/events/events.log
  assert_output 0
  run paas events --format json -n 500
  assert_success
  refute_output --partial hunter2
  assert_output --partial '"user":"ro-alice","role":"user","command":"config:set","app":"ro-alice-app","names":["RO_SECRET"],"exit":0'
  # A user key sees the events of its own apps only.
  run as ro-alice events
  assert_success
  assert_output --partial 'config:set ro-alice-app RO_SECRET'
  refute_output --partial ro-bob-app
  run as ro-bob events ro-alice-app
  assert_failure 77
  run stat -c %a /var/lib/paas/events/events.log
  assert_output 600
}
