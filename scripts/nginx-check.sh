#!/bin/bash
# nginx -t for paas, run as root through sudo with no arguments. install.sh copies this file to
# /usr/local/lib/paas/nginx-check (root:root 0755) and the sudo rule allows exactly that command line,
# never `nginx -c FILE`: a config file the paas account can write would let it run code as root
# (load_module) or make root read or create any file (include, access_log, ssl engines).
#
# It tests the system config with paas's live vhosts swapped for the candidate ones, all from a copy
# in a fresh root-only directory, after refusing candidate files that name anything but what paas
# renders: no include, load_module, perl/js/lua code, ssl engines or password files, and logs only
# under /var/log/nginx.
set -euo pipefail
umask 077
PATH=/usr/sbin:/usr/bin:/sbin:/bin

ROOT=/var/lib/paas
NGINX=/usr/sbin/nginx
MAIN=/etc/nginx/nginx.conf
CONF_D=/etc/nginx/conf.d
LIVE=$ROOT/nginx/live
CANDIDATE=$ROOT/nginx/candidate
MAX_BYTES=1048576

die() { echo "nginx-check: $*" >&2; exit 1; }

[ $# -eq 0 ] || { echo "usage: nginx-check (no arguments)" >&2; exit 64; }
[ "$(id -u)" -eq 0 ] || die "run as root (sudo -n /usr/local/lib/paas/nginx-check)"
[ -x "$NGINX" ] || NGINX=$(command -v nginx) || die "nginx is not installed"

tmp=$(mktemp -d /tmp/paas-nginx-check.XXXXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/conf.d" "$tmp/candidate"

# Candidate vhosts: regular files only. cp -P opens the source with O_NOFOLLOW, so a file swapped for
# a symlink after the listing arrives as a symlink, which is refused below.
for f in "$CANDIDATE"/*.conf; do
  [ -e "$f" ] || [ -L "$f" ] || continue
  name=${f##*/}
  case "$name" in .*) continue ;; esac
  case "$name" in *[!A-Za-z0-9._-]*) die "refusing candidate file with an odd name: $name" ;; esac
  cp -P -- "$f" "$tmp/candidate/$name" 2>/dev/null || die "cannot copy $f"
  copy=$tmp/candidate/$name
  if [ -L "$copy" ] || [ ! -f "$copy" ]; then die "refusing $f: not a regular file"; fi
  [ "$(stat -c %s "$copy")" -le "$MAX_BYTES" ] || die "refusing $f: larger than $MAX_BYTES bytes"
done

# Scan the copies (what nginx will read). Quotes and backslashes are dropped first so "inc""lude" or
# "load_module" cannot hide a directive; a directive starts a line or follows ; { or }.
bad_directives='load_module|include|perl[a-z_]*|js_[a-z_]*|[a-z_]*lua[a-z_]*|ssl_engine|ssl_password_file|env|user|ssl_conf_command|ssl_stapling_file|ssl_session_ticket_key'
for copy in "$tmp"/candidate/*.conf; do
  [ -e "$copy" ] || continue
  name=${copy##*/}
  flat=$(tr -d "\"'\\\\" <"$copy" | tr '\t' ' ')
  if printf '%s\n' "$flat" | grep -Eq "(^|[;{}])[[:space:]]*($bad_directives)([[:space:]]|;|$)"; then
    die "refusing $CANDIDATE/$name: it uses a directive paas never renders ($(printf '%s\n' "$flat" | grep -Eo "(^|[;{}])[[:space:]]*($bad_directives)([[:space:]]|;|$)" | head -1 | tr -d ';{} '))"
  fi
  if printf '%s\n' "$flat" | grep -q 'engine:'; then die "refusing $CANDIDATE/$name: it names an OpenSSL engine"; fi
  while read -r directive target; do
    case "$target" in
      off | /dev/null) ;;
      /var/log/nginx/*) case "$target" in *..*) die "refusing $CANDIDATE/$name: $directive $target" ;; esac ;;
      *) die "refusing $CANDIDATE/$name: $directive $target is outside /var/log/nginx" ;;
    esac
  done < <(printf '%s\n' "$flat" | grep -Eo "(^|[;{}])[[:space:]]*(access_log|error_log)[[:space:]]+[^;[:space:]]+" | sed -E 's/^[;{}]?[[:space:]]*//')
done

# The system's own config (root-owned) with the include of conf.d and the live tree redirected.
grep -Eq "include[[:space:]]+$CONF_D/\\*\\.conf[[:space:]]*;" "$MAIN" \
  || die "cannot check nginx config: $MAIN has no \"include $CONF_D/*.conf;\" line"
sed -E "s|(include[[:space:]]+)$CONF_D/\\*\\.conf[[:space:]]*;|\\1$tmp/conf.d/*.conf;|" "$MAIN" >"$tmp/nginx.conf"
included=0
for f in "$CONF_D"/*.conf; do
  [ -f "$f" ] || continue
  name=${f##*/}
  case "$name" in .*) continue ;; esac
  if grep -qF "$LIVE" "$f"; then included=1; fi
  sed "s|$LIVE|$tmp/candidate|g" "$f" >"$tmp/conf.d/$name"
done
[ "$included" -eq 1 ] || printf 'include %s/*.conf;\n' "$tmp/candidate" >"$tmp/conf.d/zz-paas-candidate.conf"

# nginx's messages name the candidate files as paas knows them.
set +e
# nginx -t opens every app's log files: with 1,000 apps more than sudo's usual limit of 1024 (the
# running nginx gets the same limit from install.sh / start-services.sh).
ulimit -n 65536 2>/dev/null || true
out=$("$NGINX" -t -q -c "$tmp/nginx.conf" 2>&1)
rc=$?
set -e
[ -z "$out" ] || printf '%s\n' "$out" | sed -e "s|$tmp/candidate|$CANDIDATE|g" -e "s|$tmp/conf.d|$CONF_D|g" -e "s|$tmp/nginx.conf|$MAIN|g" >&2
exit "$rc"
