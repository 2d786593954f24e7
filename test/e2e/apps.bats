#!/usr/bin/env bats
# apps:* against this checkout's CLI on a temporary state root (no docker: the apps are never deployed).
load 'helpers/common'

# Tests named "installed: ..." push a real app to the installed system; the others use a temp root.
LIVE_APPS=(ta-live ta-live2 ta-live3)

setup() {
  if [[ "$BATS_TEST_DESCRIPTION" == installed:* ]]; then
    for a in "${LIVE_APPS[@]}"; do destroy_app "$a"; done
  else
    use_temp_root
  fi
}

teardown() {
  if [[ "$BATS_TEST_DESCRIPTION" == installed:* ]]; then
    for a in "${LIVE_APPS[@]}"; do destroy_app "$a"; done
  else
    rm -rf "$PAAS_ROOT"
  fi
}

state() { (cd "$PAAS_ROOT" && find . \( -path ./locks -o -path ./events \) -prune -o -print | sort); } # the audit trail records refusals too

@test "apps:create makes an app; a second create fails with exit 1" {
  run paas apps:create ta-one
  assert_success
  assert_output --partial '-----> Creating ta-one...'
  assert_dir_exists "$PAAS_ROOT/apps/ta-one"
  run paas apps:create ta-one
  assert_failure 1
  assert_output --partial 'App ta-one already exists'
}

@test "bad app names fail with a one-line reason and create nothing" {
  long=$(printf 'a%.0s' $(seq 1 200))
  before=$(state)
  for name in 'test;id' TestApp test/app test_app .. '' "$long" '-x' 'a b'; do
    run paas apps:create "$name"
    assert_failure 64
    [ "${#lines[@]}" -eq 1 ]
    [[ "${lines[0]}" == " !     "* ]]
  done
  [ "$(state)" = "$before" ]
}

@test "apps:list prints Dokku's heading, --format json an array" {
  paas apps:create ta-b >/dev/null 2>&1
  paas apps:create ta-a >/dev/null 2>&1
  run paas apps:list
  assert_success
  assert_output $'=====> My Apps\nta-a\nta-b'
  run paas apps:list --format json
  assert_output '["ta-a","ta-b"]'
  run paas apps:list --format xml
  assert_failure 64
}

@test "apps:exists exits 0 or 1" {
  paas apps:create ta-ex >/dev/null 2>&1
  run paas apps:exists ta-ex
  assert_success
  assert_output ''
  run paas apps:exists ta-nope
  assert_failure 1
  assert_output --partial 'App ta-nope does not exist'
}

@test "apps:destroy asks for the name unless --force" {
  paas apps:create ta-d >/dev/null 2>&1
  paas config:set ta-d A=1 >/dev/null 2>&1
  run sh -c "echo wrong | node '$REPO/dist/bin/paas.js' apps:destroy ta-d"
  assert_failure 1
  assert_output --partial 'To proceed, type "ta-d"'
  assert_output --partial 'Aborted'
  assert_dir_exists "$PAAS_ROOT/apps/ta-d"
  run sh -c "echo ta-d | node '$REPO/dist/bin/paas.js' apps:destroy ta-d"
  assert_success
  assert_dir_not_exists "$PAAS_ROOT/apps/ta-d"
  paas apps:create ta-d >/dev/null 2>&1
  run paas apps:destroy ta-d --force
  assert_success
  assert_output --partial 'Destroying ta-d'
  assert_dir_not_exists "$PAAS_ROOT/apps/ta-d"
  [ -z "$(find "$PAAS_ROOT/props" -path '*/ta-d*' 2>/dev/null)" ]
  run paas apps:destroy ta-d --force
  assert_failure 1
}

@test "apps:rename moves config and settings; an existing target changes nothing" {
  paas apps:create ta-old >/dev/null 2>&1
  paas apps:create ta-taken >/dev/null 2>&1
  paas config:set ta-old 'A=x y' >/dev/null 2>&1
  before=$(state)
  run paas apps:rename ta-old ta-taken
  assert_failure 1
  assert_output --partial 'App ta-taken already exists'
  [ "$(state)" = "$before" ]
  run paas apps:rename ta-old 'Bad_Name'
  assert_failure 64
  [ "$(state)" = "$before" ]
  run paas apps:rename ta-old ta-new
  assert_success
  assert_output --partial 'Renaming ta-old to ta-new'
  run paas apps:exists ta-old
  assert_failure
  run paas config:get ta-new A
  assert_output 'x y'
}

@test "apps:clone copies config; --ignore-existing skips an existing target" {
  paas apps:create ta-src >/dev/null 2>&1
  paas config:set ta-src A=1 >/dev/null 2>&1
  run paas apps:clone ta-src ta-copy
  assert_success
  run paas config:get ta-copy A
  assert_output '1'
  paas config:set ta-copy A=2 >/dev/null 2>&1
  run paas config:get ta-src A
  assert_output '1'
  run paas apps:clone ta-src ta-copy
  assert_failure 1
  run paas apps:clone --ignore-existing ta-src ta-copy
  assert_success
  run paas config:get ta-copy A
  assert_output '2'
}

@test "apps:lock, apps:locked, apps:unlock" {
  paas apps:create ta-l >/dev/null 2>&1
  run paas apps:locked ta-l
  assert_failure 1
  assert_output --partial 'Deploy lock does not exist'
  run paas apps:lock ta-l
  assert_success
  assert_output --partial 'Deploy lock created'
  run paas apps:locked ta-l
  assert_success
  assert_output 'Deploy lock exists'
  run paas apps:report ta-l --app-locked
  assert_output 'true'
  run paas apps:unlock ta-l
  assert_success
  assert_output --partial 'Deploy lock removed'
  run paas apps:locked ta-l
  assert_failure 1
}

