#!/usr/bin/env bash
# Starts the Docker engine, nginx, sshd and cron when they are not running (there is no systemd here).
set -euo pipefail
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo

# Run a daemon without the descriptors this script inherited: a daemon keeps what it inherits for its
# whole life, so a lock held by our caller (the e2e lock, fd 9) would otherwise never be released.
no_inherited_fds() { # CMD...
  (
    for fd in "/proc/$BASHPID"/fd/*; do
      fd=${fd##*/}
      [ "$fd" -gt 2 ] && { eval "exec $fd>&-" 2>/dev/null || true; }
    done
    exec "$@"
  )
}

if ! $SUDO docker info >/dev/null 2>&1; then
  echo "-----> starting dockerd"
  no_inherited_fds $SUDO setsid -f dockerd >/var/log/paas-dockerd.log 2>&1 </dev/null
  for _ in $(seq 1 60); do
    $SUDO docker info >/dev/null 2>&1 && break
    sleep 1
  done
  if ! $SUDO docker info >/dev/null 2>&1; then
    echo " !     dockerd did not answer within 60 s; its log:" >&2
    tail -n 40 /var/log/paas-dockerd.log >&2 || true
    exit 1
  fi
fi
echo "-----> docker engine $($SUDO docker version --format '{{.Server.Version}}')"

if ! pgrep -x nginx >/dev/null; then
  echo "-----> starting nginx"
  # Every app's access and error log is open in nginx: 1,000 apps need more than the usual 1024.
  no_inherited_fds $SUDO bash -c 'ulimit -n 65536 2>/dev/null || true; exec nginx'
fi

if ! pgrep -x sshd >/dev/null; then
  echo "-----> starting sshd"
  $SUDO mkdir -p /run/sshd
  [ -f /etc/ssh/ssh_host_ed25519_key ] || $SUDO ssh-keygen -A
  no_inherited_fds $SUDO /usr/sbin/sshd
fi

# cron runs the jobs of /etc/cron.d/paas and the paas user's crontab (app.json cron tasks).
if command -v cron >/dev/null && ! pgrep -x cron >/dev/null; then
  echo "-----> starting cron"
  no_inherited_fds $SUDO cron
fi
