#!/usr/bin/env bats
# Dokku's own tests of the buildpacks plugin (dokku/dokku tests/unit/buildpacks.bats), ported
# mechanically: `dokku` -> `paas`, TEST_APP -> c6-bp. paas maps known buildpack URLs to its own builders
# (README: buildpacks) and refuses others, so Dokku's heroku/ruby and heroku/golang become heroku/apt and
# heroku/static, and yespark's imagemagick buildpack inket's jekyll one. No deploy: temp PAAS_ROOT.
load helpers/common

TEST_APP=c6-bp
NODE=https://github.com/heroku/heroku-buildpack-nodejs.git
PY=https://github.com/heroku/heroku-buildpack-python.git
PHP=https://github.com/heroku/heroku-buildpack-php.git
APT=https://github.com/heroku/heroku-buildpack-apt.git
STATIC=https://github.com/heroku/heroku-buildpack-static.git

setup() {
  use_temp_root
  paas apps:create "$TEST_APP" >/dev/null 2>&1
}

list() { node "$REPO/dist/bin/paas.js" --quiet buildpacks:list "$TEST_APP" | xargs; }
json_key() { node "$REPO/dist/bin/paas.js" buildpacks:report "$TEST_APP" --format json | jq -r "$1"; }

# from dokku tests/unit/buildpacks.bats "(buildpacks) buildpacks:help"
@test "(buildpacks) buildpacks:help" {
  run paas buildpacks
  assert_output --partial "Manage buildpacks settings for an app"
  help_output="$output"
  run paas buildpacks:help
  assert_output --partial "Manage buildpacks settings for an app"
  assert_output "$help_output"
}

# from dokku tests/unit/buildpacks.bats "(buildpacks) buildpacks:add - failure"
@test "(buildpacks) buildpacks:add - failure" {
  for bp in "" nodejs /nodejs http://nodejs; do
    run paas buildpacks:add "$TEST_APP" $bp
    assert_failure
  done
  run list
  assert_output ""
}

# from dokku tests/unit/buildpacks.bats "(buildpacks) buildpacks:add - success"
@test "(buildpacks) buildpacks:add - success" {
  run paas buildpacks:add "$TEST_APP" heroku/nodejs
  assert_success
  run list
  assert_output "$NODE"
  run paas buildpacks:add "$TEST_APP" heroku/apt
  assert_success
  run list
  assert_output "$NODE $APT"
  run paas buildpacks:add --index 1 "$TEST_APP" heroku/static
  assert_success
  run list
  assert_output "$STATIC $NODE $APT"
  run paas buildpacks:add --index 2 "$TEST_APP" heroku/python
  assert_success
  run list
  assert_output "$STATIC $PY $NODE $APT"
  run paas buildpacks:add --index 100 "$TEST_APP" heroku/php
  assert_success
  run list
  assert_output "$STATIC $PY $NODE $APT $PHP"
}

# from dokku tests/unit/buildpacks.bats "(buildpacks) buildpacks:set - failure"
@test "(buildpacks) buildpacks:set - failure" {
  for bp in "" nodejs /nodejs http://nodejs; do
    run paas buildpacks:set "$TEST_APP" $bp
    assert_failure
  done
}

# from dokku tests/unit/buildpacks.bats "(buildpacks) buildpacks:set - success"
@test "(buildpacks) buildpacks:set - success" {
  run paas buildpacks:set "$TEST_APP" heroku/nodejs
  assert_success
  run list
  assert_output "$NODE"
  run paas buildpacks:set "$TEST_APP" heroku/apt
  assert_success
  run list
  assert_output "$APT"
  run paas buildpacks:set --index 1 "$TEST_APP" heroku/static
  assert_success
  run list
  assert_output "$STATIC"
  run paas buildpacks:set --index 2 "$TEST_APP" heroku/python
  assert_success
  run list
  assert_output "$STATIC $PY"
  run paas buildpacks:set --index 100 "$TEST_APP" heroku/php
  assert_success
  run list
  assert_output "$STATIC $PY $PHP"
}

# from dokku tests/unit/buildpacks.bats "(buildpacks) buildpacks:set --replace - failure"
@test "(buildpacks) buildpacks:set --replace - failure" {
  run paas buildpacks:set --replace "$TEST_APP"
  assert_failure
  assert_output --partial "buildpacks:clear"
  run paas buildpacks:set --replace --index 1 "$TEST_APP" heroku/nodejs
  assert_failure
  assert_output --partial "--index"
  run paas buildpacks:set "$TEST_APP" heroku/nodejs heroku/apt
  assert_failure
  assert_output --partial "--replace"
}

# from dokku tests/unit/buildpacks.bats "(buildpacks) buildpacks:set --replace - atomicity"
@test "(buildpacks) buildpacks:set --replace - atomicity" {
  run paas buildpacks:add "$TEST_APP" heroku/nodejs
  assert_success
  run paas buildpacks:set --replace "$TEST_APP" heroku/apt nodejs
  assert_failure
  run list
  assert_output "$NODE"
}

