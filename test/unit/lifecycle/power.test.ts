import { describe, expect, it } from 'vitest';
import { upstreamAddresses } from '../../../lib/lifecycle/power.js';

describe('upstreamAddresses', () => {
  it('reads the server lines of every upstream block', () => {
    const vhost = `upstream paas-a-5000 {\n  server 172.17.0.5:5000;\n  server 172.17.0.9:5000;\n}\nupstream paas-a-8080 {\n  server 172.17.0.5:8080;\n}\nserver {\n  listen 80;\n  server_name a.test;\n}\n`;
    expect(upstreamAddresses(vhost)).toEqual(['172.17.0.5', '172.17.0.9', '172.17.0.5']);
  });
  it('finds none in a vhost without running web containers', () => {
    expect(upstreamAddresses('server {\n  listen 80;\n  server_name a.test;\n  return 503;\n}\n')).toEqual([]);
  });
});
