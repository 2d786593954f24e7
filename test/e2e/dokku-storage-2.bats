#!/usr/bin/env bats
# The rest of Dokku's storage tests (dokku/dokku tests/unit/storage-{1,2}.bats): entry modes, storage:set,
# --destroy-host-dir and reclaim policies, annotations and labels. Ported mechanically: `dokku` -> `paas`,
# $DOKKU_LIB_ROOT/data/storage -> $PAAS_ROOT/storage, /tmp paths -> $BATS_TEST_TMPDIR. Temp PAAS_ROOT,
# no container. Skipped cases say why; deliberate differences are in docs/dokku-differences.md (## storage).
load helpers/common

setup() {
  use_temp_root
}

entry_listed() { # NAME: prints NAME when storage:list-entries has it
  node "$REPO/dist/bin/paas.js" storage:list-entries --format json | jq -r '.[].name' | grep "^$1\$" || true
}

info_json() { # NAME JQ
  node "$REPO/dist/bin/paas.js" storage:info "$1" --format json | jq -r "$2"
}

# from dokku tests/unit/storage-2.bats "(storage:create) --mode sets directory permissions"
@test "(storage:create) --mode sets directory permissions" {
  run paas storage:create --mode 0777 rdmtest-mode
  assert_success
  run stat -c '%a' "$PAAS_ROOT/storage/rdmtest-mode"
  assert_output "777"
  run info_json rdmtest-mode '.mode'
  assert_output "0777"
  run paas storage:destroy rdmtest-mode --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:create) --mode re-applies on an existing directory"
@test "(storage:create) --mode re-applies on an existing directory" {
  run paas storage:create rdmtest-mode-converge
  assert_success
  run stat -c '%a' "$PAAS_ROOT/storage/rdmtest-mode-converge"
  assert_output "755"
  run paas storage:create --mode 0700 rdmtest-mode-converge
  assert_success
  run stat -c '%a' "$PAAS_ROOT/storage/rdmtest-mode-converge"
  assert_output "700"
  run paas storage:destroy rdmtest-mode-converge --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:create) --mode accepts a 3 digit octal mode"
@test "(storage:create) --mode accepts a 3 digit octal mode" {
  run paas storage:create --mode 750 rdmtest-mode-short
  assert_success
  run stat -c '%a' "$PAAS_ROOT/storage/rdmtest-mode-short"
  assert_output "750"
  run info_json rdmtest-mode-short '.mode'
  assert_output "0750"
  run paas storage:destroy rdmtest-mode-short --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:create) --mode rejects an invalid value"
@test "(storage:create) --mode rejects an invalid value" {
  run paas storage:create --mode 0888 rdmtest-mode-bad
  assert_failure
  assert_output --partial "Unsupported directory mode"
  run paas storage:create --mode u+rwx rdmtest-mode-bad
  assert_failure
  assert_output --partial "Unsupported directory mode"
  run entry_listed rdmtest-mode-bad
  assert_output ""
  assert_dir_not_exists "$PAAS_ROOT/storage/rdmtest-mode-bad"
}

# from dokku tests/unit/storage-2.bats "(storage:create) --mode rejects a non-default host path"
@test "(storage:create) --mode rejects a non-default host path" {
  custom_path="$BATS_TEST_TMPDIR/rdmtest-mode-custom"
  run paas storage:create --mode 0777 rdmtest-mode-custom "$custom_path"
  assert_failure
  assert_output --partial "--mode is only supported when the storage entry uses the default host path"
  run entry_listed rdmtest-mode-custom
  assert_output ""
  assert_dir_not_exists "$custom_path"
}

# from dokku tests/unit/storage-2.bats "(storage:create) --mode is rejected on a k3s entry"
@test "(storage:create) --mode is rejected on a k3s entry" {
  skip "paas has only the docker-local scheduler (storage:create --scheduler k3s is refused as unsupported)"
}

# from dokku tests/unit/storage-2.bats "(storage:set) mode converges the directory via the positional form"
@test "(storage:set) mode converges the directory via the positional form" {
  run paas storage:create --mode 0755 rdmtest-mode-set
  assert_success
  run paas storage:set rdmtest-mode-set mode 0770
  assert_success
  run stat -c '%a' "$PAAS_ROOT/storage/rdmtest-mode-set"
  assert_output "770"
  run info_json rdmtest-mode-set '.mode'
  assert_output "0770"
  run paas storage:info rdmtest-mode-set
  assert_success
  assert_output --partial "Mode:"
  assert_output --partial "0770"
  run paas storage:destroy rdmtest-mode-set --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:set) the deprecated flag form still works and warns"
