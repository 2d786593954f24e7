// Running `docker build` through the engine API: the context is a tar stream made by tar(1), output is
// streamed to stderr line by line as it happens (the person pushing watches it), errors become PaasError.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { PaasError } from '../core/errors.js';
import { docker, isNotFound } from '../docker/client.js';

/** One tar member list: `tar -C dir names...`. Several of them make one context. */
export interface ContextPart {
  dir: string;
  names: string[];
  /** names is the exact member list (after .dockerignore): sent on stdin, directories not recursed. */
  exact?: boolean;
}

/** tar(1) arguments for a context made of several directories' members (never a shell string). */
export function tarArgs(parts: ContextPart[]): string[] {
  if (parts.filter((p) => p.exact).length > 1) throw new Error('only one exact context part is supported');
  const args = ['-c', '--owner=0', '--group=0', '--numeric-owner'];
  let recursing = true;
  for (const p of parts) {
    if (p.exact) {
      args.push('-C', p.dir, '--no-recursion', '--null', '--verbatim-files-from', '-T', '-');
      recursing = false;
    } else {
      // tar complains about a trailing option, so recursion is only switched back on before a part.
      if (!recursing) args.push('--recursion');
      recursing = true;
      args.push('-C', p.dir, ...p.names);
    }
  }
  return args;
}

/** What tar reads on stdin: the exact member list, NUL-separated (names may hold any character). */
export function tarInput(parts: ContextPart[]): string | undefined {
  const exact = parts.find((p) => p.exact);
  return exact ? exact.names.map((n) => n + '\0').join('') : undefined;
}

/**
 * Merge buildImage options: maps (buildargs, labels) are merged, other keys from later parts win,
 * except the keys paas itself owns (t, dockerfile, and paas.* labels), which always come from `own`.
 */
export function mergeBuildOptions(
  own: Record<string, unknown>,
  ...extra: Record<string, unknown>[]
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of [...extra, own]) {
    for (const [k, v] of Object.entries(part)) {
      if (v === undefined) continue;
      if ((k === 'buildargs' || k === 'labels') && v && typeof v === 'object' && !Array.isArray(v))
        out[k] = { ...((out[k] as object) ?? {}), ...(v as object) };
      else if (part === own || !['t', 'dockerfile'].includes(k)) out[k] = v;
    }
  }
  return out;
}

/** Splits a stream of text into lines and prints each one indented, Dokku-style. */
export class LinePrinter {
  private buf = '';
  constructor(private readonly write: (line: string) => void = (l) => process.stderr.write(`       ${l}\n`)) {}
  push(text: string): void {
    this.buf += text.replace(/\r\n?/g, '\n');
    let i: number;
    while ((i = this.buf.indexOf('\n')) !== -1) {
      this.write(this.buf.slice(0, i));
      this.buf = this.buf.slice(i + 1);
    }
  }
  flush(): void {
    if (this.buf) this.write(this.buf);
    this.buf = '';
  }
}

interface BuildEvent {
  stream?: string;
  status?: string;
  progress?: string;
  id?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

/** Follow a docker JSON progress stream; resolves with the events, rejects on the first error event. */
export function followBuild(stream: Readable, printer: LinePrinter, seen?: Set<string>): Promise<BuildEvent[]> {
  return new Promise((resolve, reject) => {
    let failure: string | undefined;
    docker().modem.followProgress(
      stream,
      (err: Error | null, events: BuildEvent[]) => {
        printer.flush();
        if (err) reject(new PaasError(`Build failed: ${err.message}`));
        else if (failure) reject(new PaasError(`Build failed: ${failure}`));
        else resolve(events);
      },
      (ev: BuildEvent) => {
        if (ev.stream) printer.push(ev.stream);
        // " ---> 0123abcd" names the image each step made or took from the cache.
        for (const m of (ev.stream ?? '').matchAll(/---> ([0-9a-f]{12,64})\b/g)) seen?.add(m[1]);
        if (ev.aux?.ID) seen?.add(ev.aux.ID.replace(/^sha256:/, ''));
        else if (ev.status && !ev.progress) printer.push(`${ev.id ? `${ev.id}: ` : ''}${ev.status}\n`);
        if (ev.error && !failure) failure = (ev.errorDetail?.message ?? ev.error).trim();
      },
    );
  });
}

/** Pack a context made of tar parts into one tar file. */
export async function packContext(parts: ContextPart[], file: string): Promise<void> {
  const input = tarInput(parts);
  const args = tarArgs(parts);
  args.splice(1, 0, '-f', file);
  try {
    await execa('tar', args, input !== undefined ? { input } : { stdin: 'ignore' });
  } catch (e) {
    const err = e as { stderr?: string; shortMessage?: string };
    throw new PaasError(`Could not pack the build context: ${(err.stderr || err.shortMessage || '').trim()}`);
  }
}

/**
 * Build an image from a context made of tar parts; returns the image id. The context is packed to a
 * temporary file first: streaming tar's stdout straight into the engine lost data now and then when
 * the same process had piped subprocesses before (extractSource then buildApp in ps:rebuild).
 */
export async function buildImageFromParts(
  parts: ContextPart[],
  options: Record<string, unknown>,
  seen?: Set<string>,
): Promise<string> {
  // A private directory (mkdtemp, 0700): a predictable name in /tmp could be a local user's symlink.
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-context-'));
  const tmp = path.join(tmpDir, 'context.tar');
  let events: BuildEvent[];
  try {
    await packContext(parts, tmp);
    try {
      const stream = await docker().buildImage(fs.createReadStream(tmp) as unknown as NodeJS.ReadableStream, options);
      events = await followBuild(stream as unknown as Readable, new LinePrinter(), seen);
    } catch (e) {
      throw e instanceof PaasError ? e : new PaasError(`Build failed: ${(e as Error).message}`);
    }
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  const id = events
    .map((e) => e.aux?.ID)
    .filter(Boolean)
    .pop();
  if (id) return id;
  // Older engines only print "Successfully built ID".
  const line = events
    .map((e) => e.stream ?? '')
    .join('')
    .match(/Successfully built ([0-9a-f]+)/);
  if (line) return line[1];
  throw new PaasError('Build finished without reporting an image id');
}

export async function imageExists(ref: string): Promise<boolean> {
  try {
    await docker().getImage(ref).inspect();
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

/** Tag image id as repo:tag for each tag. */
export async function tagImage(id: string, repo: string, tags: string[]): Promise<void> {
  for (const tag of tags) await docker().getImage(id).tag({ repo, tag });
}

/**
 * After a failed build: remove the images the build made or used that are now dangling (untagged, no
 * children), i.e. the last layer of the failed step's parent. Only ids from this build's own output are
 * candidates, so nothing another build or user made is touched.
 */
export async function removeDanglingOf(seen: Set<string>): Promise<number> {
  if (seen.size === 0) return 0;
  const dangling = await docker()
    .listImages({ filters: { dangling: ['true'] } })
    .catch(() => []);
  let removed = 0;
  for (const i of dangling) {
    const id = i.Id.replace(/^sha256:/, '');
    if (![...seen].some((s) => id.startsWith(s))) continue;
    try {
      await docker().getImage(i.Id).remove();
      removed++;
    } catch {
      /* in use by a container, or gone: leave it */
    }
  }
  return removed;
}
