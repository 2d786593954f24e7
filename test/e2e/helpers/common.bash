# Shared set-up for every bats file: libraries, the paas command under test, and small waits.
# Two ways to run paas:
#   use_temp_root   -> `paas` runs this checkout's dist/bin with a fresh PAAS_ROOT (pure CLI tests)
#   (default)       -> `paas` is the installed command on /var/lib/paas (push, docker, nginx tests)
REPO="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load '/usr/lib/bats/bats-file/load'

export PAAS_TEST_DOMAIN="${PAAS_TEST_DOMAIN:-paas.test}"

use_temp_root() {
  PAAS_ROOT="$(mktemp -d "${BATS_RUN_TMPDIR:-/tmp}/paas-root.XXXXXX")"
  export PAAS_ROOT
  paas() { node "$REPO/dist/bin/paas.js" "$@"; }
  export -f paas 2>/dev/null || true
}

# curl through nginx with the app's Host header; prints the body.
http_get() { # APP [PATH]
  curl -sS --max-time 10 -H "Host: $1.$PAAS_TEST_DOMAIN" "http://127.0.0.1${2:-/}"
}

# Start a daemon that outlives the test (dockerd, nginx, pebble) without any of bats' descriptors:
# bats waits for every process that still holds its output pipes, so a daemon started plainly would
# hang the whole run after the last test.
detach() { # CMD...
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null
    done
    exec "$@" </dev/null >>/var/log/paas-test-daemons.log 2>&1
  )
}

# Succeeds only when the app answers 2xx/3xx through nginx (for waits).
http_ok() { # APP [PATH]
  curl -fsS -o /dev/null --max-time 10 -H "Host: $1.$PAAS_TEST_DOMAIN" "http://127.0.0.1${2:-/}"
}

# Wait until a command succeeds: tried every 0.2 s for TRIES seconds and at least TRIES times (the bound
# is never shorter than TRIES tries 1 s apart), then once more with its output shown.
wait_until() { # TRIES CMD...
  local tries=$1 n=0 end; shift
  end=$(( ${EPOCHREALTIME/./} + tries * 1000000 ))
  while [ "$n" -lt "$tries" ] || [ "${EPOCHREALTIME/./}" -lt "$end" ]; do
    "$@" >/dev/null 2>&1 && return 0
    n=$((n + 1))
    sleep 0.2
  done
  "$@"
}

# Remove an installed-system app and everything it left, ignoring errors (teardown).
destroy_app() {
  paas apps:destroy "$1" --force >/dev/null 2>&1 || true
  docker ps -aq --filter "label=paas.app=$1" | xargs -r docker rm -f >/dev/null 2>&1 || true
}

# A key that can push, and git/ssh set to use it (installed system).
setup_push_key() { # NAME
  local name=$1
  PUSH_KEY="$BATS_FILE_TMPDIR/id_$name"
  [ -f "$PUSH_KEY" ] || ssh-keygen -q -t ed25519 -N '' -f "$PUSH_KEY" -C "$name@test"
  paas ssh-keys:remove "$name" >/dev/null 2>&1 || true
  paas ssh-keys:add "$name" "$PUSH_KEY.pub" >/dev/null
  export GIT_SSH_COMMAND="ssh -i $PUSH_KEY -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
}

# Make a git repo in DIR from a list of "path=content" pairs.
make_repo() { # DIR path=content...
  local dir=$1; shift
  mkdir -p "$dir"
  git -C "$dir" init -q -b main
  local kv
  for kv in "$@"; do
    mkdir -p "$dir/$(dirname "${kv%%=*}")"
    printf '%s\n' "${kv#*=}" > "$dir/${kv%%=*}"
  done
  git -C "$dir" add -A
  git -C "$dir" -c user.name=test -c user.email=test@example.com commit -q -m init
}

commit_all() { # DIR MESSAGE
  git -C "$1" add -A
  git -C "$1" -c user.name=test -c user.email=test@example.com commit -q -m "$2"
}

push_app() { # DIR APP [extra git push args]
  local dir=$1 app=$2; shift 2
  git -C "$dir" push "$@" "paas@127.0.0.1:$app" main 2>&1
}
