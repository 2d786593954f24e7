// The output of an app's cron task runs: apps/APP/cron.log, lines "TIME app[cron.X]: text" (the shape
// `paas logs` prints), kept with the app dir (so destroy and rename take it along), rotated once at 5 MB.
// Task containers are removed after each run, so this file is where their output stays.
import fs from 'node:fs';
import { adoptOwner, ensureDir } from '../state/atomic.js';
import { paths } from '../state/paths.js';

const LOG_MAX_BYTES = 5 * 1024 * 1024;

export interface CronLogLine {
  ts: string;
  dyno: string;
  text: string;
}

export function formatCronLogLine(ts: string, dyno: string, text: string): string {
  return `${ts} app[${dyno}]: ${text}\n`;
}

export function parseCronLogLine(line: string): CronLogLine {
  const m = /^(\S+) app\[([^\]]*)\]: (.*)$/s.exec(line);
  return m ? { ts: m[1], dyno: m[2], text: m[3] } : { ts: '', dyno: 'cron', text: line };
}

/** Appends lines for one run; opened once so a long run keeps writing to the same file. */
export function openCronLog(app: string, dyno: string): { line(text: string): void } {
  const file = paths.cronLog(app);
  ensureDir(paths.appDir(app));
  try {
    if (fs.statSync(file).size > LOG_MAX_BYTES) fs.renameSync(file, `${file}.1`);
  } catch {
    /* no log yet */
  }
  const fresh = !fs.existsSync(file);
  const fd = fs.openSync(file, 'a', 0o640);
  if (fresh) adoptOwner(file);
  return {
    line(text: string) {
      fs.writeSync(fd, formatCronLogLine(new Date().toISOString(), dyno, text));
    },
  };
}

/** The last `num` lines (all when undefined). */
export function readCronLog(app: string, num?: number): CronLogLine[] {
  let text: string;
  try {
    text = fs.readFileSync(paths.cronLog(app), 'utf8');
  } catch {
    return [];
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return (num === undefined ? lines : lines.slice(-num)).map(parseCronLogLine);
}

/** Lines appended after now, until the process is interrupted (polled once a second). */
export async function followCronLog(app: string, onLine: (l: CronLogLine) => void): Promise<never> {
  const file = paths.cronLog(app);
  let pos = fs.existsSync(file) ? fs.statSync(file).size : 0;
  let rest = '';
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    let size = 0;
    try {
      size = fs.statSync(file).size;
    } catch {
      continue;
    }
    if (size < pos) pos = 0; // rotated
    if (size === pos) continue;
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(size - pos);
    fs.readSync(fd, buf, 0, buf.length, pos);
    fs.closeSync(fd);
    pos = size;
    const parts = (rest + buf.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) onLine(parseCronLogLine(p));
  }
}
