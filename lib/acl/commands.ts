// acl:add/remove/list (dokku-acl) and deploy:allow/revoke/list (Dokku-alt): who may use or push to an
// app. Admin keys only; every check comes before the one write, so bad input changes nothing.
import { CommandSpec, requireArgs } from '../cli/command.js';
import { PaasError, UsageError } from '../core/errors.js';
import { info, out, step } from '../core/log.js';
import { requireApp } from '../apps/store.js';
import { readStdin } from '../core/stdin.js';
import { addKey, findKey, removeKey, validateKeyName } from '../ssh/keys.js';
import { appsGranted, grantedKeys, grantKey, revokeKey } from './store.js';

function noExtra(ctx: { args: string[] }, n: number, usage: string): void {
  if (ctx.args.length !== n) throw new UsageError(`Usage: paas ${usage}`);
}

export const commands: CommandSpec[] = [
  {
    name: 'acl:add',
    usage: '<app> <key-name>',
    summary: 'Let a user key use the app (push and run app commands)',
    app: true,
    async run(ctx) {
      noExtra(ctx, 2, 'acl:add <app> <key-name>');
      const app = requireApp(ctx.args[0]);
      const name = validateKeyName(ctx.args[1]);
      const key = findKey(name);
      if (!key) throw new PaasError(`No key named ${name}; see paas ssh-keys:list`);
      if (key.role === 'deploy') throw new PaasError(`${name} is a deploy key; use paas deploy:allow ${app} ${name}`);
      if (!grantKey(app, 'users', name)) return void info(`${name} may already use ${app}`);
      if (key.role === 'admin') info(`${name} is an admin key, which may use every app anyway`);
      step(`Allowed ${name} to use ${app}`);
    },
  },
  {
    name: 'acl:remove',
    usage: '<app> <key-name>',
    summary: "Take away a user key's access to the app",
    app: true,
    async run(ctx) {
      noExtra(ctx, 2, 'acl:remove <app> <key-name>');
      const app = requireApp(ctx.args[0]);
      const name = validateKeyName(ctx.args[1]);
      if (!revokeKey(app, 'users', name)) throw new PaasError(`${name} is not in the access list of ${app}`);
      step(`Removed ${name} from the access list of ${app}`);
    },
  },
  {
    name: 'acl:list',
    usage: '<app>',
    summary: 'The user keys that may use the app, one a line',
    app: true,
    async run(ctx) {
      noExtra(ctx, 1, 'acl:list <app>');
      for (const name of grantedKeys(requireApp(ctx.args[0]), 'users')) out(name);
    },
  },
  {
    name: 'deploy:allow',
    usage: '<app> [<key-name>] < key.pub',
    summary:
      'Let a deploy key (read from stdin, or an existing one) deploy to the app (git push, git:from-archive), and nothing else',
    app: true,
    async run(ctx) {
      requireArgs(ctx, this, 1);
      if (ctx.args.length > 2) throw new UsageError(`Usage: paas deploy:allow ${this.usage}`);
      const app = requireApp(ctx.args[0]);
      const name = validateKeyName(ctx.args[1] ?? `${app}-deploy`);
      const existing = findKey(name);
      if (existing && existing.role !== 'deploy')
        throw new PaasError(`The name ${name} is taken by a ${existing.role} key; choose another name`);
      if (!existing) {
        if (process.stdin.isTTY)
          throw new UsageError(`Pipe the public key on stdin: paas deploy:allow ${app} < key.pub`);
        const fingerprint = await addKey(name, await readStdin(), 'deploy');
        step(`Added deploy key ${name} (${fingerprint})`);
      }
      if (!grantKey(app, 'deploy', name)) return void info(`${name} may already push to ${app}`);
      step(`Allowed ${name} to push to ${app}`);
    },
  },
  {
    name: 'deploy:revoke',
    usage: '<app> <key-name>',
    summary: 'Stop a deploy key pushing to the app (the key goes when it has no app left)',
    app: true,
    async run(ctx) {
      noExtra(ctx, 2, 'deploy:revoke <app> <key-name>');
      const app = requireApp(ctx.args[0]);
      const name = validateKeyName(ctx.args[1]);
      if (!revokeKey(app, 'deploy', name))
        throw new PaasError(`${name} may not push to ${app}; see paas deploy:list ${app}`);
      step(`${name} may no longer push to ${app}`);
      if (appsGranted(name, 'deploy').length === 0 && findKey(name)?.role === 'deploy') {
        removeKey({ name });
        step(`Removed deploy key ${name}, which has no app left`);
      }
    },
  },
  {
    name: 'deploy:list',
    usage: '<app>',
    summary: 'The deploy keys that may push to the app, one a line',
    app: true,
    async run(ctx) {
      noExtra(ctx, 1, 'deploy:list <app>');
      for (const name of grantedKeys(requireApp(ctx.args[0]), 'deploy')) out(name);
    },
  },
];
