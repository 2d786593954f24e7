#!/usr/bin/env bats
# The machine under test really works: the engine runs locally made images and publishes ports,
# nginx answers, and paas itself starts.
load helpers/common

teardown() { docker rm -f paas-smoke-http >/dev/null 2>&1 || true; }

@test "the Docker engine runs a container from a locally made base image" {
  run docker run --rm paas/busybox:latest echo engine works
  assert_success
  assert_output 'engine works'
  run docker run --rm paas/debian:bookworm cat /etc/debian_version
  assert_output --regexp '^12\.'
}

@test "a container answers HTTP on a published port" {
  docker run -d --name paas-smoke-http -p 127.0.0.1:18080:8080 paas/busybox:latest \
    sh -c 'mkdir -p /www && echo smoke-ok > /www/index.html && exec httpd -f -p 8080 -h /www' >/dev/null
  wait_until 20 curl -fsS http://127.0.0.1:18080/
  run curl -fsS http://127.0.0.1:18080/
  assert_success
  assert_output 'smoke-ok'
}

@test "nginx answers and the installed paas command runs as the paas user" {
  run curl -sS -o /dev/null -w '%{http_code}' http://127.0.0.1/
  assert_success
  run sudo -u paas paas version
  assert_success
  assert_output --regexp '^paas [0-9]+\.[0-9]+\.[0-9]+'
}
