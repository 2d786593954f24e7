// Reading container logs through dockerode: demultiplexing docker's framed stream into timestamped
// lines, prefixed "app[web.1]: " as Dokku shows them.
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { docker } from '../docker/client.js';
import { paths } from '../state/paths.js';

export interface LogLine {
  /** RFC 3339 timestamp from docker (nanoseconds), '' when unknown. */
  ts: string;
  text: string;
}

/** Docker's non-TTY log stream: frames of [stream, 0, 0, 0, size(4 bytes BE)] + payload. */
export function demuxFrames(buf: Buffer): string {
  const out: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const type = buf[i];
    const size = buf.readUInt32BE(i + 4);
    if (type > 2 || buf[i + 1] !== 0 || buf[i + 2] !== 0 || buf[i + 3] !== 0) return buf.toString('utf8'); // not framed
    out.push(buf.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  if (i < buf.length) out.push(buf.subarray(i));
  return Buffer.concat(out).toString('utf8');
}

/** Split "TS text\n" lines (docker logs --timestamps). A trailing partial line is kept. */
export function parseTimestamped(text: string): LogLine[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => {
    const m = /^(\d{4}-\d\d-\d\dT[0-9:.]+Z) ?(.*)$/s.exec(l);
    return m ? { ts: m[1], text: m[2].replace(/\r$/, '') } : { ts: '', text: l.replace(/\r$/, '') };
  });
}

async function isTty(containerId: string): Promise<boolean> {
  const info = await docker().getContainer(containerId).inspect();
  return !!info.Config?.Tty;
}

/** The last `tail` lines (all when undefined) of a container, stdout and stderr together. */
export async function readContainerLogs(containerId: string, opts: { tail?: number } = {}): Promise<LogLine[]> {
  const tty = await isTty(containerId);
  const buf = (await docker()
    .getContainer(containerId)
    .logs({
      stdout: true,
      stderr: true,
      timestamps: true,
      follow: false,
      tail: opts.tail ?? 'all',
    } as never)) as unknown as Buffer;
  const raw = Buffer.isBuffer(buf) ? buf : Buffer.from(String(buf));
  return parseTimestamped(tty ? raw.toString('utf8') : demuxFrames(raw));
}

/** Follow a container's logs, calling onLine for each complete line, until the container stops. */
export async function followContainerLogs(
  containerId: string,
  opts: { tail?: number },
  onLine: (line: LogLine) => void,
): Promise<void> {
  const tty = await isTty(containerId);
  const stream = (await docker()
    .getContainer(containerId)
    .logs({
      stdout: true,
      stderr: true,
      timestamps: true,
      follow: true,
      tail: opts.tail ?? 'all',
    } as never)) as unknown as NodeJS.ReadableStream;
  const sink = new PassThrough();
  let pending = '';
  sink.on('data', (c: Buffer) => {
    pending += c.toString('utf8');
    const i = pending.lastIndexOf('\n');
    if (i === -1) return;
    for (const l of parseTimestamped(pending.slice(0, i + 1))) onLine(l);
    pending = pending.slice(i + 1);
  });
  if (tty) stream.pipe(sink);
  else docker().modem.demuxStream(stream, sink, sink);
  await new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
  if (pending) for (const l of parseTimestamped(pending)) onLine(l);
}

/** Where the logs of the containers of the last failed deploy are kept (for logs:failed). */
export function failedLogPath(app: string): string {
  return path.join(paths.logsDir(), 'failed', `${app}.log`);
}

/** Dokku's line shape: "TS app[web.1]: text", or just the text when quiet. */
export function formatLogLine(line: LogLine, dyno: string, quiet: boolean): string {
  if (quiet) return line.text;
  return `${line.ts ? line.ts + ' ' : ''}app[${dyno}]: ${line.text}`;
}
