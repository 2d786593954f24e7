#!/usr/bin/env bats
# config:* against this checkout's CLI on a temporary state root (no docker: the apps are never deployed).
load 'helpers/common'

setup() {
  use_temp_root
  paas apps:create ta-cfg >/dev/null 2>&1
}

teardown() {
  rm -rf "$PAAS_ROOT"
}

env_file() { echo "$PAAS_ROOT/apps/ta-cfg/ENV"; }

@test "config:set keeps every character and config:get prints it back" {
  run paas config:set ta-cfg 'A=hello  world$' "B=it's \"q\" \`id\` \$(id)" 'C=x=y=z' $'M=line1\nline2'
  assert_success
  assert_output --partial '-----> Setting config vars'
  assert_output --partial '       A:  hello  world$'
  run paas config:get ta-cfg A
  assert_success
  assert_output 'hello  world$'
  run paas config:get ta-cfg B
  assert_output "it's \"q\" \`id\` \$(id)"
  run paas config:get ta-cfg C
  assert_output 'x=y=z'
  run paas config:get ta-cfg M
  assert_output $'line1\nline2'
  run paas config:get --quoted ta-cfg B
  assert_output "'it'\\''s \"q\" \`id\` \$(id)'"
  [ "$(stat -c %a "$(env_file)")" = 600 ]
}

@test "config:get of a missing key prints nothing and exits 1" {
  run paas config:get ta-cfg NOPE
  assert_failure 1
  assert_output ''
}

@test "bad config:set input fails with a clear error and leaves ENV untouched" {
  paas config:set --no-restart ta-cfg KEEP=1 >/dev/null 2>&1
  before=$(cat "$(env_file)")
  run paas config:set ta-cfg NOEQUALS
  assert_failure 64
  assert_output --partial 'Invalid env pair: "NOEQUALS"'
  run paas config:set ta-cfg '1BAD=x'
  assert_failure 64
  assert_output --partial 'Invalid env key "1BAD"'
  run paas config:set ta-cfg GOOD=1 'bad key=x'
  assert_failure 64
  run paas config:set ta-cfg
  assert_failure 64
  assert_output --partial 'At least one env pair must be given'
  run paas config:set --encoded ta-cfg 'A=***'
  assert_failure 64
  run paas config:set nope-app A=1
  assert_failure 1
  assert_output --partial 'App nope-app does not exist'
  [ "$(cat "$(env_file)")" = "$before" ]
  [ ! -e "$PAAS_ROOT/apps/nope-app" ]
}

@test "config:set --encoded decodes base64" {
  run paas config:set --no-restart --encoded ta-cfg "E=$(printf 'a b\n$' | base64)"
  assert_success
  run paas config:get ta-cfg E
  assert_output $'a b\n$'
}

@test "config and config:show pretty-print; config:keys lists keys" {
  paas config:set ta-cfg B=2 LONGKEY=x A=1 >/dev/null 2>&1
  run paas config ta-cfg
  assert_success
  assert_output $'=====> ta-cfg env vars\nA:        1\nB:        2\nLONGKEY:  x'
  run paas config:show ta-cfg
  assert_output $'=====> ta-cfg env vars\nA:        1\nB:        2\nLONGKEY:  x'
  run paas config:keys ta-cfg
  assert_output $'A\nB\nLONGKEY'
}

@test "config:export formats match Dokku's" {
  paas config:set ta-cfg 'A=hello  world$' "B=it's" N=5000 >/dev/null 2>&1
  run paas config:export ta-cfg
  assert_output $'export A=\'hello  world$\'\nexport B=\'it\'\\\'\'s\'\nexport N=\'5000\''
  run paas config:export --format json ta-cfg
  assert_output '{"A":"hello  world$","B":"it'"'"'s","N":"5000"}'
  run paas config:export --format json-list ta-cfg
  assert_output '[{"name":"A","value":"hello  world$"},{"name":"B","value":"it'"'"'s"},{"name":"N","value":"5000"}]'
  run paas config:export --format shell ta-cfg
  assert_output "A='hello  world\$' B='it'\\''s' N='5000' "
  run paas config:export --format envfile ta-cfg
  assert_output $'A="hello  world\\$"\nB="it\'s"\nN=5000'
  run paas config:export --format docker-args ta-cfg
  assert_output "--env=A='hello  world\$' --env=B='it'\\''s' --env=N='5000'"
  run paas config:export --format yaml ta-cfg
  assert_failure 64
  assert_output --partial 'Unknown export format: yaml'
}

@test "the shell and exports formats are what a shell reads back" {
  paas config:set ta-cfg 'A=hello  world$' "B=it's \$(id)" $'M=l1\nl2' >/dev/null 2>&1
  run sh -c "eval \"\$(node '$REPO/dist/bin/paas.js' config:export ta-cfg)\"; printf '%s|%s|%s' \"\$A\" \"\$B\" \"\$M\""
  assert_output "hello  world\$|it's \$(id)|l1"$'\n'"l2"
  run sh -c "eval \"env \$(node '$REPO/dist/bin/paas.js' config:export --format shell ta-cfg) sh -c 'printf %s \\\"\\\$B\\\"'\""
  assert_output "it's \$(id)"
}

