// ssh-keys:add/list/remove, as Dokku's ssh-keys plugin.
import fs from 'node:fs';
import { CommandSpec, flagString, requireArgs } from '../cli/command.js';
import { PaasError, UsageError } from '../core/errors.js';
import { jsonOrPlain } from '../core/format.js';
import { out, step, warn } from '../core/log.js';
import { readStdin } from '../core/stdin.js';
import { forgetKey } from '../acl/store.js';
import { addKey, KEY_OPTIONS, listKeys, parseRole, removeKey } from './keys.js';

async function readKeyInput(file: string | undefined): Promise<string> {
  if (file === undefined || file === '-') {
    if (process.stdin.isTTY)
      throw new UsageError('Give a key file, or pipe the public key on stdin: paas ssh-keys:add NAME < key.pub');
    return readStdin();
  }
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new UsageError(`${file} is not a file`);
    if (st.size > 64 * 1024) throw new UsageError(`${file} is too large to be a public key`);
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof PaasError) throw e;
    throw new UsageError(`Cannot read key file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export const commands: CommandSpec[] = [
  {
    name: 'ssh-keys:add',
    usage: '[--role admin|user|deploy] <name> [/path/to/key|-]',
    summary: 'Add a public key by path or on stdin (admin unless --role says otherwise)',
    string: ['role'],
    async run(ctx) {
      requireArgs(ctx, this, 1);
      const role = parseRole(flagString(ctx.flags, 'role'));
      const [name, file] = ctx.args;
      const fingerprint = await addKey(name, await readKeyInput(file), role);
      out(fingerprint);
    },
  },
  {
    name: 'ssh-keys:list',
    usage: '[--format text|json] [<name>]',
    summary: 'List the public keys that may push and run commands',
    string: ['format'],
    async run(ctx) {
      const format = jsonOrPlain(flagString(ctx.flags, 'format'), ['text']);
      const [name] = ctx.args;
      let keys = listKeys();
      if (name !== undefined) {
        keys = keys.filter((k) => k.name === name);
        // As Dokku (and grep): a name that matches nothing prints nothing and exits 1 in text, so
        // `ssh-keys:list NAME | wc -l` counts 0; in JSON it is an empty list.
        if (keys.length === 0 && format !== 'json') return 1;
      }
      if (format === 'json') {
        out(
          JSON.stringify(
            keys.map((k) => ({
              name: k.name,
              fingerprint: k.fingerprint,
              SSHCOMMAND_ALLOWED_KEYS: KEY_OPTIONS,
              role: k.role,
            })),
          ),
        );
        return;
      }
      if (keys.length === 0) {
        warn('No public keys found.');
        return;
      }
      for (const k of keys)
        out(`${k.fingerprint} NAME="${k.name}" SSHCOMMAND_ALLOWED_KEYS="${KEY_OPTIONS}" ROLE="${k.role}"`);
    },
  },
  {
    name: 'ssh-keys:remove',
    usage: '[--fingerprint FINGERPRINT|<name>]',
    summary: 'Remove a public key by name or fingerprint',
    string: ['fingerprint'],
    async run(ctx) {
      const fingerprint = flagString(ctx.flags, 'fingerprint');
      if (!fingerprint && ctx.args.length === 0)
        throw new UsageError('Usage: paas ssh-keys:remove [--fingerprint FINGERPRINT|<name>]');
      if (fingerprint && ctx.args.length) throw new UsageError('Give a name or --fingerprint, not both');
      const name = removeKey(fingerprint ? { fingerprint } : { name: ctx.args[0] });
      // Removing a key that is not there is done already (Dokku exits 0 too), but say so.
      if (name === undefined)
        return void warn(fingerprint ? `No key has the fingerprint ${fingerprint}` : `No key named ${ctx.args[0]}`);
      forgetKey(name);
      step(`Removed ssh key ${name}`);
    },
  },
];
