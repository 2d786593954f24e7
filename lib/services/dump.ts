// Moving a service's data as a dump: to a file (export, clone) and from a file (import, clone). Input is
// spooled to a file first so that an empty stdin is refused before anything is stopped or replaced.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PaasError } from '../core/errors.js';
import { containerName, imageRef, KindDefinition } from './kinds.js';
import { startServiceContainer, stopServiceContainer } from './runtime.js';
import { readCredentials, serviceDataDir } from './store.js';

/** A private temporary directory for one dump; removed by the caller through the returned function. */
export function dumpTempFile(label: string): { file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `paas-dump-${label}-`));
  fs.chmodSync(dir, 0o700);
  return { file: path.join(dir, 'dump'), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** stdin into FILE; refuses when it carries no bytes (dokku-redis: "No data provided on stdin"). */
export async function spoolStdin(file: string): Promise<void> {
  if (process.stdin.isTTY) throw new PaasError('No data provided on stdin');
  const outStream = fs.createWriteStream(file, { mode: 0o600 });
  await new Promise<void>((resolve, reject) => {
    process.stdin.on('error', reject);
    outStream.on('error', reject);
    outStream.on('finish', () => resolve());
    process.stdin.pipe(outStream);
  });
  if (fs.statSync(file).size === 0) throw new PaasError('No data provided on stdin');
}

/** The service's dump written to FILE (the service must be running). */
export async function exportToFile(def: KindDefinition, name: string, file: string): Promise<void> {
  const r = await execa(
    'docker',
    ['exec', containerName(def, name), ...def.exportCommand(readCredentials(def, name))],
    {
      stdin: 'ignore',
      stdout: { file },
      stderr: 'inherit',
      reject: false,
    },
  );
  if (r.exitCode !== 0) throw new PaasError(`Export of ${def.kind} service ${name} failed`);
}

/** FILE restored into the service. */
export async function importFromFile(def: KindDefinition, name: string, file: string): Promise<void> {
  if (!def.importCommand) return importRedisFile(def, name, file);
  const r = await execa(
    'docker',
    ['exec', '-i', containerName(def, name), ...def.importCommand(readCredentials(def, name))],
    { inputFile: file, stdout: 'inherit', stderr: 'inherit', reject: false },
  );
  if (r.exitCode !== 0) throw new PaasError(`Import into ${def.kind} service ${name} failed`);
}

async function importRedisFile(def: KindDefinition, name: string, file: string): Promise<void> {
  // Redis reads its RDB only at start and writes it on stop, so the file is swapped while it is stopped,
  // through a throwaway container (the data dir belongs to the redis user of the image).
  await stopServiceContainer(def, name);
  const r = await execa(
    'docker',
    [
      'run',
      '--rm',
      '-i',
      '--entrypoint',
      'sh',
      '-v',
      `${serviceDataDir(def, name)}:/data`,
      imageRef(def),
      '-c',
      'cat > /data/dump.rdb.new && chown redis:redis /data/dump.rdb.new && mv /data/dump.rdb.new /data/dump.rdb',
    ],
    { inputFile: file, stderr: 'inherit', reject: false },
  );
  await startServiceContainer(def, name, readCredentials(def, name));
  if (r.exitCode !== 0) throw new PaasError(`Import into ${def.kind} service ${name} failed`);
}
