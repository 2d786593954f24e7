#!/usr/bin/env bash
# Sets up paas on a fresh Debian/Ubuntu host: packages, the `paas` user, the state root, the code under
# /opt/paas, the commands in /usr/local/bin, nginx, sudo rules for nginx only, and cron. Safe to run again:
# every step checks what is there and only changes what differs.
#
#   ./install.sh [--offline] [--domain DOMAIN] [--dev]
#     --offline   make the base images locally (scripts/install-base-images.sh) instead of pulling them
#     --domain    the global domain apps get as APP.DOMAIN
#     --dev       point /opt/paas/current at this checkout (the installed commands run its dist/)
set -euo pipefail
umask 022

die() { echo " !     $*" >&2; exit 1; }
step() { echo "-----> $*"; }

usage() { sed -n '6,9p' "$0" | sed 's/^# \{0,1\}//'; }

OFFLINE=0 DEV=0 DOMAIN=""
while [ $# -gt 0 ]; do
  case "$1" in
    --offline) OFFLINE=1 ;;
    --dev) DEV=1 ;;
    --domain) [ $# -ge 2 ] || die "--domain needs a value, e.g. --domain example.com"; DOMAIN=$2; shift ;;
    --domain=*) DOMAIN=${1#--domain=} ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument $1 (usage: ./install.sh [--offline] [--domain DOMAIN] [--dev])" ;;
  esac
  shift
done

[ "$(id -u)" -eq 0 ] || die "run install.sh as root (e.g. sudo ./install.sh)"
SRC=$(cd "$(dirname "$0")" && pwd)
[ -f "$SRC/package.json" ] || die "install.sh must stay in the paas checkout (no package.json next to it)"
[ -f "$SRC/dist/bin/paas.js" ] || die "no build found in $SRC/dist: run 'npm ci && npm run build' first"
[ -d "$SRC/node_modules" ] || die "no node_modules in $SRC: run 'npm ci && npm run build' first"
if [ -n "$DOMAIN" ]; then
  DOMAIN=$(printf '%s' "$DOMAIN" | tr '[:upper:]' '[:lower:]')
  printf '%s' "$DOMAIN" | grep -Eq '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$' \
    || die "invalid domain \"$DOMAIN\": use dot-separated labels of letters, digits and dashes"
fi
command -v node >/dev/null || die "node (>= 20) is not installed; install Node.js 20 first"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
  || die "node $(node -v) is too old; paas needs Node.js 20 or newer"

ROOT=/var/lib/paas
OPT=/opt/paas
HELPER_DIR=/usr/local/lib/paas
USER_NAME=paas

# --- packages -------------------------------------------------------------------------------------
packages=(docker.io nginx git openssh-server util-linux sudo cron curl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q || die "apt-get update failed"
  apt-get install -y -q --no-install-recommends "${missing[@]}" || die "apt-get install ${missing[*]} failed"
fi

# Services: on a host without systemd (containers, CI) start them by hand.
if ! docker info >/dev/null 2>&1 || ! pgrep -x nginx >/dev/null || ! pgrep -x sshd >/dev/null; then
  bash "$SRC/scripts/start-services.sh" || die "could not start docker, nginx or sshd"
fi
if ! pgrep -x cron >/dev/null; then
  step "starting cron"
  # without systemd, start-services.sh starts it without our descriptors (a daemon would keep them)
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then systemctl start cron
  else bash "$SRC/scripts/start-services.sh" >/dev/null || die "could not start cron"; fi
fi

# --- base images ----------------------------------------------------------------------------------
# No registry is reachable from the hosts this is tested on, so both modes make the images locally;
# --offline is kept so a future online mode can pull instead.
if [ "$OFFLINE" -eq 1 ]; then step "making base images locally"; fi
bash "$SRC/scripts/install-base-images.sh" || die "making the base images failed"

# --- user -----------------------------------------------------------------------------------------
if ! getent passwd "$USER_NAME" >/dev/null; then
  step "creating user $USER_NAME"
  useradd --system --user-group --create-home --home-dir /home/$USER_NAME --shell /bin/sh "$USER_NAME"
fi
# '*' (no password, not locked): sshd refuses key logins to accounts locked with '!' when UsePAM is off.
[ "$(getent shadow "$USER_NAME" | cut -d: -f2)" = '*' ] || usermod -p '*' "$USER_NAME"
id -nG "$USER_NAME" | tr ' ' '\n' | grep -qx docker || usermod -aG docker "$USER_NAME"
HOME_DIR=$(getent passwd "$USER_NAME" | cut -d: -f6)
install -d -o "$USER_NAME" -g "$USER_NAME" -m 0755 "$HOME_DIR"
AUTH_KEYS="$HOME_DIR/.ssh/authorized_keys"
for f in "$HOME_DIR/.ssh" "$AUTH_KEYS"; do
  [ ! -L "$f" ] || die "$f is a symlink; refusing to change its owner or mode (remove it first)"
done
install -d -o "$USER_NAME" -g "$USER_NAME" -m 0700 "$HOME_DIR/.ssh"
[ -f "$AUTH_KEYS" ] || install -o "$USER_NAME" -g "$USER_NAME" -m 0600 /dev/null "$AUTH_KEYS"
# Keys added before paas used OpenSSH's `restrict` get it now (the same line ssh-keys:add writes today).
if grep -q ',no-port-forwarding,no-X11-forwarding,no-agent-forwarding,no-user-rc ' "$AUTH_KEYS"; then
  # mktemp (O_EXCL), never a fixed name: the directory belongs to paas.
  tmp_keys=$(mktemp "$AUTH_KEYS.XXXXXX")
  sed 's/,no-port-forwarding,no-X11-forwarding,no-agent-forwarding,no-user-rc /,restrict,pty /' "$AUTH_KEYS" >"$tmp_keys"
  chown "$USER_NAME:$USER_NAME" "$tmp_keys"
  chmod 0600 "$tmp_keys"
  mv -f "$tmp_keys" "$AUTH_KEYS"
fi

# --- state root -----------------------------------------------------------------------------------
# 0750 everywhere: other local accounts read no app's source, .env or keys. The root's group is nginx's
# worker group, so workers can reach acme-challenge/ (0755) and nothing else (every other directory is
# paas:paas 0750). Installs from before are tightened here too.
step "state in $ROOT"
WEB_GROUP=$(id -gn www-data 2>/dev/null || echo "$USER_NAME")
install -d -o "$USER_NAME" -g "$WEB_GROUP" -m 0750 "$ROOT"
chown "$USER_NAME:$WEB_GROUP" "$ROOT"
chmod 0750 "$ROOT"
STATE_DIRS="apps props repos builds locks retire nginx nginx/live nginx/candidate ssh-keys acme-challenge
  letsencrypt storage logs config services"
# paas owns the root, so any of these could have been swapped for a symlink: root would then chown and
# chmod wherever it points.
for d in $STATE_DIRS; do
  [ ! -L "$ROOT/$d" ] || die "$ROOT/$d is a symlink; refusing to change its owner or mode (remove it first)"
done
for d in $STATE_DIRS; do
  install -d -o "$USER_NAME" -g "$USER_NAME" -m 0750 "$ROOT/$d"
done
find "$ROOT" -mindepth 1 -maxdepth 1 -type d ! -name acme-challenge -exec chmod g-w,o-rwx {} +
chmod 0750 "$ROOT/repos" "$ROOT/builds" "$ROOT/apps"
chmod 0755 "$ROOT/acme-challenge"
chmod 0700 "$ROOT/ssh-keys" "$ROOT/config"
rm -rf "$ROOT/nginx/check" # the old check config paas could write; the root-owned helper replaced it
install -d -o "$USER_NAME" -g "$USER_NAME" -m 0750 /var/log/paas
chmod 0750 /var/log/paas

# Docker options and mounts stored before keys had roles were set by admins (every key was one then):
# mark them so, once, or the deploy-time re-check would refuse them. Done as the paas user, in its files.
if [ ! -e "$ROOT/.admin-marks" ]; then
  # shellcheck disable=SC2016 # expanded by the inner sh
  runuser -u "$USER_NAME" -- sh -c '
    for f in "$1"/props/docker-options/*/build "$1"/props/docker-options/*/deploy "$1"/props/docker-options/*/run \
      "$1"/props/storage/*/mounts; do
      [ -f "$f" ] && [ ! -L "$f" ] && [ ! -e "$f-admin" ] || continue
      t=$(mktemp "$f-admin.XXXXXX") && cat "$f" >"$t" && mv -f "$t" "$f-admin"
    done
    touch "$1/.admin-marks"' sh "$ROOT"
fi

# --- code -----------------------------------------------------------------------------------------
install -d -m 0755 "$OPT" "$OPT/releases"
if [ "$DEV" -eq 1 ]; then
  target=$SRC
  step "code: $OPT/current -> $SRC (dev mode)"
else
  version=$(node -p 'require(process.argv[1]).version' "$SRC/package.json")
  target="$OPT/releases/$version-$(date -u +%Y%m%d%H%M%S)"
  step "code: copying into $target"
  tmp="$target.partial"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  for item in dist node_modules package.json hooks nginx-templates build-templates scripts; do
    [ -e "$SRC/$item" ] && cp -a "$SRC/$item" "$tmp/"
  done
  chown -R root:root "$tmp"
  mv "$tmp" "$target"
fi
# Atomic switch: a new symlink renamed over the old one, so a command never sees a missing tree.
ln -sfn "$target" "$OPT/.current.tmp"
mv -T "$OPT/.current.tmp" "$OPT/current"
chmod 0755 "$OPT/current/hooks/"* 2>/dev/null || true
# Keep the five newest copied releases (the live one is always among them).
{ ls -1dt "$OPT/releases/"*/ 2>/dev/null || true; } | tail -n +6 | while read -r old; do
  [ "$(readlink -f "$old")" = "$(readlink -f "$OPT/current")" ] || rm -rf "$old"
done

step "commands in /usr/local/bin"
# Every executable package.json declares is linked, built or not yet, so in --dev mode an executable
# added to the checkout later works after `npm run build` without installing again.
names=$( { node -e 'const b = require(process.argv[1]).bin || {}; for (const f of Object.values(b)) console.log(require("path").basename(f, ".js"))' "$SRC/package.json"
  for js in "$OPT/current/dist/bin/"*.js; do basename "$js" .js; done; } | sort -u)
for name in $names; do
  [ -f "$OPT/current/dist/bin/$name.js" ] && chmod 0755 "$OPT/current/dist/bin/$name.js"
  ln -sfn "$OPT/current/dist/bin/$name.js" "/usr/local/bin/$name"
done
# Links to executables that no longer exist (renamed or removed) go too.
for link in /usr/local/bin/paas /usr/local/bin/paas-*; do
  [ -L "$link" ] || continue
  name=${link#/usr/local/bin/}
  case "$(readlink "$link")" in "$OPT/current/"*) printf "%s\n" "$names" | grep -qx "$name" || rm -f "$link" ;; esac
done
# Tab completion of commands and flags (generated from the command specs).
if [ -d /etc/bash_completion.d ] && [ -f "$SRC/docs/completion/paas.bash" ]; then
  install -m 0644 "$SRC/docs/completion/paas.bash" /etc/bash_completion.d/paas
fi

# --- settings -------------------------------------------------------------------------------------
# Written by the installed commands, as the paas user: the layout of the state root is theirs.
as_paas() { (cd / && runuser -u "$USER_NAME" -- env -u PAAS_USER -u PAAS_ROLE PAAS_ROOT="$ROOT" "$@"); }
if [ -n "$DOMAIN" ]; then
  as_paas /usr/local/bin/paas domains:set-global "$DOMAIN" || die "could not set the global domain $DOMAIN"
elif [ -z "$(as_paas /usr/local/bin/paas domains:report --global --domains-global-vhosts 2>/dev/null)" ]; then
  echo " !     no global domain set: apps get no URL until you run 'paas domains:set-global DOMAIN'" >&2
fi
as_paas /usr/local/bin/paas-authorized-keys-file "$AUTH_KEYS" || die "could not record $AUTH_KEYS for ssh-keys"

# --- nginx ----------------------------------------------------------------------------------------
step "nginx: including $ROOT/nginx/live"
# server_names_hash_max_size: each app has two or more names; nginx's default (512) warns from about
# 250 apps on and builds a slower hash. 16384 is only an upper bound for its search (1,000 apps: 2,000+).
cat > /etc/nginx/conf.d/.paas.conf.tmp <<EOF
# Managed by paas install.sh: every app's vhost lives in $ROOT/nginx/live.
server_names_hash_bucket_size 128;
server_names_hash_max_size 16384;
include $ROOT/nginx/live/*.conf;
EOF
mv -f /etc/nginx/conf.d/.paas.conf.tmp /etc/nginx/conf.d/paas.conf
# Open files: every app has its own access and error log, which nginx's master opens (and every worker
# inherits), so 1,000 apps need 2,000+ descriptors: more than the usual soft limit of 1024, and
# worker_rlimit_nofile does not help (it only raises the workers' limit, after the master has failed).
# Under systemd the unit gets a higher limit (it takes effect when nginx next starts: restarted here
# when the limit is new); without systemd, scripts/start-services.sh and the nginx-check helper raise it.
NGINX_NOFILE=65536
if [ -d /run/systemd/system ]; then
  dropin=/etc/systemd/system/nginx.service.d/paas-nofile.conf
  if [ "$(cat "$dropin" 2>/dev/null)" != "$(printf '[Service]\nLimitNOFILE=%s' "$NGINX_NOFILE")" ]; then
    install -d -m 0755 "${dropin%/*}"
    printf '[Service]\nLimitNOFILE=%s\n' "$NGINX_NOFILE" >"$dropin.tmp" && mv -f "$dropin.tmp" "$dropin"
    systemctl daemon-reload && { ! systemctl is-active -q nginx || systemctl restart nginx; }
  fi
fi
ulimit -n "$NGINX_NOFILE" 2>/dev/null || true
# Worker processes: Debian's "auto" starts one per core, but on a paas host the apps run on the same
# cores. On 2 cores, 2 workers beside the app and the client took 21-23 us of CPU per proxied request
# and reached 0.45-0.5x of the app's own throughput; 1 worker took 16-17 us and 0.6-0.7x (bench/router).
# Half the cores (at least 1) leaves the rest to the apps; an explicit number an admin set stays.
if grep -qE '^worker_processes[[:space:]]+auto;' /etc/nginx/nginx.conf; then
  workers=$((($(nproc) + 1) / 2))
  sed -i -E "s/^worker_processes[[:space:]]+auto;.*$/worker_processes $workers; # paas install.sh: half the cores, the apps share them (was auto)/" /etc/nginx/nginx.conf
fi
# Connections per worker: Debian's 768 counts both sides of a proxied request, so one worker served at
# most ~380 clients at once; a busy app (or many apps) needs more. The open-files limit above covers it.
if grep -qE '^[[:space:]]*worker_connections[[:space:]]+768;' /etc/nginx/nginx.conf; then
  sed -i -E "s/^([[:space:]]*)worker_connections[[:space:]]+768;.*$/\1worker_connections 8192; # paas install.sh (was 768)/" /etc/nginx/nginx.conf
fi
# Debian's default site claims default_server on :80 and would answer for unknown hosts.
rm -f /etc/nginx/sites-enabled/default
nginx -t -q || die "nginx -t failed after adding /etc/nginx/conf.d/paas.conf (see above)"
if pgrep -x nginx >/dev/null; then nginx -s reload; else nginx; fi

# --- sudo -----------------------------------------------------------------------------------------
# The check runs through a root-owned helper that tests a root-only copy of the config: never
# `nginx -c FILE` with a file paas can write (a load_module line there would run as root).
step "sudo: $USER_NAME may only check (through $HELPER_DIR/nginx-check), start and reload nginx"
install -d -o root -g root -m 0755 "$HELPER_DIR"
install -o root -g root -m 0755 "$SRC/scripts/nginx-check.sh" "$HELPER_DIR/.nginx-check.tmp"
mv -f "$HELPER_DIR/.nginx-check.tmp" "$HELPER_DIR/nginx-check"
cat > /etc/sudoers.d/.paas.tmp <<EOF
# Managed by paas install.sh: the paas user may check (root-owned helper, no arguments), start and
# reload nginx as root, nothing else.
Defaults:$USER_NAME !requiretty
$USER_NAME ALL=(root) NOPASSWD: $HELPER_DIR/nginx-check "", /usr/sbin/nginx -s reload, /usr/sbin/nginx ""
EOF
chmod 0440 /etc/sudoers.d/.paas.tmp
visudo -cqf /etc/sudoers.d/.paas.tmp || { rm -f /etc/sudoers.d/.paas.tmp; die "generated sudoers file is invalid"; }
mv -f /etc/sudoers.d/.paas.tmp /etc/sudoers.d/paas

# --- cron -----------------------------------------------------------------------------------------
step "cron: /etc/cron.d/paas"
cat > /etc/cron.d/.paas.tmp <<EOF
# Managed by paas install.sh (certificate renewal lives in paas-letsencrypt, see letsencrypt:cron-job).
SHELL=/bin/sh
PATH=/usr/local/bin:/usr/bin:/bin
@reboot $USER_NAME /usr/local/bin/paas ps:restore >>/var/log/paas/cron.log 2>&1
* * * * * $USER_NAME /usr/local/bin/paas ps:retire >>/var/log/paas/cron.log 2>&1
# One-off containers past their run --ttl-seconds (Dokku reaps them every 5 minutes too).
*/5 * * * * $USER_NAME /usr/local/bin/paas run:retire >>/var/log/paas/cron.log 2>&1
# Every minute, put back what docker changed on its own (a container restarted after an OOM kill gets a
# new address; nginx must follow). Quiet when all is well; apps being deployed are skipped.
* * * * * $USER_NAME /usr/local/bin/paas ps:restore >>/var/log/paas/cron.log 2>&1
EOF
chmod 0644 /etc/cron.d/.paas.tmp
# cron ignores files whose names contain a dot, so the temp file is never read half-written.
mv -f /etc/cron.d/.paas.tmp /etc/cron.d/paas

# --- check ----------------------------------------------------------------------------------------
sudo -u "$USER_NAME" -H /usr/local/bin/paas version >/dev/null \
  || die "the $USER_NAME user cannot run 'paas version' (check that $OPT/current is readable)"

host=$(hostname -f 2>/dev/null || hostname)
cat <<EOF
=====> paas is installed ($(/usr/local/bin/paas version 2>/dev/null || echo unknown version))
       Next steps:
         paas ssh-keys:add NAME ~/.ssh/id_ed25519.pub     (as root on this host; the key may push)
         git remote add paas paas@$host:APP               (in your app's repository)
         git push paas main
EOF