@test "(storage:set) the deprecated flag form still works and warns" {
  run paas storage:create --mode 0755 rdmtest-set-flags
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js storage:set rdmtest-set-flags --mode 0770 2>&1"
  assert_success
  assert_output --partial "Deprecated:"
  run stat -c '%a' "$PAAS_ROOT/storage/rdmtest-set-flags"
  assert_output "770"
  run paas storage:destroy rdmtest-set-flags --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:set) sets a property via the positional form"
@test "(storage:set) sets a property via the positional form" {
  run paas storage:create rdmtest-set-prop
  assert_success
  if [ "$(id -u)" = 0 ]; then
    run paas storage:set rdmtest-set-prop chown herokuish
    assert_success
    run info_json rdmtest-set-prop '.chown'
    assert_output "herokuish"
  fi
  # without root (chown needs it) the same path with a property that touches no directory
  run paas storage:set rdmtest-set-prop namespace billing
  assert_success
  run info_json rdmtest-set-prop '.namespace'
  assert_output "billing"
  run paas storage:destroy rdmtest-set-prop --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:set) unsets a property when the value is omitted"
@test "(storage:set) unsets a property when the value is omitted" {
  run paas storage:create --mode 0770 rdmtest-set-unset
  assert_success
  run info_json rdmtest-set-unset '.mode'
  assert_output "0770"
  run paas storage:set rdmtest-set-unset mode
  assert_success
  run info_json rdmtest-set-unset '.mode // empty'
  assert_success
  assert_output ""
  run paas storage:destroy rdmtest-set-unset --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:set) rejects an unknown property"
@test "(storage:set) rejects an unknown property" {
  run paas storage:create rdmtest-set-bad
  assert_success
  run paas storage:set rdmtest-set-bad bogus value
  assert_failure
  assert_output --partial "Invalid property specified, valid properties include:"
  run paas storage:set rdmtest-set-bad
  assert_failure
  assert_output --partial "No property specified"
  run paas storage:destroy rdmtest-set-bad --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:set) rejects mixing a property with flags"
@test "(storage:set) rejects mixing a property with flags" {
  run paas storage:create rdmtest-set-mixed
  assert_success
  run paas storage:set rdmtest-set-mixed mode 0770 --chown herokuish
  assert_failure
  assert_output --partial "either a property and a value or flags, not both"
  run info_json rdmtest-set-mixed '.mode // empty'
  assert_output ""
  run paas storage:destroy rdmtest-set-mixed --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:set) refuses an in-place access-mode or storage-class change"
@test "(storage:set) refuses an in-place access-mode or storage-class change" {
  run paas storage:create rdmtest-set-inplace
  assert_success
  run paas storage:set rdmtest-set-inplace access-mode ReadWriteMany
  assert_failure
  assert_output --partial "cannot change access-mode in place"
  run paas storage:set rdmtest-set-inplace storage-class-name longhorn
  assert_failure
  assert_output --partial "cannot change storage-class-name in place"
  run paas storage:destroy rdmtest-set-inplace --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:destroy) --destroy-host-dir removes a non-empty host directory"
@test "(storage:destroy) --destroy-host-dir removes a non-empty host directory" {
  run paas storage:create rdmtest-drop-dir
  assert_success
  touch "$PAAS_ROOT/storage/rdmtest-drop-dir/payload"
  run paas storage:destroy rdmtest-drop-dir --destroy-host-dir --force
  assert_success
  assert_dir_not_exists "$PAAS_ROOT/storage/rdmtest-drop-dir"
  run entry_listed rdmtest-drop-dir
  assert_output ""
}

# from dokku tests/unit/storage-2.bats "(storage:destroy) --reclaim-policy Delete removes the host directory"
@test "(storage:destroy) --reclaim-policy Delete removes the host directory" {
  run paas storage:create --reclaim-policy Delete rdmtest-reclaim
  assert_success
  run paas storage:destroy rdmtest-reclaim --force
  assert_success
  assert_dir_not_exists "$PAAS_ROOT/storage/rdmtest-reclaim"
}

