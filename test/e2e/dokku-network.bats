#!/usr/bin/env bats
# Dokku's own tests of the network plugin (dokku/dokku tests/unit/network.bats), ported mechanically:
# `dokku` -> `paas`, TEST_APP -> dk-net, TEST_NETWORK -> dk-net-test. They run against this checkout
# with a temp PAAS_ROOT; the ones tagged `docker` create docker networks named dk-* (run them through
# /work/wt/e2e.sh; `bats --filter-tags '!docker'` runs the rest without docker).
load helpers/common

TEST_APP=dk-net
TEST_NETWORK=dk-net-test

setup() {
  use_temp_root
  PAAS="node $REPO/dist/bin/paas.js"
  paas apps:create "$TEST_APP" >/dev/null 2>&1
}

teardown() {
  for n in "$TEST_NETWORK" dk-create-network-x dk-deploy-network-x dk-initial-network-x; do
    docker network rm "$n" >/dev/null 2>&1 || true
  done
}

# from dokku tests/unit/network.bats "(network) network:help"
@test "(network) network:help" {
  run paas network
  assert_output --partial "Manage network settings for an app"
  help_output="$output"
  run paas network:help
  assert_output --partial "Manage network settings for an app"
  assert_output "$help_output"
}

# from dokku tests/unit/network.bats "(network:report) --global --format json"
@test "(network:report) --global --format json" {
  run paas network:set --global tld dokku.test
  assert_success
  run bash -c "$PAAS network:report --global --format json | jq -e ."
  assert_success
  run bash -c "$PAAS network:report --global --format json | jq -r '.\"network-global-tld\"'"
  assert_output "dokku.test"
  run bash -c "$PAAS network:report --global --format json | jq -r '.\"global-tld\"'"
  assert_output "dokku.test"
  run bash -c "$PAAS network:report --global --format json | jq -r 'has(\"network-tld\")'"
  assert_output "false"
  run bash -c "$PAAS network:report --global --format json | jq -r 'has(\"tld\")'"
  assert_output "false"
  run paas network:report --global
  assert_success
  assert_output --partial "--global"
  run paas network:set --global tld
  assert_success
}

# from dokku tests/unit/network.bats "(network:report) emits new stripped JSON keys alongside legacy"
@test "(network:report) emits new stripped JSON keys alongside legacy" {
  run bash -c "$PAAS network:report --global --format json | jq -r 'has(\"global-tld\") and has(\"network-global-tld\")'"
  assert_output "true"
  run bash -c "$PAAS network:report --global --format json | jq -r 'has(\"computed-tld\") and has(\"network-computed-tld\")'"
  assert_output "true"
  run bash -c "$PAAS network:report $TEST_APP --format json | jq -r 'has(\"tld\") and has(\"network-tld\")'"
  assert_output "true"
  run bash -c "$PAAS network:report $TEST_APP --format json | jq -r 'has(\"web-listeners\") and has(\"network-web-listeners\")'"
  assert_output "true"
}

# from dokku tests/unit/network.bats "(network:report) tld raw vs computed"
@test "(network:report) tld raw vs computed" {
  run paas network:set --global tld
  assert_success
  run bash -c "$PAAS network:report --global --format json | jq -r '.\"network-global-tld\"'"
  assert_output ""
  run paas network:set --global tld example.test
  assert_success
  run bash -c "$PAAS network:report --global --format json | jq -r '.\"network-global-tld\"'"
  assert_output "example.test"
  run bash -c "$PAAS network:report $TEST_APP --format json | jq -r '.\"network-global-tld\"'"
  assert_output "example.test"
  run bash -c "$PAAS network:report $TEST_APP --format json | jq -r '.\"network-computed-tld\"'"
  assert_output "example.test"
}

report_key() { # SCOPE KEY
  $PAAS network:report "$1" --format json | jq -r ".\"$2\""
}

# from dokku tests/unit/network.bats "(network:report) attach-post-create raw vs computed vs global"
# bats test_tags=docker
@test "(network:report) attach-post-create raw vs computed vs global" {
  docker network create dk-create-network-x >/dev/null
  run paas network:set --global attach-post-create
  assert_success
  run report_key "$TEST_APP" network-attach-post-create
  assert_output ""
  run report_key "$TEST_APP" network-global-attach-post-create
  assert_output ""
  run report_key "$TEST_APP" network-computed-attach-post-create
  assert_output ""
  run paas network:set --global attach-post-create dk-create-network-x
  assert_success
  run report_key "$TEST_APP" network-global-attach-post-create
  assert_output "dk-create-network-x"
  run report_key "$TEST_APP" network-computed-attach-post-create
  assert_output "dk-create-network-x"
  run paas network:set --global attach-post-create
  assert_success
}

