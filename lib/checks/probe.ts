// One attempt of one check against one container: HTTP from the host to the container's IP, a TCP
// connect, or a command run inside the container. Each returns a reason when it fails.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { docker } from '../docker/client.js';
import { CheckSpec } from './spec.js';

export interface ProbeResult {
  ok: boolean;
  /** Why it failed, one line. */
  reason?: string;
  /** Start of the response body or command output, for the failure message. */
  excerpt?: string;
  /** The HTTP status, for HTTP probes that got an answer. */
  status?: number;
}

const MAX_BODY = 64 * 1024;

function excerptOf(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max) + '…' : flat;
}

function errorReason(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused (nothing listens on the port yet)';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'ECONNRESET':
      return 'connection reset before an answer';
    default:
      return e.message || String(e);
  }
}

export function probeHttp(check: CheckSpec, ip: string, port: number): Promise<ProbeResult> {
  const lib = check.scheme === 'https' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = lib.request(
      {
        host: ip,
        port,
        path: check.path,
        method: 'GET',
        headers: { 'User-Agent': 'paas-checks', ...(check.host ? { Host: check.host } : {}), ...check.headers },
        rejectUnauthorized: false,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < MAX_BODY) chunks.push(c);
          size += c.length;
        });
        res.on('error', (e) => done({ ok: false, reason: errorReason(e) }));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (!check.anyStatus && (status < 200 || status >= 400))
            return done({
              ok: false,
              reason: `HTTP status ${status} (expected 2xx or 3xx)`,
              excerpt: excerptOf(body),
              status,
            });
          if (check.content !== undefined && !body.includes(check.content))
            return done({
              ok: false,
              reason: `expected content ${JSON.stringify(check.content)} not found`,
              excerpt: excerptOf(body),
              status,
            });
          done({ ok: true, status });
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      done({ ok: false, reason: `no answer within ${check.timeout}s` });
    }, check.timeout * 1000);
    req.on('error', (e) => done({ ok: false, reason: errorReason(e) }));
    req.end();
  });
}

export function probeListening(check: CheckSpec, ip: string, port: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: ip, port });
    const timer = setTimeout(() => {
      sock.destroy();
      resolve({ ok: false, reason: `no connection within ${check.timeout}s` });
    }, check.timeout * 1000);
    sock.on('connect', () => {
      clearTimeout(timer);
      sock.destroy();
      resolve({ ok: true });
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: errorReason(e) });
    });
  });
}

export async function probeCommand(check: CheckSpec, containerId: string): Promise<ProbeResult> {
  const container = docker().getContainer(containerId);
  const exec = await container.exec({ Cmd: check.command, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const output: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => output.push(c));
  docker().modem.demuxStream(stream, sink, sink);
  const finished = new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), check.timeout * 1000);
  });
  const r = await Promise.race([finished, timedOut]);
  clearTimeout(timer);
  const text = Buffer.concat(output).toString('utf8');
  if (r === 'timeout') {
    stream.destroy();
    return { ok: false, reason: `command did not finish within ${check.timeout}s`, excerpt: excerptOf(text) };
  }
  const info = await exec.inspect();
  if (info.ExitCode !== 0)
    return { ok: false, reason: `command exited with code ${info.ExitCode}`, excerpt: excerptOf(text) };
  if (check.content !== undefined && !text.includes(check.content))
    return {
      ok: false,
      reason: `expected output ${JSON.stringify(check.content)} not found`,
      excerpt: excerptOf(text),
    };
  return { ok: true };
}

export interface ContainerState {
  running: boolean;
  restarting: boolean;
  exitCode: number;
  oomKilled: boolean;
  startedAt: number;
  restartCount: number;
  ip: string;
}

export async function inspectState(containerId: string): Promise<ContainerState> {
  const info = await docker().getContainer(containerId).inspect();
  const nets = Object.values(info.NetworkSettings?.Networks ?? {});
  return {
    running: info.State.Running && !info.State.Restarting,
    restarting: info.State.Restarting,
    exitCode: info.State.ExitCode,
    oomKilled: info.State.OOMKilled,
    startedAt: Date.parse(info.State.StartedAt) || 0,
    restartCount: info.RestartCount ?? 0,
    ip: nets.map((n) => n.IPAddress).find((ip) => !!ip) ?? '',
  };
}

/** Why a container is not up, in words ("exited with code 1", "was killed: out of memory"). */
export function describeDown(s: ContainerState): string {
  if (s.oomKilled) return 'was killed: out of memory';
  if (s.restarting) return `is restarting (exited with code ${s.exitCode})`;
  return `exited with code ${s.exitCode}`;
}
