#!/usr/bin/env bash
# Checks a host after ./install.sh: the paas user can run paas, sudo lets it touch nginx and nothing
# else, nginx includes the live vhost dir, cron and the commands are in place. Exits 1 at the first
# problem with a one-line reason.
set -uo pipefail
ROOT=/var/lib/paas
fails=0
ok() { echo "ok      $*"; }
bad() { echo " !     $*" >&2; fails=$((fails + 1)); }
check() { # DESCRIPTION CMD...
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then ok "$what"; else bad "$what: failed: $*"; fi
}
refuse() { # DESCRIPTION CMD... (must fail)
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then bad "$what: should have been refused: $*"; else ok "$what"; fi
}

[ "$(id -u)" -eq 0 ] || { echo " !     run install-check.sh as root" >&2; exit 1; }

check "user paas exists" getent passwd paas
check "paas is in group docker" sh -c 'id -nG paas | tr " " "\n" | grep -qx docker'
# shellcheck disable=SC2016 # expanded by the inner sh
check "paas home has .ssh/authorized_keys (0600, owned by paas)" \
  sh -c '[ "$(stat -c %a:%U "$(getent passwd paas | cut -d: -f6)/.ssh/authorized_keys")" = 600:paas ]'
check "state root owned by paas" sh -c "[ \"\$(stat -c %U $ROOT)\" = paas ]"
check "/opt/paas/current is a link to a tree with dist/" test -f /opt/paas/current/dist/bin/paas.js
check "/usr/local/bin/paas points into /opt/paas/current" \
  sh -c 'readlink /usr/local/bin/paas | grep -q "^/opt/paas/current/dist/bin/paas.js$"'
for b in paas-ssh-command paas-receive-app; do
  check "/usr/local/bin/$b is installed" test -x "/usr/local/bin/$b"
done
check "hooks/pre-receive is executable" test -x /opt/paas/current/hooks/pre-receive

if v=$(sudo -u paas -H /usr/local/bin/paas version 2>&1) && [ -n "$v" ]; then ok "sudo -u paas paas version -> $v"; else bad "the paas user cannot run 'paas version': $v"; fi
check "paas can talk to docker" sudo -u paas -H docker info
check "sudo allows paas: nginx -t" sudo -u paas -H sudo -n /usr/sbin/nginx -t
refuse "sudo refuses paas: id as root" sudo -u paas -H sudo -n -u root id
refuse "sudo refuses paas: a shell as root" sudo -u paas -H sudo -n /bin/sh -c true
refuse "sudo refuses paas: nginx -c another config" sudo -u paas -H sudo -n /usr/sbin/nginx -t -c /etc/passwd

check "nginx includes the live dir" sh -c "nginx -T 2>/dev/null | grep -q '^include $ROOT/nginx/live/\*.conf;'"
check "nginx is running" pgrep -x nginx
check "global domain is set" test -s "$ROOT/props/domains/__global__/vhosts"
check "cron runs ps:retire as paas" grep -q '^\* \* \* \* \* paas /usr/local/bin/paas ps:retire' /etc/cron.d/paas
check "cron restores apps on reboot" grep -q '^@reboot paas /usr/local/bin/paas ps:restore' /etc/cron.d/paas

if [ "$fails" -gt 0 ]; then
  echo " !     install check: $fails problem(s)" >&2
  exit 1
fi
echo "-----> install check passed"
