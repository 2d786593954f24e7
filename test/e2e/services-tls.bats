#!/usr/bin/env bats
# Postgres and mysql services speak TLS (a self-signed certificate made when the service is created), so clients
# that require it (Django's ssl_require, sslmode=require) connect, and the URL without sslmode keeps
# working for clients that do not ask. psql runs on the host against the container's address.
load 'helpers/common.bash'

PG=rt-pg
MY=rt-my

setup_file() {
  paas postgres:destroy "$PG" --force >/dev/null 2>&1 || true
  paas postgres:create "$PG" >/dev/null
}

teardown_file() {
  paas postgres:destroy "$PG" --force >/dev/null 2>&1 || true
  paas mysql:destroy "$MY" --force >/dev/null 2>&1 || true
}

pg_ip() {
  docker inspect -f '{{(index .NetworkSettings.Networks "paas-services").IPAddress}}' "paas.postgres.$PG"
}

# The service URL with its host name (only resolvable on the paas-services network) replaced by the IP.
host_url() {
  paas postgres:info "$PG" --dsn | sed "s/@paas-postgres-$PG:/@$(pg_ip):/"
}

SSL_IN_USE="select ssl from pg_stat_ssl where pid = pg_backend_pid()"

@test "postgres: sslmode=require connects over TLS" {
  run psql "$(host_url)?sslmode=require" -tAc "$SSL_IN_USE"
  assert_success
  assert_output t
}

@test "postgres: the URL without sslmode still works, and so does a client that refuses TLS" {
  run paas postgres:info "$PG" --dsn
  refute_output --partial sslmode
  run psql "$(host_url)" -tAc 'select 1'
  assert_success
  assert_output 1
  run psql "$(host_url)?sslmode=disable" -tAc "$SSL_IN_USE"
  assert_success
  assert_output f
}

@test "postgres: the certificate names the service host, and its key is private to the server" {
  local data="/var/lib/paas/services/postgres/$PG/data"
  [ "$(stat -c %a "$data/server.key")" = 600 ]
  run openssl x509 -in "$data/server.crt" -noout -subject -ext subjectAltName
  assert_output --partial "CN = paas-postgres-$PG"
  assert_output --partial "DNS:paas-postgres-$PG"
  # verify-full: the certificate checks out for the name apps use (resolved here by hostaddr).
  local url pw
  url=$(paas postgres:info "$PG" --dsn)
  pw=$(printf '%s' "$url" | sed -E 's#^postgres://[^:]*:([^@]*)@.*#\1#')
  run psql "host=paas-postgres-$PG hostaddr=$(pg_ip) port=5432 user=postgres password=$pw dbname=rt_pg sslmode=verify-full sslrootcert=$data/server.crt" -tAc "$SSL_IN_USE"
  assert_success
  assert_output t
}

@test "mysql: a client that asks for TLS gets it, one that does not still connects" {
  paas mysql:destroy "$MY" --force >/dev/null 2>&1 || true
  run paas mysql:create "$MY"
  assert_success
  local pw
  pw=$(paas mysql:info "$MY" --dsn | sed -E 's#^mysql://[^:]*:([^@]*)@.*#\1#')
  # Over TCP inside the container (the host has no mysql client): the same path an app's client takes.
  run docker exec "paas.mysql.$MY" mariadb -h 127.0.0.1 -umysql "-p$pw" --ssl -N -e "SHOW STATUS LIKE 'Ssl_version'"
  assert_success
  assert_output --regexp 'Ssl_version[[:space:]]+TLSv1\.[23]'
  run docker exec "paas.mysql.$MY" mariadb -h 127.0.0.1 -umysql "-p$pw" --skip-ssl -N -e "SELECT 'plain ok'"
  assert_success
  assert_output 'plain ok'
  paas mysql:destroy "$MY" --force >/dev/null 2>&1 || true
}
