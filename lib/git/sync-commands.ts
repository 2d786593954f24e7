// git:sync and the server's git credentials (git:auth, git:auth-status, git:allow-host,
// git:generate-deploy-key, git:public-key), as Dokku's git plugin. Registered with the other git
// commands in ./commands.ts.
import { CommandSpec } from '../cli/command.js';
import { callerIsAdmin } from '../core/caller.js';
import { PaasError, UsageError } from '../core/errors.js';
import { out, step, warn } from '../core/log.js';
import { readStdin } from '../core/stdin.js';
import { requireApp, withAppLock } from '../apps/store.js';
import { allowHost, checkGitHost, generateDeployKey, netrcMatches, publicKey, setNetrcEntry } from './auth.js';
import { syncApp } from './sync.js';

/** Dokku reads the password from stdin when a username is given without one and stdin is a pipe. */
async function passwordArg(login: string | undefined, password: string | undefined): Promise<string | undefined> {
  if (login === undefined || password !== undefined || process.stdin.isTTY) return password;
  const line = (await readStdin()).split('\n')[0].replace(/\r$/, '');
  return line || undefined;
}

export const commands: CommandSpec[] = [
  {
    name: 'git:sync',
    access: 'app',
    usage: '[--build|--build-if-changes] [--skip-deploy-branch] <app> <repository> [<git-ref>]',
    summary: 'Clone or fetch an app from a remote git repository (and deploy it with --build)',
    description:
      'Fetches the repository and moves the deploy branch to <git-ref> (a branch, tag or commit; default: the ' +
      'deploy branch). On the first sync a branch ref becomes the deploy-branch unless --skip-deploy-branch. ' +
      'A user key may sync only from http(s) URLs on public addresses, without the server credentials ' +
      'git:auth and the deploy key give admin syncs.',
    examples: [
      'paas git:sync --build node-js-app https://github.com/heroku/node-js-getting-started.git',
      'paas git:sync node-js-app https://github.com/heroku/node-js-getting-started.git main',
    ],
    app: true,
    boolean: ['build', 'build-if-changes', 'skip-deploy-branch'],
    async run(ctx) {
      const app = requireApp(ctx.args[0]);
      const [, remote, ref, ...extra] = ctx.args;
      if (!remote) throw new UsageError('Missing GIT_REMOTE parameter');
      if (extra.length) throw new UsageError(`Usage: paas git:sync ${this.usage}`);
      if (ctx.flags.build && ctx.flags['build-if-changes'])
        throw new UsageError('Use either --build or --build-if-changes, not both');
      const build = ctx.flags.build ? 'always' : ctx.flags['build-if-changes'] ? 'if-changes' : undefined;
      await withAppLock(app, () =>
        syncApp(app, remote, ref, {
          build,
          skipDeployBranch: ctx.flags['skip-deploy-branch'] === true,
          admin: callerIsAdmin(),
        }),
      );
    },
  },
  {
    name: 'git:auth',
    usage: '<host> [<username> <password>]',
    summary: 'Set (or with only <host>, remove) the netrc credentials admin git:sync uses for a git server',
    description: 'The password may come on stdin instead: echo TOKEN | paas git:auth github.com USER',
    async run(ctx) {
      const [host, login, pw] = ctx.args;
      checkGitHost(host);
      const password = await passwordArg(login, pw);
      if (login === undefined) {
        step(`Removing netrc auth entry for host ${host}`);
        setNetrcEntry(host);
        return;
      }
      if (!password) throw new UsageError('Missing password for netrc auth entry');
      setNetrcEntry(host, login, password);
      step(`Setting netrc auth entry for host ${host}`);
    },
  },
  {
    name: 'git:auth-status',
    usage: '<host> [<username> <password>]',
    summary: 'Exit 0 when the netrc entry for <host> matches (or, with only <host>, when there is none)',
    readOnly: true,
    async run(ctx) {
      const [host, login, pw] = ctx.args;
      checkGitHost(host);
      const password = await passwordArg(login, pw);
      return netrcMatches(host, login, password) ? 0 : 1;
    },
  },
  {
    name: 'git:allow-host',
    usage: '<host>',
    summary: "Add a git server's ssh host keys to the known hosts admin git:sync trusts",
    async run(ctx) {
      const host = checkGitHost(ctx.args[0]);
      const added = await allowHost(host);
      step(added ? `${host} added to known hosts` : `${host} is already a known host`);
    },
  },
  {
    name: 'git:generate-deploy-key',
    usage: '',
    summary: 'Generate the ed25519 ssh key admin git:sync uses for ssh remotes',
    async run() {
      if (!(await generateDeployKey())) warn('A deploy key already exists for this host');
      else out(publicKey() ?? '');
    },
  },
  {
    name: 'git:public-key',
    usage: '',
    summary: 'Print the public half of the deploy key (to add to a git server)',
    readOnly: true,
    async run() {
      const key = publicKey();
      if (key) return void out(key);
      warn('There is no deploy key associated with the paas user.');
      warn('Generate an ssh key with the following command:');
      warn('  paas git:generate-deploy-key');
      throw new PaasError('As an alternative, configure the netrc authentication via the git:auth command');
    },
  },
];