# from dokku tests/unit/storage-2.bats "(storage:create) --reclaim-policy Delete rejects a non-default host path"
@test "(storage:create) --reclaim-policy Delete rejects a non-default host path" {
  custom_path="$BATS_TEST_TMPDIR/rdmtest-reclaim-custom"
  run paas storage:create --reclaim-policy Delete rdmtest-reclaim-custom "$custom_path"
  assert_failure
  assert_output --partial "default host path"
  run entry_listed rdmtest-reclaim-custom
  assert_output ""
}

# from dokku tests/unit/storage-2.bats "(storage:destroy) --destroy-host-dir refuses a non-default host path"
@test "(storage:destroy) --destroy-host-dir refuses a non-default host path" {
  custom_path="$BATS_TEST_TMPDIR/rdmtest-drop-custom"
  mkdir -p "$custom_path"
  run paas storage:create rdmtest-drop-custom "$custom_path"
  assert_success
  run paas storage:destroy rdmtest-drop-custom --destroy-host-dir --force
  assert_failure
  assert_output --partial "--destroy-host-dir is only supported when the storage entry uses the default host path"
  assert_dir_exists "$custom_path"
  run paas storage:destroy rdmtest-drop-custom --force
  assert_success
  assert_dir_exists "$custom_path"
}

# from dokku tests/unit/storage-2.bats "(storage:annotations:set) sets and clears a single key"
@test "(storage:annotations:set) sets and clears a single key" {
  run paas storage:create rdmtest-annot
  assert_success
  run paas storage:annotations:set rdmtest-annot first one
  assert_success
  run info_json rdmtest-annot '.annotations.first'
  assert_output "one"
  run paas storage:annotations:set rdmtest-annot first
  assert_success
  run info_json rdmtest-annot '.annotations // empty'
  assert_output ""
  run paas storage:destroy rdmtest-annot --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:annotations:set) leaves other keys untouched"
@test "(storage:annotations:set) leaves other keys untouched" {
  run paas storage:create rdmtest-annot-multi
  assert_success
  run paas storage:annotations:set rdmtest-annot-multi first one
  assert_success
  run paas storage:annotations:set rdmtest-annot-multi second two
  assert_success
  run paas storage:annotations:set rdmtest-annot-multi first
  assert_success
  run info_json rdmtest-annot-multi '.annotations.second'
  assert_output "two"
  run info_json rdmtest-annot-multi '.annotations.first // empty'
  assert_output ""
  run paas storage:destroy rdmtest-annot-multi --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:annotations:set) accepts a kubernetes-style key containing a slash"
@test "(storage:annotations:set) accepts a kubernetes-style key containing a slash" {
  run paas storage:create rdmtest-annot-slash
  assert_success
  run paas storage:annotations:set rdmtest-annot-slash backup.velero.io/backup-volumes rdmtest-annot-slash
  assert_success
  run info_json rdmtest-annot-slash '.annotations."backup.velero.io/backup-volumes"'
  assert_output "rdmtest-annot-slash"
  run paas storage:destroy rdmtest-annot-slash --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:annotations:report) reports one entry and every entry"
@test "(storage:annotations:report) reports one entry and every entry" {
  run paas storage:create rdmtest-annot-rpt
  assert_success
  run paas storage:annotations:set rdmtest-annot-rpt team billing
  assert_success
  run paas storage:annotations:report rdmtest-annot-rpt
  assert_success
  assert_output --partial "rdmtest-annot-rpt annotations information"
  assert_output --partial "Annotation team:"
  assert_output --partial "billing"
  run paas storage:annotations:report
  assert_success
  assert_output --partial "rdmtest-annot-rpt annotations information"
  run paas storage:destroy rdmtest-annot-rpt --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:annotations:report) emits json and answers a single info flag"
@test "(storage:annotations:report) emits json and answers a single info flag" {
  run paas storage:create rdmtest-annot-json
  assert_success
  run paas storage:annotations:set rdmtest-annot-json team billing
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js storage:annotations:report rdmtest-annot-json --format json | jq -r '.team'"
  assert_output "billing"
  run paas storage:annotations:report rdmtest-annot-json --storage-annotations.team
  assert_success
  assert_output "billing"
  run paas storage:annotations:report rdmtest-annot-json --storage-annotations.absent
  assert_failure
  assert_output --partial "Invalid flag passed, valid flags:"
  run paas storage:destroy rdmtest-annot-json --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:labels:set) sets and clears a single key"
