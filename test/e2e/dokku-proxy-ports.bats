#!/usr/bin/env bats
# Dokku's own tests of the proxy, ports and docker-options plugins that need a deployed app (dokku/dokku
# tests/unit/proxy.bats, ports.bats, docker-options.bats, docker-options-2.bats), ported mechanically:
# `dokku` -> `paas`, TEST_APP -> c8-px. Dokku's $DOKKU_ROOT/APP/nginx.conf is paas's
# live vhost (nginx:show-config prints it). One busybox Dockerfile app, pushed once (setup_file), is
# shared by the tests in order. Installed system: e2e.sh.
load helpers/common

APP=c8-px

setup_file() {
  setup_push_key c8-px-key
  export GIT_SSH_COMMAND PUSH_KEY
  destroy_app "$APP"
  paas apps:create "$APP" >/dev/null
  paas checks:set "$APP" wait 1 >/dev/null
  SRC="$BATS_FILE_TMPDIR/src"
  make_repo "$SRC" \
    'Dockerfile=FROM paas/busybox
EXPOSE 3000
ARG GITHUB_TOKEN
RUN echo "TOKEN is: $GITHUB_TOKEN"
RUN mkdir -p /www && echo "proxy app" > /www/index.html
CMD ["/bin/sh", "-c", "exec httpd -f -p $PORT -h /www"]'
  push_app "$SRC" "$APP" >"$BATS_FILE_TMPDIR/push.log" 2>&1
}

teardown_file() {
  destroy_app "$APP"
  paas ssh-keys:remove c8-px-key >/dev/null 2>&1 || true
}

has_config() { paas nginx:show-config "$APP" >/dev/null 2>&1; }

# from dokku tests/unit/proxy.bats "(proxy) proxy:build-config/clear-config"
@test "(proxy) proxy:build-config/clear-config" {
  run has_config
  assert_success
  run paas proxy:clear-config "$APP"
  assert_success
  run has_config
  assert_failure
  run http_get "$APP"
  refute_output "proxy app"
  run paas proxy:build-config "$APP"
  assert_success
  run has_config
  assert_success
  run http_get "$APP"
  assert_output "proxy app"
  run paas proxy:clear-config --all
  assert_success
  run has_config
  assert_failure
  run paas proxy:build-config "$APP"
  assert_success
}

# from dokku tests/unit/proxy.bats "(proxy) proxy:enable/disable"
@test "(proxy) proxy:enable/disable" {
  run http_get "$APP"
  assert_output "proxy app"
  run paas proxy:disable "$APP"
  assert_success
  run docker port "$APP.web.1"
  assert_output ""
  run has_config
  assert_failure
  run paas proxy:enable "$APP"
  assert_success
  run http_get "$APP"
  assert_output "proxy app"
  run docker port "$APP.web.1"
  assert_output ""
}

get_port() { # HOST-PORT
  curl -sS --max-time 10 -H "Host: $APP.$PAAS_TEST_DOMAIN" "http://127.0.0.1:$1/"
}

# from dokku tests/unit/ports.bats "(ports:report) dockerfile tls"
# (paas maps the first EXPOSEd TCP port as http:80:PORT where Dokku maps each as http:PORT:PORT:
# docs/dokku-differences.md, builds; a certificate adds https:443 to it as Dokku turns http into https)
@test "(ports:report) dockerfile tls" {
  run paas --quiet ports:report "$APP" --ports-map
  assert_output ""
  run paas --quiet ports:report "$APP" --ports-map-detected
  assert_output "http:80:3000"
  TLS="$BATS_TEST_TMPDIR/tls"
  mkdir -p "$TLS"
  tar xf "$REPO/test/e2e/fixtures/dokku/server_ssl.tar" -C "$TLS"
  run paas certs:add "$APP" "$TLS/server.crt" "$TLS/server.key"
  assert_success
  run paas --quiet ports:report "$APP" --ports-map
  assert_output ""
  run paas --quiet ports:report "$APP" --ports-map-detected
  assert_output "http:80:3000 https:443:3000"
  run paas certs:remove "$APP"
  assert_success
  run paas --quiet ports:report "$APP" --ports-map-detected
  assert_output "http:80:3000"
}

