#!/usr/bin/env bats
# Issue 9, "no path from a key to root", on the installed system: file modes of the state root, the
# root-owned nginx check behind the sudo rule, log paths, storage and docker options for a user key,
# certs:add input limits and committed symlinks. A user key is simulated the way paas-ssh-command passes
# it on: PAAS_USER and PAAS_ROLE in the environment of a local `paas`.
load helpers/common

STATE=/var/lib/paas
HELPER=/usr/local/lib/paas/nginx-check
UAPP=hd-uapp

as_user() { PAAS_USER=hd-u PAAS_ROLE=user paas "$@"; }
as_paas() { sudo -u paas -H "$@"; }

setup_file() {
  destroy_app "$UAPP"
  # Created by the user key, so it is that key's app (a user key may only use its own apps).
  as_user apps:create "$UAPP" >/dev/null
}

teardown_file() {
  rm -f "$STATE/nginx/candidate/hd-evil.conf"
  for app in "$UAPP" hd-sym hd-rc; do destroy_app "$app"; done
  rm -rf "$STATE/storage/hd-data"
  rm -f /etc/hd-evil.log /tmp/hd-evil.log
  paas ssh-keys:remove hd-key >/dev/null 2>&1 || true
}

@test "the state root, repos, builds and apps are 0750: another local account reads no source or .env" {
  run stat -c '%a %U' "$STATE" "$STATE/repos" "$STATE/builds" "$STATE/apps" "$STATE/props" "$STATE/storage"
  assert_output "750 paas
750 paas
750 paas
750 paas
750 paas
750 paas"
  run stat -c '%a' "$STATE/acme-challenge" "$STATE/ssh-keys"
  assert_output "755
700"
  paas config:set --no-restart "$UAPP" HD_SECRET=s3cret >/dev/null
  run sudo -u nobody cat "$STATE/apps/$UAPP/ENV"
  assert_failure
  refute_output --partial s3cret
  run sudo -u nobody ls "$STATE/repos"
  assert_failure
  # nginx's workers still reach the ACME challenge directory (HTTP-01 keeps working).
  run sudo -u www-data ls "$STATE/acme-challenge"
  assert_success
}

@test "sudo lets paas run only the root-owned nginx check, never nginx -c on a file it owns" {
  run stat -c '%a %U %G' /usr/local/lib/paas "$HELPER"
  assert_output "755 root root
755 root root"
  run grep -c -- '-c ' /etc/sudoers.d/paas
  assert_output 0
  # The rule of old: nginx -t on a config paas writes, where a load_module line would run as root.
  as_paas mkdir -p "$STATE/nginx/check"
  printf 'load_module /tmp/hd-evil.so;\nevents {}\n' | as_paas tee "$STATE/nginx/check/nginx.conf" >/dev/null
  run as_paas sudo -n /usr/sbin/nginx -t -q -c "$STATE/nginx/check/nginx.conf"
  assert_failure
  refute_output --partial 'hd-evil.so'
  rm -rf "$STATE/nginx/check"
  run as_paas sudo -n "$HELPER" /tmp/other.conf
  assert_failure
  # The helper passes the tree paas renders...
  run as_paas sudo -n "$HELPER"
  assert_success
  run as_paas paas nginx:validate-config
  assert_success
  assert_output --partial 'nginx config is valid'
}

@test "the nginx check refuses candidate files that would make root load code or read files" {
  evil="$STATE/nginx/candidate/hd-evil.conf"
  as_paas mkdir -p "$STATE/nginx/candidate"
  for body in 'load_module /tmp/hd-evil.so;' 'include /etc/shadow;' '"inc""lude" /etc/shadow;' \
    'access_log /etc/hd-evil.log;' 'ssl_certificate_key engine:hd:x;' 'perl_require /tmp/x.pl;'; do
    printf 'server {\n  listen 127.0.0.1:18099;\n  %s\n}\n' "$body" | as_paas tee "$evil" >/dev/null
    run as_paas sudo -n "$HELPER"
    assert_failure
    assert_output --partial "refusing $evil"
    refute_output --partial 'root:'
  done
  as_paas rm -f "$evil"
  as_paas ln -s /etc/shadow "$evil"
  run as_paas sudo -n "$HELPER"
  assert_failure
  assert_output --partial 'not a regular file'
  refute_output --partial 'root:'
  as_paas rm -f "$evil"
  [ ! -e /etc/hd-evil.log ]
}

@test "nginx log paths stay under /var/log/nginx for everyone and are admin-only" {
  run paas nginx:set "$UAPP" access-log-path /etc/hd-evil.log
  assert_failure 64
  assert_output --partial 'a file under /var/log/nginx/, /dev/stdout, /dev/stderr or off'
  run paas nginx:set "$UAPP" error-log-path '/var/log/nginx/../../../tmp/hd-evil.log'
  assert_failure 64
  run paas nginx:set "$UAPP" access-log-path '/var/log/nginx/a.log;load_module'
  assert_failure
  run as_user nginx:set "$UAPP" access-log-path /var/log/nginx/hd.log
  assert_failure 77
  [ ! -e "$STATE/props/nginx/$UAPP/access-log-path" ]
  [ ! -e /etc/hd-evil.log ] && [ ! -e /tmp/hd-evil.log ]
  run paas nginx:set "$UAPP" access-log-path /var/log/nginx/hd-uapp.log
  assert_success
  run cat "$STATE/props/nginx/$UAPP/access-log-path"
  assert_output /var/log/nginx/hd-uapp.log
  paas nginx:set "$UAPP" access-log-path >/dev/null
}