# from dokku tests/unit/network.bats "(network:report) attach-post-deploy raw vs computed vs global"
# bats test_tags=docker
@test "(network:report) attach-post-deploy raw vs computed vs global" {
  docker network create dk-deploy-network-x >/dev/null
  run paas network:set --global attach-post-deploy
  assert_success
  run report_key "$TEST_APP" network-attach-post-deploy
  assert_output ""
  run report_key "$TEST_APP" network-global-attach-post-deploy
  assert_output ""
  run paas network:set --global attach-post-deploy dk-deploy-network-x
  assert_success
  run report_key "$TEST_APP" network-global-attach-post-deploy
  assert_output "dk-deploy-network-x"
  run report_key "$TEST_APP" network-computed-attach-post-deploy
  assert_output "dk-deploy-network-x"
  run paas network:set --global attach-post-deploy
  assert_success
}

# from dokku tests/unit/network.bats "(network:report) initial-network raw vs computed vs global"
# bats test_tags=docker
@test "(network:report) initial-network raw vs computed vs global" {
  docker network create dk-initial-network-x >/dev/null
  run paas network:set --global initial-network
  assert_success
  run report_key "$TEST_APP" network-initial-network
  assert_output ""
  run report_key "$TEST_APP" network-global-initial-network
  assert_output ""
  run paas network:set --global initial-network dk-initial-network-x
  assert_success
  run report_key "$TEST_APP" network-global-initial-network
  assert_output "dk-initial-network-x"
  run report_key "$TEST_APP" network-computed-initial-network
  assert_output "dk-initial-network-x"
  run paas network:set --global initial-network
  assert_success
}

# from dokku tests/unit/network.bats "(network:report) bind-all-interfaces raw vs computed vs global"
@test "(network:report) bind-all-interfaces raw vs computed vs global" {
  run paas network:set --global bind-all-interfaces
  assert_success
  run report_key --global network-global-bind-all-interfaces
  assert_output ""
  run report_key --global network-computed-bind-all-interfaces
  assert_output "false"
  run paas network:set --global bind-all-interfaces true
  assert_success
  run report_key --global network-global-bind-all-interfaces
  assert_output "true"
  run report_key --global network-computed-bind-all-interfaces
  assert_output "true"
  run report_key "$TEST_APP" network-bind-all-interfaces
  assert_output ""
  run report_key "$TEST_APP" network-computed-bind-all-interfaces
  assert_output "true"
  run paas network:set --global bind-all-interfaces
  assert_success
  run report_key --global network-global-bind-all-interfaces
  assert_output ""
  run report_key --global network-computed-bind-all-interfaces
  assert_output "false"
  run paas network:set "$TEST_APP" bind-all-interfaces true
  assert_success
  run report_key "$TEST_APP" network-bind-all-interfaces
  assert_output "true"
  run paas network:set "$TEST_APP" bind-all-interfaces
  assert_success
  run report_key "$TEST_APP" network-bind-all-interfaces
  assert_output ""
  run report_key "$TEST_APP" network-computed-bind-all-interfaces
  assert_output "false"
}

# from dokku tests/unit/network.bats "(network) network management"
# bats test_tags=docker
@test "(network) network management" {
  run bash -c "$PAAS network:list | grep $TEST_NETWORK"
  assert_failure
  run paas network:exists "$TEST_NETWORK"
  assert_failure
  run paas network:create "$TEST_NETWORK"
  assert_success
  run bash -c "$PAAS network:list | grep $TEST_NETWORK"
  assert_success
  run paas network:create "$TEST_NETWORK"
  assert_failure
  run paas network:exists "$TEST_NETWORK"
  assert_success
  run paas network:exists nonexistent-network
  assert_failure
  run paas --force network:destroy nonexistent-network
  assert_failure
  run paas --force network:destroy "$TEST_NETWORK"
  assert_success
  run paas --force network:destroy "$TEST_NETWORK"
  assert_failure
  run paas network:exists "$TEST_NETWORK"
  assert_failure
  run bash -c "$PAAS network:list | grep $TEST_NETWORK"
  assert_failure
}

# from dokku tests/unit/network.bats "(network:list) --format json exposes DokkuManaged"
# bats test_tags=docker
@test "(network:list) --format json exposes DokkuManaged" {
  run paas network:create "$TEST_NETWORK"
  assert_success
  run bash -c "$PAAS network:list --format json | jq -e ."
  assert_success
  run bash -c "$PAAS network:list --format json | jq -r '.[] | select(.Name == \"bridge\") | .DokkuManaged'"
  assert_output "false"
  run bash -c "$PAAS network:list --format json | jq -r '.[] | select(.Name == \"$TEST_NETWORK\") | .DokkuManaged'"
  assert_output "true"
  run paas --force network:destroy "$TEST_NETWORK"
  assert_success
}

# from dokku tests/unit/network.bats "(network:list) --dokku-managed filters to dokku-created networks"
# bats test_tags=docker
@test "(network:list) --dokku-managed filters to dokku-created networks" {
  run paas network:create "$TEST_NETWORK"
  assert_success
  run bash -c "$PAAS network:list --dokku-managed | grep -w bridge"
  assert_failure
  run bash -c "$PAAS network:list --dokku-managed | grep $TEST_NETWORK"
  assert_success
  run bash -c "$PAAS network:list --dokku-managed --format json | jq -r '.[].DokkuManaged' | sort -u"
  assert_output "true"
  run paas --force network:destroy "$TEST_NETWORK"
  assert_success
}