# from dokku tests/unit/ports.bats "(ports:add) post-deploy add"
# (host ports 18080/18081 where Dokku uses 8080/8081, which other services of a test machine may hold)
@test "(ports:add) post-deploy add" {
  run paas ports:add "$APP" http:18080:3000 http:18081:3000
  assert_success
  run paas --quiet urls "$APP"
  assert_line "http://$APP.$PAAS_TEST_DOMAIN:18080"
  for url in $(paas --quiet urls "$APP"); do
    hostport=${url#*://}
    port=80
    [[ $hostport == *:* ]] && port=${hostport##*:}
    run get_port "$port"
    assert_output "proxy app"
  done
  run get_port 18080
  assert_output "proxy app"
  run get_port 18081
  assert_output "proxy app"
}

# from dokku tests/unit/ports.bats "(ports) ports not reinitialized on upgrade"
# (Dokku's upgrade is a git:from-image of a Docker Hub image; here a rebuild of the pushed source: the
# mappings set by hand stay, no random port is chosen)
@test "(ports) ports not reinitialized on upgrade" {
  run paas ports:set "$APP" http:18080:3000
  assert_success
  run paas ps:rebuild "$APP"
  assert_success
  refute_output --partial "Random port"
  run paas --quiet ports:report "$APP" --ports-map
  assert_output "http:18080:3000"
  run paas --quiet ports:report "$APP" --ports-map-detected
  assert_output "http:80:3000"
  run get_port 18080
  assert_output "proxy app"
  run paas ports:clear "$APP"
  assert_success
}

count() { # TEXT NEEDLE
  grep -oF -- "$2" <<<"$1" | wc -l
}

# from dokku tests/unit/docker-options.bats "(docker-options) docker-options:add (all phases over SSH)"
@test "(docker-options) docker-options:add (all phases over SSH)" {
  run ssh -i "$PUSH_KEY" -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o LogLevel=ERROR paas@127.0.0.1 docker-options:add "$APP" build,deploy,run "-v /tmp"
  assert_success
  run paas docker-options:report "$APP"
  assert_success
  [ "$(count "$output" "-v /tmp")" -eq 3 ]
  run paas docker-options:clear "$APP"
  assert_success
}

# from dokku tests/unit/docker-options-2.bats "(docker-options:add) warns on process types missing from Procfile"
@test "(docker-options:add) warns on process types missing from Procfile" {
  run paas docker-options:add --process nonexistent "$APP" deploy '-v /tmp:/tmp'
  assert_success
  assert_output --partial "nonexistent"
  run paas docker-options:clear --process nonexistent "$APP"
  assert_success
}

# from dokku tests/unit/docker-options.bats "(docker-options) deploy with options [dockerfile]",
# "(docker-options) deploy does not expand command substitution in option values [buildpacks]",
# "(docker-options) build arguments", "(docker-options) dockerfile deploy with link" and
# "(docker-options) dockerfile build skips unsupported flags from multi-flag input": one rebuild of the
# Dockerfile app with all of their options (paas builds buildpack apps itself: the [buildpacks] label case
# runs on this app; the $(id) value is its own argument, as paas refuses $ outside quotes in an option
# string: docs/dokku-differences.md, docker-options)
@test "(docker-options) deploy with options [dockerfile]" {
  run paas docker-options:add "$APP" deploy "-v /var/tmp"
  assert_success
  run paas docker-options:add "$APP" deploy "-v /tmp"
  assert_success
  run paas docker-options:report "$APP"
  [ "$(count "$output" "-v /tmp")" -eq 1 ]
  run paas docker-options:add "$APP" deploy --label 'com.dokku.test=$(id)'
  assert_success
  run paas docker-options:add "$APP" build --build-arg PAYPAL_CLIENT_ID=abc-v123
  assert_success
  run paas docker-options:add "$APP" build --build-arg PAYPAL_CLIENT_MODE=sandbox
  assert_success
  run paas docker-options:add "$APP" build '--build-arg GITHUB_TOKEN="hello"'
  assert_success
  run paas docker-options:add "$APP" build --build-arg X=abc --link postgres
  assert_success
  run paas ps:rebuild "$APP"
  assert_success
  assert_output --partial "TOKEN is: hello"
  run bash -c "docker inspect -f '{{ .Config.Volumes }}' '$APP.web.1' | sed -e 's:map::g' | tr -d '[]' | tr ' ' \$'\\n' | sort | xargs"
  assert_output "/tmp:{} /var/tmp:{}"
  run docker inspect "$APP.web.1" --format '{{ index .Config.Labels "com.dokku.test" }}'
  assert_output '$(id)'
  [[ "$output" != *"uid="* ]]
  run http_get "$APP"
  assert_output "proxy app"
  run paas docker-options:clear "$APP"
  assert_success
}

# from dokku tests/unit/docker-options.bats "(docker-options) deploy with options [buildpacks]"
@test "(docker-options) deploy with options [buildpacks]" {
  skip "the same deploy options as \"deploy with options [dockerfile]\" above: paas builds buildpack apps itself and deploy options do not depend on the builder"
}

# from dokku tests/unit/config.bats "(config) global config (dockerfile)" and "(config) global config (herokuish)"
# (paas builds buildpack apps itself; both on this Dockerfile app. A release carries the config it was
# made with, so an app config:set after the --no-restart global one makes the release that run uses)
@test "(config) global config (dockerfile)" {
  run paas config:set --global --no-restart global_test=true \
    HASURA_GRAPHQL_JWT_SECRET='{ "type": "HS256", "key": "347a4efd2dbb6b91aebf38db5dcf2c4e" }' VAR='$123*&456$'
  assert_success
  run paas config:set "$APP" C8_RELEASE=1
  assert_success
  run paas run "$APP" env
  paas config:unset --global --no-restart global_test HASURA_GRAPHQL_JWT_SECRET VAR >/dev/null 2>&1
  assert_success
  assert_line "global_test=true"
  assert_line 'HASURA_GRAPHQL_JWT_SECRET={ "type": "HS256", "key": "347a4efd2dbb6b91aebf38db5dcf2c4e" }'
  assert_line 'VAR=$123*&456$'
}
