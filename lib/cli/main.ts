// The one place errors become exit codes: 0 ok, 1 failed, 64 usage, 75 locked.
import { PaasError } from '../core/errors.js';
import { warn } from '../core/log.js';

export function runMain(fn: (argv: string[]) => Promise<number | void>): void {
  // `paas apps:list | head -1` closes our stdout early: that is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  fn(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (e: unknown) => {
      if (e instanceof PaasError) {
        warn(e.message);
        if (process.env.PAAS_TRACE) process.stderr.write(`${e.stack}\n`);
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
