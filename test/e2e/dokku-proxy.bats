#!/usr/bin/env bats
# Dokku's own tests of the proxy plugin (dokku/dokku tests/unit/proxy.bats), ported mechanically:
# `dokku` -> `paas`, TEST_APP -> dc-px. The parts that need no deploy (temp PAAS_ROOT). paas has one
# proxy (nginx), so the cases that set caddy or traefik are skipped (docs/dokku-differences.md, proxy).
load helpers/common

TEST_APP=dc-px

setup() {
  use_temp_root
  paas apps:create "$TEST_APP" >/dev/null 2>&1
}

json_key() { # KEY
  node "$REPO/dist/bin/paas.js" proxy:report "$TEST_APP" --format json | jq -r ".\"$1\""
}

# from dokku tests/unit/proxy.bats "(proxy) proxy:help"
@test "(proxy) proxy:help" {
  run paas proxy
  assert_output --partial "Manage the proxy integration for an app"
  help_output="$output"
  run paas proxy:help
  assert_output --partial "Manage the proxy integration for an app"
  assert_output "$help_output"
}

# from dokku tests/unit/proxy.bats "(proxy:report) type raw vs computed vs global" (the part before a
# type other than nginx is set)
@test "(proxy:report) type raw vs computed vs global" {
  run json_key proxy-type
  assert_output ""
  run json_key proxy-global-type
  assert_output ""
  run json_key proxy-computed-type
  assert_output "nginx"
}

# from dokku tests/unit/proxy.bats "(proxy:report) disabled raw and computed match disabled state"
@test "(proxy:report) disabled raw and computed match disabled state" {
  run json_key proxy-disabled
  assert_output ""
  run json_key proxy-computed-disabled
  assert_output "false"
  run json_key proxy-enabled
  assert_output "true"
  run paas proxy:disable "$TEST_APP"
  assert_success
  run json_key proxy-disabled
  assert_output "true"
  run json_key proxy-computed-disabled
  assert_output "true"
  run json_key proxy-enabled
  assert_output "false"
  run paas proxy:enable "$TEST_APP"
  assert_success
  run json_key proxy-disabled
  assert_output ""
  run json_key proxy-computed-disabled
  assert_output "false"
  run json_key proxy-enabled
  assert_output "true"
}

# from dokku tests/unit/proxy.bats "(proxy:set) invalid port mapping set"
@test "(proxy:set) invalid port mapping set" {
  run paas proxy:set "$TEST_APP" http:80:80
  assert_failure
  assert_output --partial "Detected potential port mapping instead of proxy type"
}

# from dokku tests/unit/proxy.bats "(proxy:report) emits new stripped JSON keys alongside legacy"
@test "(proxy:report) emits new stripped JSON keys alongside legacy" {
  for k in type global-type computed-type enabled; do
    run bash -c "node $REPO/dist/bin/paas.js proxy:report $TEST_APP --format json | jq -r 'has(\"$k\") and has(\"proxy-$k\")'"
    assert_output "true"
  done
}

# from dokku tests/unit/proxy.bats "(proxy:report) --global raw vs computed type" (the parts without a
# type other than nginx: paas has one proxy, docs/dokku-differences.md, proxy)
@test "(proxy:report) --global raw vs computed type" {
  run bash -c "node $REPO/dist/bin/paas.js proxy:report --global --format json | jq -r '.\"proxy-global-type\"'"
  assert_success
  assert_output ""
  run bash -c "node $REPO/dist/bin/paas.js proxy:report --global --format json | jq -r '.\"proxy-computed-type\"'"
  assert_success
  assert_output "nginx"
  run paas proxy:report --global --proxy-computed-type
  assert_output "nginx"
}

# from dokku tests/unit/proxy.bats "(proxy:report) proxy-port raw vs computed vs global"
@test "(proxy:report) proxy-port raw vs computed vs global" {
  skip "paas has no proxy-port property: the listen ports are the ports:* mappings (docs/dokku-differences.md, proxy)"
}

# from dokku tests/unit/proxy.bats "(proxy:report) proxy-ssl-port raw vs computed vs global"
@test "(proxy:report) proxy-ssl-port raw vs computed vs global" {
  skip "paas has no proxy-ssl-port property: the listen ports are the ports:* mappings (docs/dokku-differences.md, proxy)"
}
