#!/usr/bin/env bash
# One-command set-up of a fresh Debian/Ubuntu server from this checkout:
#   sudo ./setup.sh --domain example.com [--offline]
# Installs the packages, starts the services where there is no systemd, builds paas, then runs
# ./install.sh with the same arguments. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
if [ "$(id -u)" -ne 0 ]; then echo " !     run setup.sh as root (sudo ./setup.sh ...)" >&2; exit 1; fi
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo " !     paas needs Node.js 20 or newer on the host (node -v)" >&2
  exit 1
fi
bash scripts/setup-host.sh
if [ ! -d /run/systemd/system ]; then bash scripts/start-services.sh; fi
echo "-----> building paas"
npm ci --no-audit --no-fund --loglevel=error
npm run build --silent
exec ./install.sh "$@"
