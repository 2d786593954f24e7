// Destructive commands ask the person to type the name, as Dokku does, unless --force.
import { createInterface } from 'node:readline/promises';
import { PaasError } from '../core/errors.js';
import { warn } from '../core/log.js';

export async function confirmByName(what: string, name: string, force: boolean): Promise<void> {
  if (force) return;
  warn(`WARNING: Potentially Destructive Action`);
  warn(`This command will destroy ${what} ${name}.`);
  warn(`To proceed, type "${name}"`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  // A closed stdin (a script without --force) answers nothing, which does not match.
  const answer = await new Promise<string>((resolve) => {
    rl.once('close', () => resolve(''));
    rl.question('> ').then(resolve, () => resolve(''));
  });
  rl.close();
  if (answer.trim() !== name) throw new PaasError('Confirmation did not match. Aborted.');
}
