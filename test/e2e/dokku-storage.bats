#!/usr/bin/env bats
# Dokku's own tests of the storage plugin (dokku/dokku tests/unit/storage-{1,2}.bats), ported
# mechanically: `dokku` -> `paas`, TEST_APP -> dc-st, $DOKKU_LIB_ROOT/data/storage -> $PAAS_ROOT/storage.
# Only the parts that need no running container (temp PAAS_ROOT). Skipped cases are listed in
# docs/dokku-differences.md (## storage).
load helpers/common

TEST_APP=dc-st

setup() {
  use_temp_root
  paas apps:create "$TEST_APP" >/dev/null 2>&1
}

# from dokku tests/unit/storage-1.bats "(storage) storage:help"
@test "(storage) storage:help" {
  run paas storage
  assert_output --partial "Manage mounted volumes"
  help_output="$output"
  run paas storage:help
  assert_output --partial "Manage mounted volumes"
  assert_output "$help_output"
}

# from dokku tests/unit/storage-1.bats "(storage) storage:mount, storage:list, storage:umount"
@test "(storage) storage:mount, storage:list, storage:umount" {
  run paas storage:mount "$TEST_APP" /tmp/mount:/mount
  assert_success
  run paas --quiet storage:list "$TEST_APP"
  assert_success
  assert_output "/tmp/mount:/mount"
  run bash -c "node $REPO/dist/bin/paas.js storage:list $TEST_APP --format json | jq -r '. | length'"
  assert_output "1"
  run bash -c "node $REPO/dist/bin/paas.js storage:list $TEST_APP --format json | jq -r '.[].host_path'"
  assert_output "/tmp/mount"
  run bash -c "node $REPO/dist/bin/paas.js storage:list $TEST_APP --format json | jq -r '.[].container_path'"
  assert_output "/mount"
  run bash -c "node $REPO/dist/bin/paas.js storage:list $TEST_APP --format json | jq -r 'map(has(\"volume_options\") or has(\"readonly\")) | any'"
  assert_output "false"
  run paas storage:mount "$TEST_APP" /tmp/mount:/mount
  assert_failure
  assert_output --partial " !     Mount path already exists."
  run paas storage:unmount "$TEST_APP" /tmp/mount:/mount
  assert_success
  run paas --quiet storage:list "$TEST_APP"
  assert_success
  assert_output ""
  run paas storage:unmount "$TEST_APP" /tmp/mount:/mount
  assert_failure
  assert_output " !     Mount path does not exist."
  run paas storage:mount "$TEST_APP" mount_volume:/mount
  assert_success
  run paas --quiet storage:list "$TEST_APP"
  assert_output "mount_volume:/mount"
}

# from dokku tests/unit/storage-1.bats "(storage) storage:create + storage:mount with named entry
# attaches multiple entries to one app"
@test "(storage) storage:create + storage:mount with named entry attaches multiple entries to one app" {
  run paas storage:create rdmtest-data
  assert_success
  run paas storage:create rdmtest-cache
  assert_success
  run paas storage:mount "$TEST_APP" rdmtest-data --container-dir /data
  assert_success
  run paas storage:mount "$TEST_APP" rdmtest-cache --container-dir /cache
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js storage:list $TEST_APP --format json | jq -r '. | length'"
  assert_output "2"
  run bash -c "node $REPO/dist/bin/paas.js storage:list $TEST_APP --format json | jq -r '.[].entry_name' | sort | xargs"
  assert_output "rdmtest-cache rdmtest-data"
  run paas storage:unmount "$TEST_APP" rdmtest-data
  assert_success
  run paas storage:unmount "$TEST_APP" rdmtest-cache
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js storage:list $TEST_APP --format json | jq -r '. | length'"
  assert_output "0"
  run paas storage:destroy rdmtest-data --force
  assert_success
  run paas storage:destroy rdmtest-cache --force
  assert_success
}

# from dokku tests/unit/storage-1.bats "(storage:mount) re-running against an existing (entry,
# container-dir) updates in place" (--volume-options Z and ro; noexec/nosuid are not docker -v modes)
@test "(storage:mount) re-running against an existing (entry, container-dir) updates in place" {
  run paas storage:create rdmtest-upsert
  assert_success
  run paas storage:mount "$TEST_APP" rdmtest-upsert --container-dir /data --volume-options Z
  assert_success
  run paas storage:mount "$TEST_APP" rdmtest-upsert --container-dir /data --volume-options z
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js storage:list $TEST_APP --format json | jq -r '. | length'"
  assert_output "1"
  run bash -c "node $REPO/dist/bin/paas.js storage:list $TEST_APP --format json | jq -r '.[].volume_options'"
  assert_output "z"
  run paas storage:mount "$TEST_APP" rdmtest-upsert --container-dir /data --volume-options z --volume-readonly
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js storage:list $TEST_APP --format json | jq -r '.[].readonly'"
  assert_output "true"
  run paas storage:mount "$TEST_APP" rdmtest-upsert --container-dir /data --volume-options z
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js storage:list $TEST_APP --format json | jq -r '.[] | has(\"readonly\")'"
  assert_output "false"
  run paas storage:mount "$TEST_APP" rdmtest-upsert --container-dir /other
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js storage:list $TEST_APP --format json | jq -r '. | length'"
  assert_output "2"
  run paas storage:unmount "$TEST_APP" rdmtest-upsert --container-dir /data
  assert_success
  run paas storage:unmount "$TEST_APP" rdmtest-upsert --container-dir /other
  assert_success
  run paas storage:destroy rdmtest-upsert --force
  assert_success
}

