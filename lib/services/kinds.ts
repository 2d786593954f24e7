// What differs between the datastore kinds: image recipe, port, data dir, env var, URL, probe and dump
// commands. Everything else (containers, links, info) is one generic engine in service.ts.
// The images are made locally from paas/debian:bookworm (no registry): Debian 12 ships postgresql 15,
// redis 7 and mariadb 10.11. Each entrypoint runs as root only to give the bind-mounted data dir to the
// server's user (the host dir belongs to the paas user), initialises it on first start, then execs the
// server unprivileged so docker's stop signal reaches it.

import crypto from 'node:crypto';

export type ServiceKind = 'postgres' | 'redis' | 'mysql';
export const SERVICE_KINDS: ServiceKind[] = ['postgres', 'redis', 'mysql'];

export interface ServiceCredentials {
  user: string;
  password: string;
  /** mysql only: root's password (root also logs in over the socket inside the container). */
  rootPassword?: string;
  database: string;
}

export interface KindDefinition {
  kind: ServiceKind;
  /** Product name for messages. */
  title: string;
  image: string;
  version: string;
  port: number;
  /** Where the server keeps its data inside the container (bind-mounted from the service dir). */
  dataDir: string;
  /** The app env var a link sets without --alias. */
  envVar: string;
  scheme: string;
  stopSignal: string;
  dockerfile: string;
  entrypoint: string;
  /** Container env that hands the credentials to the entrypoint. */
  containerEnv(c: ServiceCredentials): string[];
  /** Exits 0 once the server accepts clients (run with docker exec). */
  probe: string[];
  /** Interactive client (docker exec -it). */
  connect(c: ServiceCredentials): string[];
  /** Dump to stdout. */
  exportCommand(c: ServiceCredentials): string[];
  /** Restore from stdin (undefined: the kind restores differently, see redis). */
  importCommand?(c: ServiceCredentials): string[];
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

/**
 * Entrypoint lines that make a self-signed certificate for the service host in the data dir $D on the
 * first start (written under temporary names, then renamed; the key 0600 and owned by the server user).
 */
function selfSignedCert(cert: string, key: string, owner: string): string {
  return `if [ ! -s "$D/${cert}" ] || [ ! -s "$D/${key}" ]; then
  cn=\${PAAS_SERVICE_HOST:-$(hostname)}
  openssl req -new -x509 -days 3650 -nodes -newkey rsa:2048 -subj "/CN=$cn" -addext "subjectAltName=DNS:$cn" \\
    -keyout "$D/${key}.tmp" -out "$D/${cert}.tmp" 2>/dev/null
  chmod 600 "$D/${key}.tmp"
  chown ${owner}:${owner} "$D/${key}.tmp" "$D/${cert}.tmp"
  mv "$D/${key}.tmp" "$D/${key}"
  mv "$D/${cert}.tmp" "$D/${cert}"
fi
`;
}

const postgres: KindDefinition = {
  kind: 'postgres',
  title: 'PostgreSQL',
  image: 'paas/service-postgres',
  version: '15',
  port: 5432,
  dataDir: '/var/lib/postgresql/data',
  envVar: 'DATABASE_URL',
  scheme: 'postgres',
  // SIGTERM is postgres' "smart" shutdown, which waits for every client to leave; SIGINT is the fast one.
  stopSignal: 'SIGINT',
  dockerfile: [
    'FROM paas/debian:bookworm',
    // The package would make a default cluster in the image; the entrypoint makes its own in the data dir.
    'RUN mkdir -p /etc/postgresql-common/createcluster.d && echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/paas.conf \\',
    ' && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 postgresql-client-15 python3 openssl \\',
    ' && rm -rf /var/lib/apt/lists/*',
    `ENV PATH=${PG_BIN}:$PATH`,
    'COPY entrypoint.sh /usr/local/bin/paas-service-entrypoint',
    'RUN chmod 755 /usr/local/bin/paas-service-entrypoint',
    'EXPOSE 5432',
    'ENTRYPOINT ["/usr/local/bin/paas-service-entrypoint"]',
    '',
  ].join('\n'),
  entrypoint: `#!/bin/sh
set -e
D=/var/lib/postgresql/data
mkdir -p "$D" /var/run/postgresql
chown postgres:postgres "$D" /var/run/postgresql
chmod 700 "$D"
as_pg() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
if [ ! -s "$D/PG_VERSION" ]; then
  umask 077
  printf '%s\\n' "$POSTGRES_PASSWORD" > /tmp/pwfile
  chown postgres /tmp/pwfile
  as_pg initdb -D "$D" -U postgres --pwfile=/tmp/pwfile --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >/dev/null
  rm -f /tmp/pwfile
  echo "listen_addresses = '*'" >> "$D/postgresql.conf"
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "$D/pg_hba.conf"
  echo "host all all ::/0 scram-sha-256" >> "$D/pg_hba.conf"
  as_pg pg_ctl -D "$D" -o "-c listen_addresses=''" -w start >/dev/null
  as_pg createdb -U postgres "$POSTGRES_DB"
  as_pg pg_ctl -D "$D" -m fast -w stop >/dev/null
fi
# TLS with a self-signed certificate made on the first start (at service create, or the first start of
# a data dir that has none), so clients can ask for sslmode=require. The server still accepts clients
# that do not ask for TLS: pg_hba.conf's "host" lines match both.
${selfSignedCert('server.crt', 'server.key', 'postgres')}exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$D" \\
  -c ssl=on -c ssl_cert_file="$D/server.crt" -c ssl_key_file="$D/server.key"
`,
  containerEnv: (c) => [`POSTGRES_PASSWORD=${c.password}`, `POSTGRES_DB=${c.database}`],
  // Over TCP, so the socket-only server of the first-start initialisation does not count as ready.
  probe: ['pg_isready', '-q', '-h', '127.0.0.1', '-U', 'postgres'],
  connect: (c) => ['psql', '-U', 'postgres', c.database],
  exportCommand: (c) => ['pg_dump', '-U', 'postgres', '--no-owner', '--no-acl', c.database],
  // Query results of the dump's statements (set_config...) are noise; errors still reach stderr.
  importCommand: (c) => ['psql', '-q', '-o', '/dev/null', '-v', 'ON_ERROR_STOP=1', '-U', 'postgres', c.database],
};

const redis: KindDefinition = {
  kind: 'redis',
  title: 'Redis',
  image: 'paas/service-redis',
  version: '7',
  port: 6379,
  dataDir: '/data',
  envVar: 'REDIS_URL',
  scheme: 'redis',
  stopSignal: 'SIGTERM',
  dockerfile: [
    'FROM paas/debian:bookworm',
    'RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server redis-tools python3 \\',
    ' && rm -rf /var/lib/apt/lists/*',
    'COPY entrypoint.sh /usr/local/bin/paas-service-entrypoint',
    'RUN chmod 755 /usr/local/bin/paas-service-entrypoint',
    'EXPOSE 6379',
    'ENTRYPOINT ["/usr/local/bin/paas-service-entrypoint"]',
    '',
  ].join('\n'),
  // Redis' built-in save points apply when no config file is given, and it saves on SIGTERM.
  entrypoint: `#!/bin/sh
set -e
mkdir -p /data
chown redis:redis /data
exec setpriv --reuid=redis --regid=redis --init-groups redis-server --bind 0.0.0.0 --port 6379 --dir /data --dbfilename dump.rdb --requirepass "$REDIS_PASSWORD"
`,
  containerEnv: (c) => [`REDIS_PASSWORD=${c.password}`, `REDISCLI_AUTH=${c.password}`],
  // REDISCLI_AUTH (container env) gives redis-cli the password without it showing in `ps`.
  probe: ['redis-cli', 'ping'],
  connect: () => ['redis-cli'],
  exportCommand: () => ['sh', '-c', 'redis-cli SAVE >/dev/null && cat /data/dump.rdb'],
};

const mysql: KindDefinition = {
  kind: 'mysql',
  title: 'MySQL (MariaDB)',
  image: 'paas/service-mysql',
  version: '10.11',
  port: 3306,
  dataDir: '/var/lib/mysql',
  envVar: 'DATABASE_URL',
  scheme: 'mysql',
  stopSignal: 'SIGTERM',
  dockerfile: [
    'FROM paas/debian:bookworm',
    'RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends mariadb-server mariadb-client openssl \\',
    ' && rm -rf /var/lib/apt/lists/* /var/lib/mysql/*',
    'COPY entrypoint.sh /usr/local/bin/paas-service-entrypoint',
    'RUN chmod 755 /usr/local/bin/paas-service-entrypoint',
    'EXPOSE 3306',
    'ENTRYPOINT ["/usr/local/bin/paas-service-entrypoint"]',
    '',
  ].join('\n'),
  // The first start creates the database and its user through --init-file, which the server runs
  // before it accepts any client. root logs in over the socket only (unix_socket auth). The installer's
  // mysql@localhost (socket auth) would shadow the app user for clients inside the container, so it goes.
  entrypoint: `#!/bin/sh
set -e
D=/var/lib/mysql
mkdir -p "$D" /run/mysqld
chown mysql:mysql "$D" /run/mysqld
if [ ! -d "$D/mysql" ]; then
  mariadb-install-db --user=mysql --datadir="$D" --skip-test-db --auth-root-authentication-method=socket >/dev/null
  umask 077
  cat > /run/mysqld/init.sql <<SQL
DROP USER IF EXISTS 'mysql'@'localhost';
CREATE DATABASE IF NOT EXISTS \\\`$MYSQL_DATABASE\\\`;
CREATE USER IF NOT EXISTS 'mysql'@'%' IDENTIFIED BY '$MYSQL_PASSWORD';
GRANT ALL PRIVILEGES ON \\\`$MYSQL_DATABASE\\\`.* TO 'mysql'@'%';
FLUSH PRIVILEGES;
SQL
  chown mysql /run/mysqld/init.sql
  set -- --init-file=/run/mysqld/init.sql
fi
# TLS as for postgres: a self-signed certificate made on the first start; clients that do not ask for
# TLS still connect (require_secure_transport stays off). Files at the top of the data dir: a directory
# there would be a database.
${selfSignedCert('server-cert.pem', 'server-key.pem', 'mysql')}exec mariadbd --user=mysql --datadir="$D" --bind-address=0.0.0.0 --port=3306 \\
  --ssl-cert="$D/server-cert.pem" --ssl-key="$D/server-key.pem" "$@"
`,
  containerEnv: (c) => [`MYSQL_PASSWORD=${c.password}`, `MYSQL_DATABASE=${c.database}`],
  probe: ['mariadb-admin', '--protocol=socket', '-uroot', 'ping'],
  connect: (c) => ['mariadb', '-uroot', c.database],
  exportCommand: (c) => ['mariadb-dump', '-uroot', '--single-transaction', '--routines', c.database],
  importCommand: (c) => ['mariadb', '-uroot', c.database],
};

export const KINDS: Record<ServiceKind, KindDefinition> = { postgres, redis, mysql };

/** Changes whenever the image's Dockerfile or entrypoint does: an image made from an older recipe is made again. */
export function imageRecipe(def: KindDefinition): string {
  return crypto
    .createHash('sha256')
    .update(def.dockerfile)
    .update('\0')
    .update(def.entrypoint)
    .digest('hex')
    .slice(0, 16);
}

export function imageRef(def: KindDefinition): string {
  return `${def.image}:${def.version}`;
}

/** The host name apps use: the container's alias on the paas-services network. */
export function serviceHost(def: KindDefinition, name: string): string {
  // `_` is not valid in a host name: dashes instead, as dokku-postgres's service_dns_hostname does.
  return `paas-${def.kind}-${name.replace(/_/g, '-')}`;
}

export function containerName(def: KindDefinition, name: string): string {
  return `paas.${def.kind}.${name}`;
}

/** Database names cannot hold dashes unquoted in SQL; service names can. */
export function databaseName(name: string): string {
  return name.replace(/-/g, '_');
}

/** The URL a link sets; `scheme` is the app's REDIS_DATABASE_SCHEME etc. when it has one. */
export function serviceUrl(def: KindDefinition, name: string, c: ServiceCredentials, scheme = def.scheme): string {
  const host = `${serviceHost(def, name)}:${def.port}`;
  if (def.kind === 'redis') return `${scheme}://:${encodeURIComponent(c.password)}@${host}`;
  return `${scheme}://${encodeURIComponent(c.user)}:${encodeURIComponent(c.password)}@${host}/${c.database}`;
}

export function defaultUser(def: KindDefinition): string {
  return def.kind === 'postgres' ? 'postgres' : def.kind === 'mysql' ? 'mysql' : 'default';
}
