#!/usr/bin/env bats
# Dokku's own tests of its remote client (dokku/dokku tests/unit/client.bats), ported to
# contrib/paas_client.sh: `dokku_client.sh` -> `paas_client.sh`, DOKKU_HOST -> PAAS_HOST, the `dokku`
# remote and ssh user -> `paas`, TEST_APP -> cli-cfg (created for each test, never deployed) or cli-app
# (pushed once for the ps:* and run cases). The client talks to the installed server over real ssh as
# the paas user, with a key added here; an `ssh` first in PATH adds that key to the client's own ssh
# options (a user would put it in ~/.ssh/config). Where paas differs on purpose the test says so
# (docs/dokku-differences.md, ## client).
load helpers/common

CLIENT="$REPO/contrib/paas_client.sh"
TEST_APP=cli-cfg
DEPLOYED=cli-app
NAMED_APP=cli-apps-create-with-name

setup_file() {
  setup_push_key cli-client
  mkdir -p "$BATS_FILE_TMPDIR/bin"
  cat >"$BATS_FILE_TMPDIR/bin/ssh" <<SSH
#!/bin/sh
exec /usr/bin/ssh -i "$PUSH_KEY" -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes "\$@"
SSH
  chmod +x "$BATS_FILE_TMPDIR/bin/ssh"
  destroy_app "$DEPLOYED"
  paas apps:create "$DEPLOYED" >/dev/null
  paas checks:set "$DEPLOYED" wait 1 >/dev/null
  paas checks:set "$DEPLOYED" wait-to-retire 1 >/dev/null
  make_repo "$BATS_FILE_TMPDIR/src" \
    'Dockerfile=FROM paas/busybox
CMD ["/bin/sh", "-c", "mkdir -p /www && echo cli > /www/index.html && exec httpd -f -p $PORT -h /www"]'
  push_app "$BATS_FILE_TMPDIR/src" "$DEPLOYED" >"$BATS_FILE_TMPDIR/push.log" 2>&1 ||
    { cat "$BATS_FILE_TMPDIR/push.log" >&3; return 1; }
}

teardown_file() {
  destroy_app "$DEPLOYED"
  paas ssh-keys:remove cli-client >/dev/null 2>&1 || true
}

setup() {
  export PATH="$BATS_FILE_TMPDIR/bin:$PATH"
  export PAAS_HOST=127.0.0.1
  unset DOKKU_HOST DOKKU_PORT DOKKU_APP_PATH DOKKU_GIT_REMOTE PAAS_PORT PAAS_APP_PATH PAAS_GIT_REMOTE
  # Dokku's tests run from its checkout (no `dokku` remote); ours from an empty directory.
  cd "$BATS_TEST_TMPDIR" || return 1
  destroy_app "$TEST_APP"
  paas apps:create "$TEST_APP" >/dev/null
}

teardown() {
  destroy_app "$TEST_APP"
  destroy_app "$NAMED_APP"
  [ -f "$BATS_TEST_TMPDIR/random-app" ] && destroy_app "$(cat "$BATS_TEST_TMPDIR/random-app")"
  paas config:unset --global CLI_GLOBAL_KEY >/dev/null 2>&1 || true
}

# Dokku's setup_client_repo: a git repository (a copy of its nodejs-express app) to run the client in.
setup_client_repo() { # [DIR]
  local dir=${1:-$BATS_TEST_TMPDIR/client-repo}
  make_repo "$dir" 'Procfile=web: node web.js'
  cd "$dir" || return 1
}

running_containers() { docker ps -q --filter "label=paas.app=$DEPLOYED"; }

# from dokku tests/unit/client.bats "(client) unconfigured DOKKU_HOST"
@test "(client) unconfigured DOKKU_HOST" {
  unset PAAS_HOST
  run "$CLIENT" apps
  assert_failure 20
  assert_output --partial "Configure the PAAS_HOST environment variable"
}