@test "a running deploy (the app's flock) shows as locked" {
  paas apps:create ta-busy >/dev/null 2>&1
  mkdir -p "$PAAS_ROOT/locks"
  flock -o "$PAAS_ROOT/locks/app-ta-busy.lock" sleep 5 &
  holder=$!
  sleep 0.3
  run paas apps:locked ta-busy
  assert_success
  run env PAAS_NO_WAIT=1 node "$REPO/dist/bin/paas.js" apps:destroy --force ta-busy
  assert_failure 75
  assert_dir_exists "$PAAS_ROOT/apps/ta-busy"
  kill "$holder"; wait "$holder" 2>/dev/null || true
}

@test "apps:report has Dokku's fields, json and single-value flags" {
  paas apps:create ta-r >/dev/null 2>&1
  run paas apps:report ta-r
  assert_success
  assert_line '=====> ta-r app information'
  assert_line --regexp '^       App created at: +[0-9]+$'
  assert_line --regexp "^       App dir: +$PAAS_ROOT/apps/ta-r\$"
  assert_line --regexp '^       App locked: +false$'
  run paas apps:report ta-r --format json
  assert_success
  echo "$output" | node -e 'const o=JSON.parse(require("fs").readFileSync(0,"utf8")); if (o["app-locked"]!=="false"||!o["app-dir"]) process.exit(1)'
  run paas apps:report ta-r --app-dir
  assert_output "$PAAS_ROOT/apps/ta-r"
  run paas apps:report ta-r --app-dir --app-locked
  assert_failure 64
  run paas apps:report ta-r --bogus
  assert_failure 64
}

@test "apps:set --global disable-autocreation" {
  run paas apps:set --global disable-autocreation true
  assert_success
  [ "$(cat "$PAAS_ROOT/props/apps/__global__/disable-autocreation")" = true ]
  run paas apps:set --global disable-autocreation maybe
  assert_failure 64
  [ "$(cat "$PAAS_ROOT/props/apps/__global__/disable-autocreation")" = true ]
  run paas apps:set --global disable-autocreation
  assert_success
  assert_file_not_exists "$PAAS_ROOT/props/apps/__global__/disable-autocreation"
  run paas apps:set --global unknown-key x
  assert_failure 64
}

env_page() { curl -sS --max-time 10 -H "Host: $1.$PAAS_TEST_DOMAIN" "http://127.0.0.1/cgi-bin/env"; }
app_containers() { docker ps -aq --filter "label=paas.app=$1"; }
app_images() { docker images -q "paas/$1"; }

@test "installed: config:set restarts a deployed app; rename, clone and destroy carry or remove its runtime" {
  setup_push_key ta-apps
  make_repo "$BATS_TEST_TMPDIR/src" \
    'Dockerfile=FROM paas/busybox
RUN mkdir -p /www/cgi-bin && printf "#!/bin/sh\necho Content-Type: text/plain\necho\necho \"GREETING=\$GREETING\"\n" > /www/cgi-bin/env && chmod 755 /www/cgi-bin/env && echo hello > /www/index.html
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /www"]'
  paas apps:create ta-live >/dev/null
  paas checks:set ta-live wait 1 >/dev/null
  paas checks:set ta-live wait-to-retire 1 >/dev/null
  run push_app "$BATS_TEST_TMPDIR/src" ta-live
  assert_success
  run env_page ta-live
  assert_output 'GREETING='

  # config:set makes a new release with the value, exactly as typed
  run paas config:set ta-live 'GREETING=hi  there$'
  assert_success
  assert_output --partial 'Restarting app ta-live'
  run env_page ta-live
  assert_output 'GREETING=hi  there$'
  # --no-restart stores without deploying
  run paas config:set --no-restart ta-live GREETING=later
  assert_success
  refute_output --partial 'Restarting'
  run env_page ta-live
  assert_output 'GREETING=hi  there$'
  paas config:set ta-live 'GREETING=hi  there$' >/dev/null 2>&1

  # apps:lock refuses the restart-by-rebuild paths until unlocked
  paas apps:lock ta-live >/dev/null 2>&1
  run paas ps:rebuild ta-live
  assert_failure
  assert_output --partial 'locked for deploys'
  paas apps:unlock ta-live >/dev/null 2>&1

  # rename: served under the new name, nothing of the old one left in docker or nginx
  run paas apps:rename ta-live ta-live2
  assert_success
  run env_page ta-live2
  assert_output 'GREETING=hi  there$'
  [ -z "$(app_containers ta-live)" ]
  [ -z "$(app_images ta-live)" ]
  assert_file_not_exists /var/lib/paas/nginx/live/ta-live.conf
  run paas domains:report ta-live2 --domains-app-vhosts
  assert_output "ta-live2.$PAAS_TEST_DOMAIN"

  # clone: a second running copy with the same config; the source keeps running
  run paas apps:clone ta-live2 ta-live3
  assert_success
  run env_page ta-live3
  assert_output 'GREETING=hi  there$'
  run env_page ta-live2
  assert_output 'GREETING=hi  there$'

  # destroy: containers, images, vhost and state of that app only
  run paas apps:destroy ta-live3 --force
  assert_success
  [ -z "$(app_containers ta-live3)" ]
  [ -z "$(app_images ta-live3)" ]
  assert_file_not_exists /var/lib/paas/nginx/live/ta-live3.conf
  assert_dir_not_exists /var/lib/paas/apps/ta-live3
  assert_dir_not_exists /var/lib/paas/repos/ta-live3.git
  run env_page ta-live2
  assert_output 'GREETING=hi  there$'
}
