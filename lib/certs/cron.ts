// `letsencrypt:cron-job --add|--remove`: a cron.d file that runs paas-certs-renew daily as the paas user.
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { PaasError } from '../core/errors.js';
import { ensureDir, removeFile, writeFileAtomic } from '../state/atomic.js';
import { paths, stateRoot } from '../state/paths.js';

const RENEW_BIN = '/usr/local/bin/paas-certs-renew';
const CRON_USER = 'paas';

/** A fixed minute per host, so a fleet of hosts does not hit the ACME server at the same moment. */
export function cronMinute(host = os.hostname()): number {
  return createHash('sha256').update(host).digest()[0] % 60;
}

export function renderCronFile(opts: { root: string; minute: number; logFile: string }): string {
  const lines = ["# Managed by `paas letsencrypt:cron-job`: renews Let's Encrypt certificates daily."];
  // cron starts jobs with an almost empty environment: carry a non-default state root over.
  if (opts.root !== '/var/lib/paas') lines.push(`PAAS_ROOT=${opts.root}`);
  lines.push(`${opts.minute} 3 * * * ${CRON_USER} ${RENEW_BIN} >> ${opts.logFile} 2>&1`);
  return lines.join('\n') + '\n';
}

export function cronJobInstalled(): boolean {
  return fs.existsSync(paths.letsencryptCron());
}

export function addCronJob(): string {
  const file = paths.letsencryptCron();
  const root = stateRoot();
  if (/\s/.test(root))
    throw new PaasError(`The state root ${JSON.stringify(root)} contains whitespace, which a cron line cannot carry`);
  // The job appends to a log the paas user must be able to create (ensureDir hands it to paas).
  ensureDir(paths.logsDir());
  const text = renderCronFile({ root, minute: cronMinute(), logFile: path.join(paths.logsDir(), 'certs-renew.log') });
  try {
    // cron.d files must be owned by root and not writable by others, and cron skips names with dots.
    writeFileAtomic(file, text, 0o644);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM')
      throw new PaasError(`Cannot write ${file}: permission denied (run this command as root)`);
    throw e;
  }
  return file;
}

export function removeCronJob(): string {
  const file = paths.letsencryptCron();
  try {
    removeFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM')
      throw new PaasError(`Cannot remove ${file}: permission denied (run this command as root)`);
    throw e;
  }
  return file;
}