# from dokku tests/unit/client.bats "(client) remote:show"
@test "(client) remote:show" {
  unset PAAS_HOST
  local app_path="$BATS_TEST_TMPDIR/app-path"
  setup_client_repo "$app_path"
  cd "$BATS_TEST_TMPDIR" || return 1
  export PAAS_APP_PATH="$app_path"

  # handle simple remote: paas@example.com:app-name
  run git -C "$app_path" remote add paas "paas@example.com:$TEST_APP"
  assert_success

  run "$CLIENT" remote:show
  assert_success
  assert_line "dokku-app: $TEST_APP"
  assert_line "dokku-git-remote: paas"
  assert_line "dokku-host: "
  assert_line "dokku-port: 22"
  assert_line "dokku-remote-host: example.com"
  assert_line "dokku-ssh-user: paas"
  assert_line "dokku-constructed-remote: ssh://paas@example.com:22/$TEST_APP"

  # handle custom PAAS_HOST (no app name detected without --app flag)
  run env PAAS_HOST=example.net "$CLIENT" remote:show
  assert_success
  refute_output --partial "dokku-app: $TEST_APP"
  assert_line "dokku-git-remote: paas"
  assert_line "dokku-host: example.net"
  assert_line "dokku-port: 22"
  assert_line "dokku-remote-host: example.net"
  assert_line "dokku-ssh-user: paas"
  assert_line "dokku-constructed-remote: ssh://paas@example.net:22/"

  # handle custom PAAS_HOST (app name detected with --app flag)
  run env PAAS_HOST=example.net "$CLIENT" remote:show --app "$TEST_APP"
  assert_success
  assert_line "dokku-app: $TEST_APP"
  assert_line "dokku-host: example.net"
  assert_line "dokku-remote-host: example.net"
  assert_line "dokku-constructed-remote: ssh://paas@example.net:22/$TEST_APP"

  # handle custom PAAS_PORT
  run env PAAS_PORT=2222 "$CLIENT" remote:show
  assert_success
  assert_line "dokku-app: $TEST_APP"
  assert_line "dokku-host: "
  assert_line "dokku-port: 2222"
  assert_line "dokku-remote-host: example.com"
  assert_line "dokku-constructed-remote: ssh://paas@example.com:2222/$TEST_APP"

  # handle remote with scheme (no port): ssh://paas@example.com/app-name
  run git -C "$app_path" remote set-url paas "ssh://paas@example.com/$TEST_APP"
  assert_success
  run "$CLIENT" remote:show
  assert_success
  assert_line "dokku-app: $TEST_APP"
  assert_line "dokku-port: 22"
  assert_line "dokku-remote-host: example.com"
  assert_line "dokku-constructed-remote: ssh://paas@example.com:22/$TEST_APP"

  # handle remote with scheme (with port): ssh://paas@example.com:2222/app-name
  run git -C "$app_path" remote set-url paas "ssh://paas@example.com:2222/$TEST_APP"
  assert_success
  run "$CLIENT" remote:show
  assert_success
  assert_line "dokku-app: $TEST_APP"
  assert_line "dokku-host: "
  assert_line "dokku-port: 2222"
  assert_line "dokku-remote-host: example.com"
  assert_line "dokku-constructed-remote: ssh://paas@example.com:2222/$TEST_APP"

  # dokku#8093: ssh://dokku@pipescan.shipit.dev:2222/pipescan (a Dokku user's remote and DOKKU_* names
  # carry over; APP.git as git allows)
  run git -C "$app_path" remote set-url paas 'ssh://dokku@pipescan.shipit.dev:2222/pipescan.git'
  assert_success
  run env -u PAAS_APP_PATH DOKKU_APP_PATH="$app_path" "$CLIENT" remote:show
  assert_success
  assert_line "dokku-app: pipescan"
  assert_line "dokku-git-remote: paas"
  assert_line "dokku-host: "
  assert_line "dokku-port: 2222"
  assert_line "dokku-remote-host: pipescan.shipit.dev"
  assert_line "dokku-ssh-user: paas"
  assert_line "dokku-constructed-remote: ssh://paas@pipescan.shipit.dev:2222/pipescan"

  # a repository with only Dokku's `dokku` remote uses that one
  run git -C "$app_path" remote rename paas dokku
  assert_success
  run "$CLIENT" remote:show
  assert_success
  assert_line "dokku-app: pipescan"
  assert_line "dokku-git-remote: dokku"

  # a host or port that could reach ssh's command line as an option is refused
  run env PAAS_HOST=-oProxyCommand=id "$CLIENT" remote:show
  assert_failure 1
  assert_output " !     Invalid host -oProxyCommand=id"
  run env PAAS_PORT='22 -oProxyCommand=id' "$CLIENT" remote:show
  assert_failure 1
  assert_output " !     Invalid port 22 -oProxyCommand=id"
}

# from dokku tests/unit/client.bats "(client) no args should print help"
@test "(client) no args should print help" {
  run "$CLIENT"
  assert_success
  assert_output --partial "Manage apps"
  assert_output --partial "Manage buildpack settings for an app"
}