@test "a user key mounts storage only under the storage root, without symlinks; an admin anywhere" {
  for spec in /:/hostroot /etc:/etc:ro /var/run/docker.sock:/var/run/docker.sock "$STATE:/state" "$STATE/storage:/all"; do
    run as_user storage:mount "$UAPP" "$spec"
    assert_failure 77
    assert_output --partial 'Only an admin may mount'
  done
  paas storage:ensure-directory hd-data >/dev/null
  ln -sfn / "$STATE/storage/hd-data/up"
  run as_user storage:mount "$UAPP" "$STATE/storage/hd-data/up/etc:/x"
  assert_failure 77
  assert_output --partial 'passes through the symlink'
  run paas storage:list "$UAPP"
  refute_output --partial ':/'
  run as_user storage:mount "$UAPP" "$STATE/storage/hd-data:/data"
  assert_success
  run paas storage:mount "$UAPP" /srv:/srv
  assert_success
  run paas storage:list "$UAPP" --format json
  assert_output "[{\"host_path\":\"$STATE/storage/hd-data\",\"container_path\":\"/data\"},{\"host_path\":\"/srv\",\"container_path\":\"/srv\"}]"
}

@test "a user key sets docker options from the safe list only" {
  for opt in '--privileged' '-v /:/x' '--mount type=bind,source=/,target=/x' '--cap-add=ALL' '--cap-add SYS_ADMIN' \
    '--device /dev/mem' '--security-opt seccomp=unconfined' '--network host' '-v /var/run/docker.sock:/s'; do
    run as_user docker-options:add "$UAPP" deploy "$opt"
    assert_failure 77
    assert_output --partial 'Only an admin may add the docker option'
  done
  run paas docker-options:report "$UAPP" --docker-options-deploy
  assert_output ''
  run as_user docker-options:add "$UAPP" deploy --cap-add NET_ADMIN -p 51820:51820/udp
  assert_success
  run paas docker-options:report "$UAPP" --docker-options-deploy
  assert_output '--cap-add NET_ADMIN -p 51820:51820/udp'
}

@test "certs:add refuses input over 1 MiB and a gzip bomb, and file paths from a user key" {
  run bash -c "head -c 2M /dev/zero | paas certs:add $UAPP"
  assert_failure
  assert_output --partial 'larger than 1 MiB'
  run bash -c "head -c 64M /dev/zero | gzip -c | paas certs:add $UAPP"
  assert_failure
  assert_output --partial 'unpacked archive is larger than 1 MiB'
  run as_user certs:add "$UAPP" "$STATE/apps/$UAPP/tls/server.crt" "$STATE/apps/$UAPP/tls/server.key"
  assert_failure 77
  [ ! -e "$STATE/apps/$UAPP/tls/server.crt" ]
}

@test "a build-dir that is a committed symlink out of the tree is refused at push" {
  setup_push_key hd-key
  dir="$BATS_TEST_TMPDIR/sym"
  make_repo "$dir" 'README=x'
  ln -s /etc "$dir/web"
  commit_all "$dir" 'symlinked build-dir'
  paas apps:create hd-sym >/dev/null
  paas builder:set hd-sym build-dir web >/dev/null
  run push_app "$dir" hd-sym
  assert_failure
  assert_output --partial 'build-dir web leads out of the pushed source through a symlink'
}

@test "stored docker options are checked again at deploy: an admin's keep working, a hand-stored one is refused" {
  setup_push_key hd-key
  dir="$BATS_TEST_TMPDIR/rc"
  make_repo "$dir" \
    'Dockerfile=FROM paas/busybox
COPY index.html /www/index.html
CMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]' \
    'index.html=hd-rc'
  as_user apps:create hd-rc >/dev/null
  paas docker-options:add hd-rc deploy --cap-add SYS_PTRACE >/dev/null
  run push_app "$dir" hd-rc
  assert_success
  wait_until 20 http_ok hd-rc
  # A user key restarts it: the admin's capability is still applied.
  run as_user ps:restart hd-rc
  assert_success
  cid=$(docker ps -q --filter label=paas.app=hd-rc --filter label=paas.process=web | head -n1)
  run docker inspect -f '{{.HostConfig.CapAdd}} {{.HostConfig.Privileged}}' "$cid"
  assert_output '[SYS_PTRACE] false'
  # A line stored before paas recorded who set it (or edited in by hand) is refused at deploy.
  printf -- '--cap-add SYS_PTRACE\n--privileged\n' >"$STATE/props/docker-options/hd-rc/deploy"
  run paas ps:restart hd-rc
  assert_failure 77
  assert_output --partial 'Stored deploy docker option "--privileged" of hd-rc was not set by an admin and is refused'
  run docker inspect -f '{{.HostConfig.Privileged}}' "$(docker ps -q --filter label=paas.app=hd-rc --filter label=paas.process=web | head -n1)"
  assert_output false
  run http_get hd-rc
  assert_output hd-rc
  # The admin vouches for it by adding it again (Dokku's freedom), or removes it.
  paas docker-options:remove hd-rc deploy --privileged >/dev/null
  run paas ps:restart hd-rc
  assert_success
}

@test "authorized_keys lines use restrict,pty, also for keys added before" {
  setup_push_key hd-key
  keys=$(getent passwd paas | cut -d: -f6)/.ssh/authorized_keys
  run grep -c 'no-port-forwarding' "$keys"
  assert_output 0
  run grep -c 'paas-ssh-command hd-key",restrict,pty ssh-ed25519' "$keys"
  assert_output 1
}
