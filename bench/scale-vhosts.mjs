// Writes COUNT app vhosts rendered with paas's own template (two web containers each, per-app logs)
// plus the shared global config into DIR, all listening on PORT, for bench/scale's nginx -t and reload.
// Usage: node bench/scale-vhosts.mjs DIR COUNT PORT GENERATION
import fs from 'node:fs';
import path from 'node:path';
import { renderGlobalConf, renderVhost } from '../dist/lib/nginx/render.js';
import { NGINX_SETTINGS } from '../dist/lib/nginx/settings.js';

const [dir, count, port, generation] = process.argv.slice(2);
const settings = Object.fromEntries(NGINX_SETTINGS.map((s) => [s.key, s.fallback]));
const acmeDir = path.join(dir, 'acme');
const logDir = path.join(dir, 'logs');
fs.mkdirSync(path.join(dir, 'vhosts'), { recursive: true });
fs.mkdirSync(acmeDir, { recursive: true });
fs.mkdirSync(logDir, { recursive: true });

// The global config listens on 80 in production; the throwaway nginx listens on PORT only.
const global = renderGlobalConf({ generation, acmeDir, ipv6: false, defaultServer: false });
fs.writeFileSync(path.join(dir, 'global.conf'), global.replace(/listen ([0-9.]+:)?80;/g, `listen $1${port};`));

for (let i = 1; i <= Number(count); i++) {
  const app = `rt-bench-scale-${i}`;
  const a = 10 + Math.floor(i / 250);
  const b = i % 250;
  const text = renderVhost({
    app,
    domains: [`${app}.paas.test`, `www.${app}.example.com`],
    mappings: [{ scheme: 'http', hostPort: Number(port), containerPort: 5000 }],
    containerIps: [`10.${a}.${b}.2`, `10.${a}.${b}.3`],
    settings,
    acmeDir,
    ipv6: false,
    logDir,
  });
  fs.writeFileSync(path.join(dir, 'vhosts', `${app}.conf`), text);
}
