// Builds of the built-in builders run on BuildKit through the docker CLI: only BuildKit mounts build-time
// secrets (the app's config, for npm and pip) into a RUN step without writing them to a layer or to the
// image history, and the engine API cannot hand secrets over without the CLI's session.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PaasError } from '../core/errors.js';
import { ContextPart, LinePrinter, packContext } from './docker-build.js';

/** Debian's docker client has BuildKit built in; a newer client elsewhere on PATH may lack buildx. */
function dockerCli(): string {
  return fs.existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
}

export interface BuildSecret {
  id: string;
  src: string;
}

/** `docker build` flags for buildImage-style options (what mergeBuildOptions returns) and secrets. */
export function buildCliArgs(options: Record<string, unknown>, secrets: BuildSecret[], iidFile: string): string[] {
  const args = ['build', '--progress=plain', '--iidfile', iidFile];
  const list = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : v === undefined ? [] : [String(v)]);
  for (const t of list(options.t)) args.push('-t', t);
  if (options.dockerfile) args.push('-f', String(options.dockerfile));
  const maps: [string, string][] = [
    ['labels', '--label'],
    ['buildargs', '--build-arg'],
  ];
  for (const [key, flag] of maps)
    for (const [k, v] of Object.entries((options[key] as Record<string, string> | undefined) ?? {}))
      args.push(flag, `${k}=${v}`);
  const values: [string, string][] = [
    ['networkmode', '--network'],
    ['shmsize', '--shm-size'],
    ['memory', '--memory'],
    ['memswap', '--memory-swap'],
    ['cpushares', '--cpu-shares'],
    ['target', '--target'],
  ];
  for (const [key, flag] of values) if (options[key] !== undefined) args.push(flag, String(options[key]));
  for (const h of list(options.extrahosts)) args.push('--add-host', h);
  if (options.nocache) args.push('--no-cache');
  if (options.pull) args.push('--pull');
  for (const s of secrets) args.push('--secret', `id=${s.id},src=${s.src}`);
  return args;
}

/** Why BuildKit failed: the summary it ends with (the last line that is not a "------" rule). */
export function buildKitFailure(lines: string[]): string {
  const last = [...lines].reverse().find((l) => l.trim() && !/^-+$/.test(l.trim()));
  return (last ?? 'docker build failed').trim().replace(/^(ERROR|error):\s*/, '');
}

/**
 * Build with BuildKit from a context made of tar parts (sent on stdin); output streams to stderr as it
 * happens. Returns the image id.
 */
export async function buildWithBuildKit(
  parts: ContextPart[],
  options: Record<string, unknown>,
  secrets: BuildSecret[] = [],
): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-buildkit-'));
  const tar = path.join(dir, 'context.tar');
  const iid = path.join(dir, 'iid');
  try {
    await packContext(parts, tar);
    const printer = new LinePrinter();
    const tail: string[] = [];
    const proc = execa(dockerCli(), [...buildCliArgs(options, secrets, iid), '-'], {
      inputFile: tar,
      env: { DOCKER_BUILDKIT: '1' },
      all: true,
      buffer: false,
      reject: false,
    });
    proc.all?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      printer.push(text);
      tail.push(...text.split('\n').filter(Boolean));
      if (tail.length > 50) tail.splice(0, tail.length - 50);
    });
    const result = await proc;
    printer.flush();
    if (result.exitCode !== 0) throw new PaasError(`Build failed: ${buildKitFailure(tail)}`);
    const id = fs.readFileSync(iid, 'utf8').trim();
    if (!id) throw new PaasError('Build finished without reporting an image id');
    return id;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
