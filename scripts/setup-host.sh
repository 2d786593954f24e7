#!/usr/bin/env bash
# Installs the Debian packages paas needs (with --test: also what its tests need); only what is missing.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(docker.io nginx openssh-server git debootstrap busybox-static curl ca-certificates openssl cron
  util-linux procps iproute2 sudo)
if [ "${1:-}" = "--test" ]; then packages+=(pebble bats bats-assert bats-support bats-file shellcheck wrk); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "-----> all packages present"
  exit 0
fi
echo "-----> installing: ${missing[*]}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
for try in 1 2 3; do
  $SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" && exit 0
  echo " !     apt-get failed (try $try), retrying in 5 s" >&2
  sleep 5
done
exit 1
