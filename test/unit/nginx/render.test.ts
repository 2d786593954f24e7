import { describe, expect, it } from 'vitest';
import {
  buildVhostModel,
  hstsValue,
  renderGlobalConf,
  renderVhost,
  tlsListenPorts,
  VhostInput,
} from '../../../lib/nginx/render.js';
import { NGINX_SETTINGS } from '../../../lib/nginx/settings.js';
import { PortMapping } from '../../../lib/ports/store.js';

const defaults = () => Object.fromEntries(NGINX_SETTINGS.map((s) => [s.key, s.fallback]));
const http80: PortMapping = { scheme: 'http', hostPort: 80, containerPort: 5000 };
const https443: PortMapping = { scheme: 'https', hostPort: 443, containerPort: 5000 };

function input(over: Partial<VhostInput> = {}): VhostInput {
  return {
    app: 'te-x',
    domains: ['te-x.paas.test'],
    mappings: [http80],
    containerIps: ['172.17.0.5'],
    settings: defaults(),
    acmeDir: '/var/lib/paas/acme-challenge',
    ipv6: false,
    logDir: '/var/log/nginx',
    ...over,
  };
}

/** The text of the server block listening on PORT (plus its ssl flags). */
function serverBlock(conf: string, listen: string): string {
  const blocks = conf.split(/\nserver \{\n/).slice(1);
  const b = blocks.find((x) => x.includes(`  listen ${listen};`));
  if (!b) throw new Error(`no server listening on ${listen} in:\n${conf}`);
  return b;
}

describe('renderVhost', () => {
  it('proxies every live web container through one upstream', () => {
    const conf = renderVhost(input({ containerIps: ['172.17.0.6', '172.17.0.5', '172.17.0.5'] }));
    expect(conf).toContain(
      'upstream paas-te-x-5000 {\n  server 172.17.0.5:5000;\n  server 172.17.0.6:5000;\n  keepalive',
    );
    const s = serverBlock(conf, '80');
    expect(s).toContain('server_name te-x.paas.test;');
    expect(s).toContain('proxy_pass http://paas-te-x-5000;');
    expect(s).not.toContain('listen [::]');
  });

  it('sets forwarding, websocket and request-start headers', () => {
    const s = serverBlock(renderVhost(input()), '80');
    expect(s).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(s).toContain('proxy_set_header Connection $paas_connection_upgrade;');
    expect(s).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
    expect(s).toContain('proxy_set_header X-Forwarded-Proto $scheme;');
    expect(s).toContain('proxy_set_header X-Forwarded-Port $server_port;');
    expect(s).toContain('proxy_set_header X-Request-Start $msec;');
    expect(s).toContain('proxy_http_version 1.1;');
  });

  it('keeps idle connections to the app open (upstream keepalive, HTTP/1.1, no Connection: close)', () => {
    const conf = renderVhost(input({ containerIps: ['172.17.0.5', '172.17.0.6'] }));
    expect(conf).toContain(
      'upstream paas-te-x-5000 {\n  server 172.17.0.5:5000;\n  server 172.17.0.6:5000;\n' +
        '  keepalive 1024;\n  keepalive_timeout 1500ms;\n  keepalive_requests 100000;\n}',
    );
    const up = conf.slice(conf.indexOf('upstream '), conf.indexOf('}'));
    expect(up).toContain('  keepalive 1024;\n');
    expect(up).toContain('  keepalive_timeout 1500ms;\n');
    const s = serverBlock(conf, '80');
    expect(s).toContain('proxy_http_version 1.1;');
    // The map in the global config gives "" for plain requests; a literal close would defeat keepalive.
    expect(s).not.toMatch(/Connection "?close/);
  });

  it('honours nginx:set proxy-keepalive, and 0 turns upstream keepalive off', () => {
    const more = renderVhost(input({ settings: { ...defaults(), 'proxy-keepalive': '128' } }));
    expect(more).toContain('  keepalive 128;\n');
    const off = renderVhost(input({ settings: { ...defaults(), 'proxy-keepalive': '0' } }));
    expect(off).not.toMatch(/keepalive (\d|_timeout 1500ms|_requests)/);
    // Then the app is asked to close (its side keeps the TIME_WAIT sockets, not the host's ports).
    expect(serverBlock(off, '80')).toContain('proxy_set_header Connection $paas_connection_upgrade_close;');
    expect(off).toContain('upstream paas-te-x-5000 {\n  server 172.17.0.5:5000;\n}');
  });

  it('renders nginx:set values', () => {
    const settings = {
      ...defaults(),
      'client-max-body-size': '50m',
      'proxy-read-timeout': '120s',
      'x-forwarded-proto-value': '$http_x_forwarded_proto',
    };
    const s = serverBlock(renderVhost(input({ settings })), '80');
    expect(s).toContain('client_max_body_size 50m;');
    expect(s).toContain('proxy_read_timeout 120s;');
    expect(s).toContain('proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;');
  });

  it("renders Dokku's server-level settings, and X-Forwarded-Ssl only when set", () => {
    const plain = serverBlock(renderVhost(input()), '80');
    for (const line of [
      'server_tokens off;',
      'underscores_in_headers off;',
      'client_body_timeout 60s;',
      'client_header_timeout 60s;',
      'keepalive_timeout 75s;',
      'lingering_timeout 5s;',
      'send_timeout 60s;',
    ])
      expect(plain).toContain(`  ${line}\n`);
    expect(plain).not.toContain('X-Forwarded-Ssl');
    const settings = {
      ...defaults(),
      'underscore-in-headers': 'on',
      'keepalive-timeout': '30s',
      'x-forwarded-ssl': 'on',
      'x-forwarded-port-value': '8443',
      'x-forwarded-proto-value': 'https',
    };
    const set = serverBlock(renderVhost(input({ settings })), '80');
    expect(set).toContain('underscores_in_headers on;');
    expect(set).toContain('keepalive_timeout 30s;');
    expect(set).toContain('proxy_set_header X-Forwarded-Ssl on;');
    expect(set).toContain('proxy_set_header X-Forwarded-Port 8443;');
    expect(set).toContain('proxy_set_header X-Forwarded-Proto https;');
  });

  it('answers 503 with a clear page when no web container runs, and has no upstream', () => {
    const conf = renderVhost(input({ containerIps: [] }));
    expect(conf).not.toContain('upstream');
    expect(conf).not.toContain('proxy_pass');
    expect(conf).toContain('return 503 "te-x: no web process is running\\n";');
    expect(conf).toContain('location ^~ /.well-known/acme-challenge/ {\n    alias /var/lib/paas/acme-challenge/;');
  });

  it('drops container addresses that are not IPv4', () => {
    const conf = renderVhost(input({ containerIps: ['', 'evil; }', '10.0.0.300', '10.0.0.3'] }));
    expect(conf.match(/^ {2}server /gm)).toHaveLength(1);
    expect(conf).toContain('server 10.0.0.3:5000;');
  });

  it("listens on every http host port, to each mapping's container port", () => {
    const conf = renderVhost(
      input({
        mappings: [http80, { scheme: 'http', hostPort: 8080, containerPort: 8384 }],
        containerIps: ['10.0.0.2'],
      }),
    );
    expect(serverBlock(conf, '80')).toContain('proxy_pass http://paas-te-x-5000;');
    expect(serverBlock(conf, '8080')).toContain('proxy_pass http://paas-te-x-8384;');
    expect(conf).toContain('upstream paas-te-x-8384 {\n  server 10.0.0.2:8384;\n  keepalive 1024;');
  });

  it('lists every domain in server_name, also with IPv6', () => {
    const conf = renderVhost(input({ domains: ['b.example.com', '*.a.example.com'], ipv6: true }));
    expect(conf).toContain('server_name *.a.example.com b.example.com;');
    expect(conf).toContain('  listen [::]:80;');
  });

  it("listens on nginx:set bind-address-ipv4/-ipv6 when set (Dokku's apps_1.bats sets 127.0.0.1)", () => {
    const conf = renderVhost(
      input({ ipv6: true, settings: { ...defaults(), 'bind-address-ipv4': '127.0.0.1', 'bind-address-ipv6': '::1' } }),
    );
    expect(conf).toContain('  listen 127.0.0.1:80;\n  listen [::1]:80;');
  });

  it('ignores https mappings while the app has no certificate', () => {
    const conf = renderVhost(input({ mappings: [http80, https443] }));
    expect(conf).not.toContain('443');
    expect(conf).not.toContain('ssl_certificate');
  });

  it('with a certificate: https server with http2, TLS 1.2/1.3, HSTS; http redirects except ACME', () => {
    const tls = {
      certFile: '/var/lib/paas/apps/te-x/tls/server.crt',
      keyFile: '/var/lib/paas/apps/te-x/tls/server.key',
    };
    const conf = renderVhost(input({ mappings: [http80, https443], tls, ipv6: true }));
    const https = serverBlock(conf, '443 ssl http2');
    expect(https).toContain('listen [::]:443 ssl http2;');
    expect(https).toContain(`ssl_certificate ${tls.certFile};`);
    expect(https).toContain(`ssl_certificate_key ${tls.keyFile};`);
    expect(https).toContain('ssl_protocols TLSv1.2 TLSv1.3;');
    expect(https).toContain('add_header Strict-Transport-Security "max-age=15724800; includeSubDomains" always;');
    expect(https).toContain('proxy_pass http://paas-te-x-5000;');
    const http = serverBlock(conf, '80');
    expect(http).toContain('return 301 https://$host$request_uri;');
    expect(http).toContain('location ^~ /.well-known/acme-challenge/');
    expect(http).not.toContain('proxy_pass');
  });

  it('redirects to a non-default https port with the port', () => {
    const tls = { certFile: '/c/server.crt', keyFile: '/c/server.key' };
    const conf = renderVhost(
      input({ mappings: [http80, { scheme: 'https', hostPort: 8443, containerPort: 5000 }], tls }),
    );
    expect(serverBlock(conf, '80')).toContain('return 301 https://$host:8443$request_uri;');
  });

  it('leaves HSTS out when disabled and honours its options', () => {
    const tls = { certFile: '/c/server.crt', keyFile: '/c/server.key' };
    const off = renderVhost(input({ mappings: [https443], tls, settings: { ...defaults(), hsts: 'false' } }));
    expect(off).not.toContain('Strict-Transport-Security');
    expect(
      hstsValue({ ...defaults(), 'hsts-max-age': '60', 'hsts-include-subdomains': 'false', 'hsts-preload': 'true' }),
    ).toBe('max-age=60; preload');
  });

  it('writes per-app logs by default, buffered, and honours log paths, formats and off', () => {
    // One write(2) per 64k of log or per second instead of one per request.
    expect(renderVhost(input())).toContain('access_log /var/log/nginx/te-x-access.log combined buffer=64k flush=1s;');
    const json = renderVhost(
      input({ settings: { ...defaults(), 'access-log-path': '/var/log/nginx/x.log', 'access-log-format': 'json' } }),
    );
    expect(json).toContain('access_log /var/log/nginx/x.log json buffer=64k flush=1s;');
    // Dokku: no format after off.
    const offJson = renderVhost(
      input({ settings: { ...defaults(), 'access-log-path': 'off', 'access-log-format': 'json' } }),
    );
    expect(offJson).toContain('access_log off;');
    const conf = renderVhost(input({ settings: { ...defaults(), 'access-log-path': 'off', 'error-log-path': 'off' } }));
    expect(conf).toContain('access_log off;');
    expect(conf).toContain('error_log /dev/null crit;');
  });
});

describe('buildVhostModel refuses unsafe or useless input', () => {
  it('refuses an app without domains', () => {
    expect(() => buildVhostModel(input({ domains: [] }))).toThrow(/has no domains/);
  });
  it('refuses invalid domains, app names and settings', () => {
    expect(() => buildVhostModel(input({ domains: ['a.com; include /etc/passwd'] }))).toThrow(/Invalid domain/);
    expect(() => buildVhostModel(input({ app: 'Bad App' }))).toThrow(/invalid/);
    expect(() =>
      buildVhostModel(input({ settings: { ...defaults(), 'client-max-body-size': '1m; return 200' } })),
    ).toThrow(/Invalid nginx client-max-body-size/);
    expect(() => buildVhostModel(input({ settings: { ...defaults(), 'access-log-format': 'x; allow all' } }))).toThrow(
      /Invalid nginx access-log-format/,
    );
    expect(() => buildVhostModel(input({ settings: { ...defaults(), 'proxy-keepalive': '8; return 200' } }))).toThrow(
      /Invalid nginx proxy-keepalive/,
    );
  });
  it('refuses log paths outside /var/log/nginx even when they reach the renderer', () => {
    for (const [key, v] of [
      ['access-log-path', '/etc/cron.d/x'],
      ['error-log-path', '/var/log/nginx/../../../etc/x'],
      ['access-log-path', '/var/log/nginx/a.log; load_module /x.so'],
    ])
      expect(() => buildVhostModel(input({ settings: { ...defaults(), [key]: v } })), v).toThrow(
        /Invalid nginx (access|error)-log-path/,
      );
  });
  it('refuses paths nginx would misread', () => {
    expect(() => buildVhostModel(input({ acmeDir: '/tmp/a b' }))).toThrow(/cannot be used in nginx config/);
    expect(() => buildVhostModel(input({ tls: { certFile: '/x/../y', keyFile: '/k' }, mappings: [https443] }))).toThrow(
      /cannot be used/,
    );
  });
  it('refuses an https-only app without certificate (nothing to serve)', () => {
    expect(() => buildVhostModel(input({ mappings: [https443] }))).toThrow(/no http port mapping/);
  });
});

describe('renderGlobalConf', () => {
  it('defines the websocket map and, when allowed, a catch-all default server', () => {
    const conf = renderGlobalConf({
      generation: 'g1',
      acmeDir: '/var/lib/paas/acme-challenge',
      ipv6: true,
      defaultServer: true,
    });
    // Upgrade requests pass "upgrade"; plain ones send no Connection header, so keepalive holds.
    expect(conf).toContain("map $http_upgrade $paas_connection_upgrade {\n  default upgrade;\n  '' '';\n}");
    expect(conf).toContain("map $http_upgrade $paas_connection_upgrade_close {\n  default upgrade;\n  '' close;\n}");
    expect(conf).toContain('listen 80 default_server;');
    expect(conf).toContain('listen [::]:80 default_server;');
    expect(conf).toContain('return 404');
    // The reload probe has a loopback address of its own (an app may bind 127.0.0.1:80).
    expect(conf).toContain('  listen 127.0.0.127:80;\n  server_name paas-nginx-probe.invalid;');
    const none = renderGlobalConf({
      generation: 'g2',
      acmeDir: '/var/lib/paas/acme-challenge',
      ipv6: false,
      defaultServer: false,
    });
    expect(none).not.toContain('default_server');
    expect(none).toContain('map $http_upgrade');
  });

  it('refuses the TLS handshake of unknown hosts on every port a vhost serves TLS on (Dokku nginx-vhosts_14)', () => {
    const conf = renderGlobalConf({
      generation: 'g3',
      acmeDir: '/var/lib/paas/acme-challenge',
      ipv6: true,
      defaultServer: true,
      tlsPorts: [443, 8443],
    });
    for (const port of [443, 8443]) {
      expect(conf).toContain(`  listen ${port} ssl default_server;\n  listen [::]:${port} ssl default_server;`);
    }
    expect(conf).toContain('ssl_reject_handshake on;');
    expect(conf).toContain('return 444;');
    // another config owns default_server on :80 (Debian's stock site): the TLS one is still paas's
    const other = renderGlobalConf({
      generation: 'g4',
      acmeDir: '/a',
      ipv6: false,
      defaultServer: false,
      tlsPorts: [443],
    });
    expect(other).not.toContain('listen 80 default_server');
    expect(other).toContain('listen 443 ssl default_server;');
    expect(renderGlobalConf({ generation: 'g5', acmeDir: '/a', ipv6: false, defaultServer: true })).not.toContain(
      'ssl_reject_handshake',
    );
  });
});

describe('tlsListenPorts', () => {
  it('reads the ports of ssl listen lines, with or without an address', () => {
    const vhost = renderVhost(
      input({ mappings: [http80, https443], tls: { certFile: '/c/server.crt', keyFile: '/c/server.key' }, ipv6: true }),
    );
    expect(tlsListenPorts([vhost])).toEqual([443]);
    expect(
      tlsListenPorts([
        '  listen 80;\n  listen 10.0.0.1:8443 ssl http2;\n  listen [::1]:9443 ssl;\n',
        '  listen [::]:443 ssl http2;\n# listen 7443 ssl;\n',
      ]),
    ).toEqual([443, 8443, 9443]);
    expect(tlsListenPorts(['  listen 80;\n'])).toEqual([]);
  });
});