# from dokku tests/unit/client.bats "(client) arg parsing"
@test "(client) arg parsing" {
  run paas config:set --global CLI_GLOBAL_KEY=VALUE
  assert_success
  run paas config:set "$TEST_APP" APP_KEY=VALUE
  assert_success

  run "$CLIENT" --app "$TEST_APP" config:export --merged --format shell
  assert_success
  assert_output --partial "APP_KEY='VALUE'"
  assert_output --partial "CLI_GLOBAL_KEY='VALUE'"
  common_output="$output"

  run paas config:export "$TEST_APP" --merged --format shell
  assert_success
  assert_output "$common_output"
  run paas config:export --merged "$TEST_APP" --format shell
  assert_success
  assert_output "$common_output"
  run paas config:export --merged --format shell "$TEST_APP"
  assert_success
  assert_output "$common_output"
  run paas --app "$TEST_APP" config:export --merged --format shell
  assert_success
  assert_output "$common_output"
  # the client's --app may come anywhere on the line
  run "$CLIENT" config:export --merged --app "$TEST_APP" --format shell
  assert_success
  assert_output "$common_output"
}

# from dokku tests/unit/client.bats "(client) apps:create AND apps:destroy with random name"
@test "(client) apps:create AND apps:destroy with random name" {
  setup_client_repo
  run "$CLIENT" apps:create
  assert_success
  run git remote get-url paas
  assert_success
  assert_output --regexp '^paas@127\.0\.0\.1:[a-z0-9][a-z0-9-]*$'
  local app=${output#*:}
  echo "$app" >"$BATS_TEST_TMPDIR/random-app"
  run paas apps:exists "$app"
  assert_success

  run "$CLIENT" apps:destroy --force
  assert_success
  run paas apps:exists "$app"
  assert_failure
  run git remote
  refute_output --partial paas
}

# from dokku tests/unit/client.bats "(client) apps:create AND apps:destroy with name"
@test "(client) apps:create AND apps:destroy with name" {
  setup_client_repo
  # a name the server refuses creates nothing and leaves no remote behind
  run "$CLIENT" apps:create Bad_Name
  assert_failure
  assert_output --partial "Bad_Name"
  run git remote
  assert_output ""

  run "$CLIENT" apps:create "$NAMED_APP"
  assert_success
  assert_output --partial "-----> Application name is $NAMED_APP"
  run git remote -v
  assert_output --partial "paas	paas@127.0.0.1:$NAMED_APP"
  run paas apps:exists "$NAMED_APP"
  assert_success

  # a second apps:create with the remote in place creates nothing (Dokku: same, but exit 0)
  run "$CLIENT" apps:create cli-other
  assert_failure 1
  assert_output " !     paas remote not added! Do you already have a paas remote?"
  run paas apps:exists cli-other
  assert_failure

  run "$CLIENT" apps:destroy --force
  assert_success
  run paas apps:exists "$NAMED_APP"
  assert_failure
  run git remote
  assert_output ""
}

# from dokku tests/unit/client.bats "(client) config:set"
# Dokku's client joins its arguments into one line that its server splits again, so the test writes
# test_var2=\"hello world\" for the remote side to read; paas's client sends each argument as it was
# given, so the value is one argument here (docs/dokku-differences.md, ## client).
@test "(client) config:set" {
  run "$CLIENT" config:set "$TEST_APP" test_var=true "test_var2=hello world"
  assert_success
  run bash -c "'$CLIENT' config:get $TEST_APP test_var2 | grep -q 'hello world'"
  assert_success

  # every argument arrives as the same word, and nothing in it runs on either side
  local nasty="it's \"quoted\" \$(touch /tmp/cli-pwned) \`id\` ; | & * \\ end"
  run "$CLIENT" config:set --no-restart "$TEST_APP" "NASTY=$nasty" "EMPTY="
  assert_success
  run "$CLIENT" config:get "$TEST_APP" NASTY
  assert_success
  assert_output "$nasty"
  run paas config:get "$TEST_APP" NASTY
  assert_output "$nasty"
  assert_file_not_exists /tmp/cli-pwned
}

# from dokku tests/unit/client.bats "(client) config:unset"
@test "(client) config:unset" {
  run "$CLIENT" config:set "$TEST_APP" test_var=true "test_var2=hello world"
  assert_success
  run "$CLIENT" config:get "$TEST_APP" test_var
  assert_success
  assert_output "true"
  run "$CLIENT" config:unset "$TEST_APP" test_var
  assert_success
  run bash -c "'$CLIENT' config:get $TEST_APP test_var | grep test_var"
  assert_failure
  run paas config:get "$TEST_APP" test_var
  assert_failure
}

# from dokku tests/unit/client.bats "(client) domains:add"
@test "(client) domains:add" {
  run "$CLIENT" domains:add "$TEST_APP" "www.test.app.$PAAS_TEST_DOMAIN"
  assert_success
  run "$CLIENT" domains:add "$TEST_APP" "test.app.$PAAS_TEST_DOMAIN"
  assert_success
  run paas domains:report "$TEST_APP" --domains-app-vhosts
  assert_output --partial "www.test.app.$PAAS_TEST_DOMAIN"
}

# from dokku tests/unit/client.bats "(client) domains:remove"
@test "(client) domains:remove" {
  run "$CLIENT" domains:add "$TEST_APP" "test.app.$PAAS_TEST_DOMAIN"
  assert_success
  run "$CLIENT" domains:remove "$TEST_APP" "test.app.$PAAS_TEST_DOMAIN"
  assert_success
  refute_line "test.app.$PAAS_TEST_DOMAIN"
  run paas domains:report "$TEST_APP" --domains-app-vhosts
  refute_output --partial "test.app.$PAAS_TEST_DOMAIN"
}

# from dokku tests/unit/client.bats "(client) domains:clear"
@test "(client) domains:clear" {
  run "$CLIENT" domains:add "$TEST_APP" "test.app.$PAAS_TEST_DOMAIN"
  assert_success
  run "$CLIENT" domains:clear "$TEST_APP"
  assert_success
  run paas domains:report "$TEST_APP" --domains-app-vhosts
  refute_output --partial "test.app.$PAAS_TEST_DOMAIN"
}

# from dokku tests/unit/client.bats "(client) ps:start" (the app is pushed once, in setup_file)
@test "(client) ps:start" {
  run "$CLIENT" ps:stop "$DEPLOYED"
  assert_success
  run "$CLIENT" ps:start "$DEPLOYED"
  assert_success
  run running_containers
  assert_success
  assert [ -n "$output" ]
}

# from dokku tests/unit/client.bats "(client) ps:stop"
@test "(client) ps:stop" {
  run "$CLIENT" ps:stop "$DEPLOYED"
  assert_success
  run running_containers
  assert_output ""
}

# from dokku tests/unit/client.bats "(client) ps:restart" (after ps:stop above: a restart starts it)
@test "(client) ps:restart" {
  run "$CLIENT" ps:restart "$DEPLOYED"
  assert_success
  run running_containers
  assert [ -n "$output" ]
}

# from dokku tests/unit/client.bats "(client) remote management commands"
@test "(client) remote management commands" {
  setup_client_repo
  run "$CLIENT" apps:create "$NAMED_APP"
  assert_success

  run "$CLIENT" remote
  assert_success
  assert_output "paas"
  run "$CLIENT" remote:list
  assert_success
  assert_output "paas"

  run "$CLIENT" remote:set paas2
  assert_success
  run "$CLIENT" remote
  assert_success
  assert_output "paas2"
  run "$CLIENT" remote:list
  assert_success
  assert_output "paas"

  run "$CLIENT" remote:add paas2 "paas@$PAAS_TEST_DOMAIN:paas2"
  assert_success
  run "$CLIENT" remote:list
  assert_success
  assert_output "$(printf "paas\npaas2")"

  run "$CLIENT" remote:remove paas2
  assert_success
  run "$CLIENT" remote:list
  assert_success
  assert_output "paas"

  run "$CLIENT" remote:unset
  assert_success
  run "$CLIENT" remote:unset
  assert_success
  run "$CLIENT" remote
  assert_success
  assert_output "paas"
}

# from dokku tests/unit/client.bats "(client) test-args"
# Dokku installs a smoke-test plugin that echoes its arguments; paas has no plugins, so `run` on the
# pushed app echoes them instead. Dokku's client also accepts a whole command line as one argument and
# lets its server split it; paas's client keeps every argument one word, so that form is refused.
@test "(client) test-args" {
  run "$CLIENT" run "$DEPLOYED" sh -c 'echo Hello "$0"' 'two words'
  assert_success
  assert_output --partial "Hello two words"

  run "$CLIENT" "run $DEPLOYED sh -c \"echo Hello\""
  assert_failure
  assert_output --partial "is not a paas command"
}