@test "(storage:labels:set) sets and clears a single key" {
  run paas storage:create rdmtest-label
  assert_success
  run paas storage:labels:set rdmtest-label app.kubernetes.io/part-of billing
  assert_success
  run info_json rdmtest-label '.labels."app.kubernetes.io/part-of"'
  assert_output "billing"
  run info_json rdmtest-label '.annotations // empty'
  assert_output ""
  run paas storage:labels:set rdmtest-label app.kubernetes.io/part-of
  assert_success
  run info_json rdmtest-label '.labels // empty'
  assert_output ""
  run paas storage:destroy rdmtest-label --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:labels:report) reports one entry"
@test "(storage:labels:report) reports one entry" {
  run paas storage:create rdmtest-label-rpt
  assert_success
  run paas storage:labels:set rdmtest-label-rpt tier cache
  assert_success
  run paas storage:labels:report rdmtest-label-rpt
  assert_success
  assert_output --partial "rdmtest-label-rpt labels information"
  assert_output --partial "Label tier:"
  assert_output --partial "cache"
  run bash -c "node $REPO/dist/bin/paas.js storage:labels:report rdmtest-label-rpt --format json | jq -r '.tier'"
  assert_output "cache"
  run paas storage:destroy rdmtest-label-rpt --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:annotations:set) fails on a missing entry or key"
