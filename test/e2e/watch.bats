#!/usr/bin/env bats
# After routing, a new release is watched (checks:set APP watch SECONDS): one that passes its checks
# and then dies or stops answering is rolled back to the previous release automatically, with the
# reason in releases:list; a healthy one stays. Real push over ssh to the installed paas.
load helpers/common

setup_file() {
  setup_push_key tw-key
  export GIT_SSH_COMMAND PUSH_KEY
}

teardown_file() {
  destroy_app tw-watch
  paas ssh-keys:remove tw-key >/dev/null 2>&1 || true
}

# Commit server.js with BODY; after AFTER ms the server does WHAT (exit or 500); 0 = never.
version() { # DIR BODY AFTER WHAT
  cat > "$1/server.js" <<JS
let broken = false;
const http = require("http");
http.createServer((q, s) => {
  if (broken) { s.statusCode = 500; return s.end("broken\n"); }
  s.end("$2\n");
}).listen(process.env.PORT);
if ($3 > 0) setTimeout(() => { if ("$4" === "exit") process.exit(1); broken = true; }, $3);
JS
  commit_all "$1" "$2"
}

served() { # APP BODY
  [ "$(http_get "$1")" = "$2" ]
}

# Dokku's name APP.web.1 belongs to the container of the live release.
web1_is_release() { # APP N
  [ "$(docker inspect -f '{{index .Config.Labels "paas.release"}}' "$1.web.1")" = "$2" ]
}

@test "a release that dies after routing is rolled back; one that stops answering too; a healthy one stays" {
  dir="$BATS_FILE_TMPDIR/app"
  make_repo "$dir" 'package.json={ "name": "tw-watch", "version": "1.0.0", "scripts": { "start": "node server.js" } }'
  paas apps:create tw-watch >/dev/null
  paas checks:set tw-watch watch 8 >/dev/null
  paas checks:set tw-watch wait-to-retire 30 >/dev/null
  paas config:set --no-restart tw-watch GREETING=one >/dev/null

  version "$dir" v1 0 none
  run push_app "$dir" tw-watch
  assert_success
  run http_get tw-watch
  assert_output v1

  # v2 passes its HTTP check, then exits 2 s later (docker restarts it): the watch sees the restart.
  version "$dir" v2 2000 exit
  run push_app "$dir" tw-watch
  assert_success
  assert_output --partial 'Watching release 2 for 8s after routing; a failure hands tw-watch back to release 1'
  wait_until 30 served tw-watch v1
  run paas releases:list tw-watch
  assert_output --regexp 'v2 +rolled back .*rolled back to v1: web\.1 restarted after routing'
  assert_output --regexp 'v1 +live '
  run paas releases:info tw-watch 2 --format json
  assert_output --partial '"rolledBack":{"at":'
  [ "$(docker ps -q --filter label=paas.app=tw-watch --filter label=paas.release=2 | wc -l)" -eq 0 ]
  # the old container serves again under its own name
  wait_until 10 web1_is_release tw-watch 1

  # v3 is healthy: after the watch it is still live and nothing was rolled back.
  version "$dir" v3 0 none
  run push_app "$dir" tw-watch
  assert_success
  assert_output --partial 'Watching release 3'
  sleep 10
  run http_get tw-watch
  assert_output v3
  run paas releases:list tw-watch
  assert_output --regexp 'v3 +live '
  web1_is_release tw-watch 3
  [ ! -e /var/lib/paas/apps/tw-watch/watch.json ]

  # v4 keeps running but answers 500 after 2 s: three failed probes in a row roll it back to v3.
  version "$dir" v4 2000 500
  run push_app "$dir" tw-watch
  assert_success
  wait_until 30 served tw-watch v3
  run paas releases:list tw-watch
  assert_output --regexp 'v4 +rolled back .*rolled back to v3: web\.1 stopped answering its check'
  run paas config:get tw-watch GREETING
  assert_output one
}

@test "checks:set watch and auto-rollback are validated and reported" {
  paas apps:create tw-set >/dev/null 2>&1 || true
  run paas checks:set tw-set auto-rollback maybe
  assert_failure 64
  assert_output --partial 'Invalid auto-rollback value "maybe": use true or false'
  run paas checks:set tw-set watch -3
  assert_failure
  run paas checks:set tw-set auto-rollback false
  assert_success
  run paas checks:report tw-set --checks-computed-auto-rollback
  assert_output false
  run paas checks:report tw-set --checks-computed-watch
  assert_output 10
  paas apps:destroy tw-set --force >/dev/null
}