@test "config:unset and config:clear" {
  paas config:set ta-cfg A=1 B=2 C=3 >/dev/null 2>&1
  run paas config:unset ta-cfg A C
  assert_success
  assert_output --partial '-----> Unsetting A'
  run paas config:keys ta-cfg
  assert_output 'B'
  run paas config:unset ta-cfg
  assert_failure 64
  run paas config:clear ta-cfg
  assert_success
  run paas config:keys ta-cfg
  assert_output ''
}

@test "config:import reads every export format back, --replace drops other keys" {
  paas config:set ta-cfg 'A=hello  world$' "B=it's" $'M=l1\nl2' >/dev/null 2>&1
  for f in exports envfile shell json json-list docker-args; do
    paas apps:create "ta-cfg-$f" >/dev/null 2>&1
    paas config:export --format "$f" ta-cfg > "$BATS_TEST_TMPDIR/$f"
    run paas config:import "ta-cfg-$f" "$BATS_TEST_TMPDIR/$f"
    assert_success
    run paas config:export --format json "ta-cfg-$f"
    assert_output "$(paas config:export --format json ta-cfg)"
  done
  paas config:set ta-cfg-json OTHER=1 >/dev/null 2>&1
  run sh -c "printf 'ONLY=1\n' | node '$REPO/dist/bin/paas.js' config:import --replace ta-cfg-json -"
  assert_success
  run paas config:keys ta-cfg-json
  assert_output 'ONLY'
  before=$(cat "$PAAS_ROOT/apps/ta-cfg-json/ENV")
  printf 'GOOD=1\nBAD LINE\n' > "$BATS_TEST_TMPDIR/bad.env"
  run paas config:import ta-cfg-json "$BATS_TEST_TMPDIR/bad.env"
  assert_failure 64
  assert_output --partial 'line 2'
  [ "$(cat "$PAAS_ROOT/apps/ta-cfg-json/ENV")" = "$before" ]
  run paas config:import ta-cfg-json /nonexistent
  assert_failure 1
  assert_output --partial 'ENOENT'
}

@test "--global works for every config command and merges under app values" {
  run paas config:set --global G=global A=from-global
  assert_success
  assert_output --partial 'Global config changed'
  run paas config:get --global G
  assert_output 'global'
  paas config:set ta-cfg A=from-app >/dev/null 2>&1
  run paas config:export --merged --format json ta-cfg
  assert_output '{"A":"from-app","G":"global"}'
  run paas config:keys --global
  assert_output $'A\nG'
  run paas config --global
  assert_output --partial '=====> global env vars'
  run paas config:unset --global A
  assert_success
  run paas config:export --global --format shell
  assert_output "G='global' "
  printf 'I=1\n' > "$BATS_TEST_TMPDIR/g.env"
  run paas config:import --global "$BATS_TEST_TMPDIR/g.env"
  assert_success
  run paas config:clear --global
  assert_success
  run paas config:keys --global
  assert_output ''
  [ "$(stat -c %a "$PAAS_ROOT/config/ENV")" = 600 ]
}

@test "config commands without an app or --global are usage errors" {
  run paas config:get
  assert_failure 64
  run paas config:export
  assert_failure 64
  assert_output --partial 'Please specify an app or --global'
}

@test "kill -9 during config:set never leaves a truncated or empty ENV file" {
  keys=()
  for i in $(seq 1 40); do keys+=("K$i=value $i with 'quotes' and \$dollars"); done
  paas config:set --no-restart ta-cfg "${keys[@]}" >/dev/null 2>&1
  for i in $(seq 1 200); do
    node "$REPO/dist/bin/paas.js" config:set --no-restart ta-cfg "CHANGING=$i $(head -c 2000 /dev/zero | tr '\0' x)" >/dev/null 2>&1 &
    pid=$!
    # a random moment between start and the end of a normal run (about 0.15 s)
    sleep "0.$(printf %03d $(( RANDOM % 250 )))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  run paas config:keys ta-cfg
  assert_success
  for i in $(seq 1 40); do assert_line "K$i"; done
  # some runs got as far as writing, so the kills did land at different moments
  assert_line CHANGING
  run paas config:get ta-cfg K7
  assert_output "value 7 with 'quotes' and \$dollars"
  # the file is complete shell: it sources without error and has all 40 keys
  run sh -c ". '$(env_file)' && echo \"\$K40\""
  assert_success
  assert_output "value 40 with 'quotes' and \$dollars"
  # the next write sweeps the temp files of killed writers
  paas config:set --no-restart ta-cfg DONE=1 >/dev/null 2>&1
  [ -z "$(find "$PAAS_ROOT/apps/ta-cfg" -name '.ENV.*.tmp')" ]
}
