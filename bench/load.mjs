// Steady HTTP load for the benches: RATE requests a second to 127.0.0.1 with a Host header, until
// SIGTERM/SIGINT or DURATION seconds; prints "sent N failed N slowest Nms" (and the first failures).
// Usage: node bench/load.mjs HOST [RATE=100] [DURATION=0 (until signalled)]
import http from 'node:http';

const [host, rate = '100', duration = '0'] = process.argv.slice(2);
const interval = 1000 / Number(rate);
let sent = 0,
  failed = 0,
  slowest = 0,
  inflight = 0;
const failures = new Map();

function fire() {
  sent++;
  inflight++;
  const start = process.hrtime.bigint();
  const req = http.get(
    { host: '127.0.0.1', port: 80, path: '/', headers: { Host: host }, agent: false, timeout: 10000 },
    (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode >= 200 && res.statusCode < 400 ? null : `HTTP ${res.statusCode}`));
    },
  );
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', (e) => done(e.code || e.message));
  function done(err) {
    inflight--;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    slowest = Math.max(slowest, ms);
    if (err) {
      failed++;
      failures.set(err, (failures.get(err) ?? 0) + 1);
    }
  }
}

const timer = setInterval(fire, interval);
function finish() {
  clearInterval(timer);
  const wait = setInterval(() => {
    if (inflight > 0) return;
    clearInterval(wait);
    const why = [...failures].map(([k, v]) => `${k} x${v}`).join(', ');
    console.log(`sent ${sent} failed ${failed} slowest ${slowest.toFixed(0)}ms${why ? ` (${why})` : ''}`);
    process.exit(0);
  }, 50);
}
process.on('SIGTERM', finish);
process.on('SIGINT', finish);
if (Number(duration) > 0) setTimeout(finish, Number(duration) * 1000);
