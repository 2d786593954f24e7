// The one place errors become exit codes: 0 ok, 1 failed, 64 usage, 75 locked.
import fs from 'node:fs';
import { PaasError } from '../core/errors.js';
import { out, warn } from '../core/log.js';
import { traceEnabled } from '../trace/settings.js';

/** A bin's help is its header comment (the lines after the shebang), so it is written once. */
export function headerHelp(source: string): string {
  const lines = source.split('\n');
  const start = lines[0]?.startsWith('#!') ? 1 : 0;
  const help: string[] = [];
  for (const l of lines.slice(start)) {
    if (!l.startsWith('//')) break;
    help.push(l.replace(/^\/\/ ?/, ''));
  }
  return help.join('\n');
}

/**
 * Run a bin's main function and turn its outcome into the exit code. `--help` or `-h` prints the bin's
 * header comment and exits 0 (the `paas` front door answers --help itself: `selfHelp: false`).
 */
export function runMain(fn: (argv: string[]) => Promise<number | void>, opts: { selfHelp?: boolean } = {}): void {
  const argv = process.argv.slice(2);
  if (opts.selfHelp !== false && (argv.includes('--help') || argv.includes('-h'))) {
    out(headerHelp(fs.readFileSync(fs.realpathSync(process.argv[1]), 'utf8')));
    return;
  }
  // trace:on holds for every paas executable, the hooks' included.
  if (traceEnabled()) process.env.PAAS_TRACE = '1';
  // `paas apps:list | head -1` closes our stdout early: that is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  fn(argv).then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (e: unknown) => {
      if (e instanceof PaasError) {
        warn(e.message);
        // A typed error wrapping an unexpected one (a failed push step): that one's stack is a bug report.
        const unexpected = e.cause instanceof Error && !(e.cause instanceof PaasError);
        if (unexpected) process.stderr.write(`${(e.cause as Error).stack ?? ''}\n`);
        else if (process.env.PAAS_TRACE) process.stderr.write(`${e.stack}\n`);
        process.exitCode = e.exitCode;
      } else {
        const err = e as Error;
        warn(err?.message ?? String(e));
        process.stderr.write(`${err?.stack ?? ''}\n`);
        process.exitCode = 1;
      }
    },
  );
}