# from dokku tests/unit/buildpacks.bats "(buildpacks) buildpacks:set --replace - success"
@test "(buildpacks) buildpacks:set --replace - success" {
  run paas buildpacks:add "$TEST_APP" heroku/nodejs
  assert_success
  run paas buildpacks:add "$TEST_APP" heroku/python
  assert_success
  run paas buildpacks:set --replace "$TEST_APP" heroku/apt heroku/static heroku/php
  assert_success
  run list
  assert_output "$APT $STATIC $PHP"
  run paas buildpacks:set --replace "$TEST_APP" heroku/nodejs
  assert_success
  run list
  assert_output "$NODE"
}

# from dokku tests/unit/buildpacks.bats "(buildpacks) buildpacks:set-property"
@test "(buildpacks) buildpacks:set-property" {
  run paas buildpacks:set-property --global stack gliderlabs/herokuish:latest
  assert_success
}

# from dokku tests/unit/buildpacks.bats "(buildpacks:report) stack raw vs computed vs global"
@test "(buildpacks:report) stack raw vs computed vs global" {
  run json_key '."buildpacks-stack"'
  assert_output ""
  run json_key '."buildpacks-global-stack"'
  assert_output ""
  run paas buildpacks:set-property --global stack gliderlabs/herokuish:global
  assert_success
  run json_key '."buildpacks-global-stack"'
  assert_output "gliderlabs/herokuish:global"
  run json_key '."buildpacks-computed-stack"'
  assert_output "gliderlabs/herokuish:global"
  run paas buildpacks:set-property "$TEST_APP" stack gliderlabs/herokuish:app
  assert_success
  run json_key '."buildpacks-stack"'
  assert_output "gliderlabs/herokuish:app"
  run json_key '."buildpacks-global-stack"'
  assert_output "gliderlabs/herokuish:global"
  run json_key '."buildpacks-computed-stack"'
  assert_output "gliderlabs/herokuish:app"
}

# from dokku tests/unit/buildpacks.bats "(buildpacks:report) emits new stripped JSON keys alongside legacy"
@test "(buildpacks:report) emits new stripped JSON keys alongside legacy" {
  for key in stack global-stack computed-stack list; do
    run json_key "has(\"$key\") and has(\"buildpacks-$key\")"
    assert_output "true"
  done
}

# from dokku tests/unit/buildpacks.bats "(buildpacks) buildpacks:remove"
@test "(buildpacks) buildpacks:remove" {
  run paas buildpacks:set "$TEST_APP" heroku/nodejs
  assert_success
  run paas buildpacks:set --index 2 "$TEST_APP" heroku/apt
  assert_success
  run list
  assert_output "$NODE $APT"
  run paas buildpacks:remove "$TEST_APP" heroku/nodejs
  assert_success
  run list
  assert_output "$APT"
  run paas buildpacks:remove "$TEST_APP" heroku/php
  assert_failure
  run paas buildpacks:remove "$TEST_APP" heroku/apt
  assert_success
  run list
  assert_output ""
  run paas buildpacks:add "$TEST_APP" https://github.com/heroku/heroku-buildpack-nodejs.git
  assert_success
  run paas buildpacks:add "$TEST_APP" https://github.com/heroku/heroku-buildpack-apt.git
  assert_success
  run paas buildpacks:add "$TEST_APP" https://github.com/inket/dokku-buildpack-jekyll3-nginx
  assert_success
  run list
  assert_output "$NODE $APT https://github.com/inket/dokku-buildpack-jekyll3-nginx"
  run paas buildpacks:remove "$TEST_APP" --index 1
  assert_success
  run list
  assert_output "$APT https://github.com/inket/dokku-buildpack-jekyll3-nginx"
}

# from dokku tests/unit/buildpacks.bats "(buildpacks) buildpacks:clear"
@test "(buildpacks) buildpacks:clear" {
  run paas buildpacks:set "$TEST_APP" heroku/nodejs
  assert_success
  run paas buildpacks:set --index 2 "$TEST_APP" heroku/apt
  assert_success
  run paas buildpacks:clear "$TEST_APP"
  assert_success
  run list
  assert_output ""
  run paas buildpacks:clear "$TEST_APP"
  assert_success
  run paas buildpacks:clear "$TEST_APP"
  assert_success
  run list
  assert_output ""
}

# from dokku tests/unit/buildpacks.bats "(buildpacks) buildpacks deploy", "cleanup existing .buildpacks
# file", "deploy with buildpacks from app.json"
@test "(buildpacks) deploy cases" {
  skip "need herokuish and dokku/buildpack-null or the python smoke-test app; paas's own buildpack deploys (.buildpacks, apt + python, an unknown URL refused) are in buildpacks.bats"
}