@test "(storage:annotations:set) fails on a missing entry or key" {
  run paas storage:annotations:set rdmtest-annot-absent key value
  assert_failure
  assert_output --partial "does not exist"
  run paas storage:create rdmtest-annot-nokey
  assert_success
  run paas storage:annotations:set rdmtest-annot-nokey
  assert_failure
  assert_output --partial "No annotation key specified"
  run paas storage:destroy rdmtest-annot-nokey --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-2.bats "(storage:destroy) --destroy-host-dir warns before the confirmation prompt"
@test "(storage:destroy) --destroy-host-dir warns before the confirmation prompt" {
  run paas storage:create rdmtest-drop-confirm
  assert_success
  touch "$PAAS_ROOT/storage/rdmtest-drop-confirm/payload"
  run bash -c "echo rdmtest-drop-confirm | node $REPO/dist/bin/paas.js storage:destroy rdmtest-drop-confirm --destroy-host-dir 2>&1"
  assert_success
  assert_output --partial "which will be removed along with its contents"
  assert_output --partial "WARNING: Potentially Destructive Action"
  assert_dir_not_exists "$PAAS_ROOT/storage/rdmtest-drop-confirm"
}

# from dokku tests/unit/storage-2.bats "(storage:destroy) --destroy-host-dir is rejected on a k3s entry"
@test "(storage:destroy) --destroy-host-dir is rejected on a k3s entry" {
  skip "paas has only the docker-local scheduler: there is no k3s entry to destroy"
}

# from dokku tests/unit/storage-2.bats "(storage:set) the deprecated --annotation flag warns toward annotations:set"
@test "(storage:set) the deprecated --annotation flag warns toward annotations:set" {
  run paas storage:create rdmtest-set-annot
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js storage:set rdmtest-set-annot --annotation team=billing 2>&1"
  assert_success
  assert_output --partial "Deprecated:"
  assert_output --partial "storage:annotations:set"
  run info_json rdmtest-set-annot '.annotations.team'
  assert_output "billing"
  run paas storage:destroy rdmtest-set-annot --destroy-host-dir --force
  assert_success
}

# paas: --destroy-host-dir never follows a symlink planted as the entry's directory out of the storage root
@test "(storage:destroy) --destroy-host-dir unlinks a planted symlink and keeps its target" {
  run paas storage:create rdmtest-drop-link
  assert_success
  outside="$BATS_TEST_TMPDIR/outside"
  mkdir -p "$outside"
  touch "$outside/precious"
  rmdir "$PAAS_ROOT/storage/rdmtest-drop-link"
  ln -s "$outside" "$PAAS_ROOT/storage/rdmtest-drop-link"
  run paas storage:destroy rdmtest-drop-link --destroy-host-dir --force
  assert_success
  assert_file_exists "$outside/precious"
  run test -L "$PAAS_ROOT/storage/rdmtest-drop-link"
  assert_failure
}

# --- storage-1.bats: attachments in storage:report, storage:exec, storage:migrate, the directory helpers

TEST_APP=st8-app

report_json() { # JQ
  node "$REPO/dist/bin/paas.js" storage:report "$TEST_APP" --format json 2>/dev/null | jq -r "$1"
}

# from dokku tests/unit/storage-1.bats "(storage) chown-storage-dir rejects out-of-bounds chown values"
# (paas has no sudo helper script: the same values go through storage:set, which validates them alike)
@test "(storage) chown-storage-dir rejects out-of-bounds chown values" {
  run paas storage:create rdmtest-chown-bounds
  assert_success
  for v in 65536 165535 231072; do
    run paas storage:set rdmtest-chown-bounds chown "$v"
    assert_failure
    assert_output --partial "Unsupported chown permissions"
  done
  run paas storage:set rdmtest-chown-bounds chown=-1
  assert_failure
  run paas storage:set rdmtest-chown-bounds chown abc
  assert_failure
  assert_output --partial "Value must be a non-negative integer"
  run info_json rdmtest-chown-bounds '.chown // empty'
  assert_output ""
}

# from dokku tests/unit/storage-1.bats "(storage:report) emits per-attachment dotted keys"
# (without --phase/--volume-chown/--volume-subpath, which paas's storage:mount does not take: an entry is
# mounted whole in deploy and run containers, so those keys report deploy,run, "" and "")
@test "(storage:report) emits per-attachment dotted keys" {
  paas apps:create "$TEST_APP" >/dev/null 2>&1
  run paas storage:create rdmtest-rpt
  assert_success
  run paas storage:mount "$TEST_APP" rdmtest-rpt --container-dir /data --volume-options Z
  assert_success
  run report_json '."attachment.1.entry-name"'
  assert_output "rdmtest-rpt"
  run report_json '."attachment.1.host-path"'
  assert_output "$PAAS_ROOT/storage/rdmtest-rpt"
  run report_json '."attachment.1.container-path"'
  assert_output "/data"
  run report_json '."attachment.1.phases"'
  assert_output "deploy,run"
  run report_json '."attachment.1.process-type"'
  assert_output "_default_"
  run report_json '."attachment.1.subpath"'
  assert_output ""
  run report_json '."attachment.1.readonly"'
  assert_output "false"
  run report_json '."attachment.1.volume-options"'
  assert_output "Z"
  run paas storage:report "$TEST_APP"
  assert_success
  assert_output --partial "Storage attachment 1 entry name"
  assert_output --partial "rdmtest-rpt"
  assert_output --partial "Storage attachment 1 volume options"
  assert_output --partial "Storage attachment 1 volume chown"
  run paas storage:report "$TEST_APP" --storage-attachment.1.volume-options
  assert_success
  assert_output "Z"
  run paas storage:unmount "$TEST_APP" rdmtest-rpt --container-dir /data
  assert_success
  run paas storage:destroy rdmtest-rpt --force
  assert_success
}

# from dokku tests/unit/storage-1.bats "(storage:report) multiple attachments cluster by index"
# (volume option z for noexec,nosuid: docker's -v takes no noexec/nosuid, paas refuses them at mount)
@test "(storage:report) multiple attachments cluster by index" {
  paas apps:create "$TEST_APP" >/dev/null 2>&1
  paas storage:create rdmtest-rpt-a >/dev/null
  paas storage:create rdmtest-rpt-b >/dev/null
  run paas storage:mount "$TEST_APP" rdmtest-rpt-a --container-dir /data --volume-options Z
  assert_success
  run paas storage:mount "$TEST_APP" rdmtest-rpt-b --container-dir /cache --volume-options z
  assert_success
  run report_json '[."attachment.1.entry-name", ."attachment.2.entry-name"] | sort | join("|")'
  assert_output "rdmtest-rpt-a|rdmtest-rpt-b"
  run report_json '[."attachment.1.volume-options", ."attachment.2.volume-options"] | sort | join("|")'
  assert_output "Z|z"
  run paas storage:report "$TEST_APP" --storage-attachment.2.entry-name
  assert_success
  assert_output --partial "rdmtest-rpt"
  run paas storage:mount "$TEST_APP" rdmtest-rpt-a --container-dir /x --volume-options noexec,nosuid
  assert_failure
}

# from dokku tests/unit/storage-1.bats "(storage:report) degrades gracefully when an attachment entry is missing"
@test "(storage:report) degrades gracefully when an attachment entry is missing" {
  paas apps:create "$TEST_APP" >/dev/null 2>&1
  run paas storage:create rdmtest-rpt-missing
  assert_success
  run paas storage:mount "$TEST_APP" rdmtest-rpt-missing --container-dir /data --volume-options Z
  assert_success
  rm -f "$PAAS_ROOT/props/storage/__global__/entry.rdmtest-rpt-missing"
  run report_json '[keys[] | select(startswith("attachment."))] | length'
  assert_output "0"
  run report_json 'has("storage-build-mounts") and has("storage-deploy-mounts") and has("storage-run-mounts")'
  assert_output "true"
  run paas storage:report "$TEST_APP"
  assert_success
  assert_output --partial "Skipping attachment"
  assert_output --partial "rdmtest-rpt-missing"
  assert_output --partial "Storage build mounts"
  assert_output --partial "Storage deploy mounts"
  assert_output --partial "Storage run mounts"
}

# from dokku tests/unit/storage-1.bats "(storage:mount) --volume-options sets option on named-entry attachment"
# (z for noexec,nosuid, as above)
@test "(storage:mount) --volume-options sets option on named-entry attachment" {
  paas apps:create "$TEST_APP" >/dev/null 2>&1
  run paas storage:create rdmtest-opts
  assert_success
  run paas storage:mount "$TEST_APP" rdmtest-opts --container-dir /data --volume-options Z
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js storage:list $TEST_APP --format json | jq -r '.[].volume_options'"
  assert_output "Z"
  run bash -c "node $REPO/dist/bin/paas.js storage:list $TEST_APP --format json | jq -r '.[].container_path'"
  assert_output "/data"
  run report_json '."storage-deploy-mounts"'
  assert_output --partial ":Z"
  run paas storage:mount "$TEST_APP" rdmtest-opts --container-dir /ro --volume-options z --volume-readonly
  assert_success
  run report_json '."storage-deploy-mounts"'
  assert_output --partial ":ro,z"
  run bash -c "node $REPO/dist/bin/paas.js storage:list $TEST_APP --format json | jq -r '.[] | select(.container_path == \"/ro\") | .readonly'"
  assert_output "true"
  run bash -c "node $REPO/dist/bin/paas.js storage:list $TEST_APP --format json | jq -r '.[] | select(.container_path == \"/ro\") | .volume_options'"
  assert_output "z"
  run bash -c "node $REPO/dist/bin/paas.js storage:list $TEST_APP --format json | jq -r '.[] | select(.container_path == \"/data\") | has(\"readonly\")'"
  assert_output "false"
  run paas storage:unmount "$TEST_APP" rdmtest-opts --container-dir /data
  assert_success
  run paas storage:unmount "$TEST_APP" rdmtest-opts --container-dir /ro
  assert_success
  run paas storage:destroy rdmtest-opts --force
  assert_success
}

# from dokku tests/unit/storage-1.bats "(storage) storage:exec runs a non-interactive command and propagates exit code"
# (--image paas/busybox:latest, a local image, for alpine:3 from Docker Hub)
@test "(storage) storage:exec runs a non-interactive command and propagates exit code" {
  docker image inspect paas/busybox:latest >/dev/null 2>&1 || skip "needs the local image paas/busybox:latest"
  run paas storage:create rdmtest-exec
  assert_success
  run paas storage:exec rdmtest-exec --image paas/busybox:latest -- /bin/sh -c 'touch /data/marker && ls /data/marker'
  assert_success
  assert_output --partial "/data/marker"
  assert_file_exists "$PAAS_ROOT/storage/rdmtest-exec/marker"
  run paas storage:exec rdmtest-exec --image paas/busybox:latest -- /bin/sh -c 'exit 42'
  assert_equal "$status" 42
  run paas storage:exec rdmtest-exec --image=--privileged -- id
  assert_failure
  assert_output --partial "Invalid --image"
  run paas storage:destroy rdmtest-exec --force
  assert_success
}

# from dokku tests/unit/storage-1.bats "(storage) storage:migrate converts legacy docker-options -v lines into attachments"
# (paas's storage:list already lists docker-options -v mounts before the migration, and its state files
# belong to the state root's owner, so those two checks are left out)
@test "(storage) storage:migrate converts legacy docker-options -v lines into attachments" {
  paas apps:create "$TEST_APP" >/dev/null 2>&1
  run paas docker-options:add "$TEST_APP" deploy,run "-v /tmp/legacy-mount:/legacy"
  assert_success
  run paas docker-options:report "$TEST_APP" --docker-options-deploy
  assert_output --partial "-v /tmp/legacy-mount:/legacy"
  run paas storage:migrate "$TEST_APP"
  assert_success
  run paas --quiet storage:list "$TEST_APP"
  assert_success
  assert_output "/tmp/legacy-mount:/legacy"
  run bash -c "node $REPO/dist/bin/paas.js storage:list-entries --format json | jq -r '.[].name' | grep '^legacy-' | head -1"
  assert_success
  assert_output --regexp '^legacy-[0-9a-f]{10}$'
  run paas docker-options:report "$TEST_APP" --docker-options-deploy
  refute_output --partial "-v /tmp/legacy-mount:/legacy"
  run paas docker-options:report "$TEST_APP" --docker-options-run
  refute_output --partial "-v /tmp/legacy-mount:/legacy"
  run paas storage:migrate "$TEST_APP"
  assert_success
  run bash -c "node $REPO/dist/bin/paas.js storage:list $TEST_APP --format json | jq -r '. | length'"
  assert_output "1"
  run cat "$PAAS_ROOT/props/storage/$TEST_APP/legacy-mounts-migrated"
  assert_output "true"
  legacy_name=$(node "$REPO/dist/bin/paas.js" storage:list-entries --format json | jq -r '.[] | select(.name | startswith("legacy-")) | .name' | head -1)
  run paas storage:unmount "$TEST_APP" "$legacy_name" --container-dir /legacy
  assert_success
  run paas storage:destroy "$legacy_name" --force
  assert_success
}

# from dokku tests/unit/storage-1.bats "(storage:migrate) leaves legacy-mounts-migrated unset for apps with no legacy -v lines"
@test "(storage:migrate) leaves legacy-mounts-migrated unset for apps with no legacy -v lines" {
  paas apps:create "$TEST_APP" >/dev/null 2>&1
  run paas storage:migrate "$TEST_APP"
  assert_success
  assert_file_not_exists "$PAAS_ROOT/props/storage/$TEST_APP/legacy-mounts-migrated"
}

# from dokku tests/unit/storage-1.bats "(storage:migrate) converts legacy migration flag file into property"
@test "(storage:migrate) converts legacy migration flag file into property" {
  skip "paas never wrote Dokku's data/storage-registry/migrations flag files: it records the property only"
}

# from dokku tests/unit/storage-1.bats "(storage) chmod-storage-dir rejects invalid modes"
# (paas has no sudo helper script: the same values go through storage:set and storage:create)
@test "(storage) chmod-storage-dir rejects invalid modes" {
  run paas storage:create rdmtest-chmod
  assert_success
  for m in 0888 07555 u+rwx; do
    run paas storage:set rdmtest-chmod mode "$m"
    assert_failure
    assert_output --partial "Unsupported directory mode"
  done
  run stat -c '%a' "$PAAS_ROOT/storage/rdmtest-chmod"
  assert_output "755"
  run paas storage:create --mode 0777 ../escape
  assert_failure
  assert_dir_not_exists "$PAAS_ROOT/escape"
}

# from dokku tests/unit/storage-1.bats "(storage) destroy-storage-dir refuses a traversing directory name"
@test "(storage) destroy-storage-dir refuses a traversing directory name" {
  mkdir -p "$PAAS_ROOT/escape"
  run paas storage:destroy ../escape --destroy-host-dir --force
  assert_failure
  assert_dir_exists "$PAAS_ROOT/escape"
  # a missing directory is a no-op rather than an error
  run paas storage:create rdmtest-absent
  assert_success
  rmdir "$PAAS_ROOT/storage/rdmtest-absent"
  run paas storage:destroy rdmtest-absent --destroy-host-dir --force
  assert_success
}

# from dokku tests/unit/storage-1.bats "(storage) install trigger whitelists the storage directory helpers"
@test "(storage) install trigger whitelists the storage directory helpers" {
  skip "paas has no sudo helper scripts: it makes, chmods, chowns and removes entry directories itself"
}