# from dokku tests/unit/storage-1.bats "(storage) storage:ensure-directory emits deprecation warning"
@test "(storage) storage:ensure-directory emits deprecation warning" {
  run paas storage:ensure-directory "$TEST_APP"
  assert_success
  assert_output --partial "Deprecated:"
}

# from dokku tests/unit/storage-1.bats "(storage:report) emits new stripped JSON keys alongside legacy"
# (the part without attachment keys)
@test "(storage:report) emits new stripped JSON keys alongside legacy" {
  for k in build deploy run; do
    run bash -c "node $REPO/dist/bin/paas.js storage:report $TEST_APP --format json | jq -r 'has(\"$k-mounts\") and has(\"storage-$k-mounts\")'"
    assert_output "true"
  done
}

# from dokku tests/unit/storage-2.bats "(storage) storage:create / storage:list-entries / storage:destroy"
@test "(storage) storage:create / storage:list-entries / storage:destroy" {
  run paas storage:create rdmtest-entry
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js storage:list-entries --format json | jq -r '.[].name' | grep '^rdmtest-entry$'"
  assert_success
  assert_output "rdmtest-entry"
  run bash -c "node $REPO/dist/bin/paas.js storage:info rdmtest-entry --format json | jq -r '.scheduler'"
  assert_output "docker-local"
  run paas storage:destroy rdmtest-entry --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:create) --chown sets directory ownership"
@test "(storage:create) --chown sets directory ownership" {
  [ "$(id -u)" = 0 ] || skip "chown needs root"
  run paas storage:create --chown herokuish rdmtest-chown
  assert_success
  run stat -c '%u:%g' "$PAAS_ROOT/storage/rdmtest-chown"
  assert_output "32767:32767"
  run paas storage:destroy rdmtest-chown --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:create) --chown accepts a custom numeric uid"
@test "(storage:create) --chown accepts a custom numeric uid" {
  [ "$(id -u)" = 0 ] || skip "chown needs root"
  run paas storage:create --chown 1500 rdmtest-chown-numeric
  assert_success
  run stat -c '%u:%g' "$PAAS_ROOT/storage/rdmtest-chown-numeric"
  assert_output "1500:1500"
  run paas storage:destroy rdmtest-chown-numeric --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:create) --chown rejects an out-of-bounds numeric uid"
@test "(storage:create) --chown rejects an out-of-bounds numeric uid" {
  run paas storage:create --chown 65536 rdmtest-chown-oob
  assert_failure
  assert_output --partial "Unsupported chown permissions"
  # `--chown=-1`: paas's parser reads a bare `-1` after a flag as a flag of its own (refused too)
  run paas storage:create --chown=-1 rdmtest-chown-oob
  assert_failure
  assert_output --partial "Unsupported chown permissions"
  run bash -c "node $REPO/dist/bin/paas.js storage:list-entries --format json | jq -r '.[].name' | grep '^rdmtest-chown-oob$' || true"
  assert_output ""
}

# from dokku tests/unit/storage-2.bats "(storage:create) --chown rejects a non-default host path"
@test "(storage:create) --chown rejects a non-default host path" {
  custom_path="$BATS_TEST_TMPDIR/rdmtest-chown-custom"
  run paas storage:create --chown herokuish rdmtest-chown-custom "$custom_path"
  assert_failure
  assert_output --partial "--chown is only supported when the storage entry uses the default host path"
  run bash -c "node $REPO/dist/bin/paas.js storage:list-entries --format json | jq -r '.[].name' | grep '^rdmtest-chown-custom$' || true"
  assert_output ""
}

# from dokku tests/unit/storage-2.bats "(storage) storage:create rejects invalid names"
@test "(storage) storage:create rejects invalid names" {
  run paas storage:create rdmtest_invalid
  assert_failure
  run paas storage:create RdmTest
  assert_failure
  long_name=$(printf 'a%.0s' {1..46})
  run paas storage:create "$long_name"
  assert_failure
  run paas storage:create legacy-foo
  assert_failure
}

# from dokku tests/unit/storage-2.bats "(storage) storage:destroy refuses to remove a still-mounted entry"
@test "(storage) storage:destroy refuses to remove a still-mounted entry" {
  run paas storage:create rdmtest-busy
  assert_success
  run paas storage:mount "$TEST_APP" rdmtest-busy --container-dir /data
  assert_success
  run paas storage:destroy rdmtest-busy
  assert_failure
  assert_output --partial "still mounted"
  run paas storage:unmount "$TEST_APP" rdmtest-busy
  assert_success
  run paas storage:destroy rdmtest-busy --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:destroy) requires confirmation without --force"
@test "(storage:destroy) requires confirmation without --force" {
  run paas storage:create rdmtest-confirm
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js storage:destroy rdmtest-confirm < /dev/null"
  assert_failure
  run bash -c "node $REPO/dist/bin/paas.js storage:list-entries --format json | jq -r '.[].name' | grep '^rdmtest-confirm$'"
  assert_success
  assert_output "rdmtest-confirm"
  run bash -c "echo rdmtest-confirm | node $REPO/dist/bin/paas.js storage:destroy rdmtest-confirm"
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js storage:list-entries --format json | jq -r '.[].name' | grep '^rdmtest-confirm$' || true"
  assert_output ""
}

# from dokku tests/unit/storage-2.bats "(storage:destroy) --force skips confirmation"
@test "(storage:destroy) --force skips confirmation" {
  run paas storage:create rdmtest-force
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js storage:destroy rdmtest-force --force < /dev/null"
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js storage:list-entries --format json | jq -r '.[].name' | grep '^rdmtest-force$' || true"
  assert_output ""
}

# from dokku tests/unit/storage-2.bats "(storage:destroy) global --force skips confirmation"
@test "(storage:destroy) global --force skips confirmation" {
  run paas storage:create rdmtest-gforce
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js --force storage:destroy rdmtest-gforce < /dev/null"
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js storage:list-entries --format json | jq -r '.[].name' | grep '^rdmtest-gforce$' || true"
  assert_output ""
}

# from dokku tests/unit/storage-2.bats "(storage:destroy) leaves the host directory in place by default"
@test "(storage:destroy) leaves the host directory in place by default" {
  run paas storage:create rdmtest-keep-dir
  assert_success
  run paas storage:destroy rdmtest-keep-dir --force
  assert_success
  assert_dir_exists "$PAAS_ROOT/storage/rdmtest-keep-dir"
}

# from dokku tests/unit/storage-1.bats "(storage) storage:ensure-directory"
@test "(storage) storage:ensure-directory" {
  assert_dir_not_exists "$PAAS_ROOT/storage/$TEST_APP"
  run paas storage:ensure-directory @
  assert_failure
  run paas storage:ensure-directory "$TEST_APP/"
  assert_failure
  run paas storage:ensure-directory "$TEST_APP/$TEST_APP"
  assert_failure
  if [ "$(id -u)" = 0 ]; then
    run paas storage:ensure-directory "$TEST_APP"
    assert_success
    refute_output --partial "Setting directory ownership to 1000:1000"
    refute_output --partial "Setting directory ownership to 2000:2000"
    assert_output --partial "Setting directory ownership to 32767:32767"
    assert_dir_exists "$PAAS_ROOT/storage/$TEST_APP"
  fi
  for args in "--chown false $TEST_APP" "$TEST_APP --chown false"; do
    # shellcheck disable=SC2086
    run paas storage:ensure-directory $args
    assert_success
    refute_output --partial "Setting directory ownership to"
  done
  [ "$(id -u)" = 0 ] || return 0
  run paas storage:ensure-directory --chown heroku "$TEST_APP"
  assert_output --partial "Setting directory ownership to 1000:1000"
  refute_output --partial "Setting directory ownership to 32767:32767"
  run paas storage:ensure-directory --chown paketo "$TEST_APP"
  assert_output --partial "Setting directory ownership to 2000:2000"
  run paas storage:ensure-directory --chown herokuish "$TEST_APP"
  assert_output --partial "Setting directory ownership to 32767:32767"
}

# from dokku tests/unit/storage-1.bats "(storage:report) build/deploy/run mounts raw" (without the
# attachment.N keys)
@test "(storage:report) build/deploy/run mounts raw" {
  for k in build deploy run; do
    run bash -c "node $REPO/dist/bin/paas.js storage:report $TEST_APP --format json | jq -r '.\"storage-$k-mounts\"'"
    assert_output ""
  done
  run paas storage:mount "$TEST_APP" /tmp/storage-mount:/mount
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js storage:report $TEST_APP --format json | jq -r '.\"storage-deploy-mounts\"'"
  assert_output "-v /tmp/storage-mount:/mount"
  run bash -c "node $REPO/dist/bin/paas.js storage:report $TEST_APP --format json | jq -r '.\"storage-run-mounts\"'"
  assert_output "-v /tmp/storage-mount:/mount"
  run bash -c "node $REPO/dist/bin/paas.js storage:report $TEST_APP --format json | jq -r '.\"storage-build-mounts\"'"
  assert_output ""
  run paas storage:unmount "$TEST_APP" /tmp/storage-mount:/mount
  assert_success
}
