// git:sync: update an app's repository from a remote git repository and optionally deploy it, as
// Dokku's git:sync. The remote is fetched into a private namespace of the app's repo (refs/paas-sync/);
// the deploy branch only moves once the ref resolved and, with --build, once the deploy succeeded. A
// failure changes nothing but leaves fetched objects for gc.
import { execa } from 'execa';
import { PaasError, UsageError } from '../core/errors.js';
import { info, step } from '../core/log.js';
import { writeDeploySource } from '../apps/settings.js';
import { hasProp, readProp, setOrClearProp } from '../state/props.js';
import { remoteAccess, RemoteAccess } from './remote.js';
import { branchHead, chownLikeRoot, ensureRepo, gitArgs, repoExists } from './repo.js';
import { computedDeployBranch } from './settings.js';

const NS = 'refs/paas-sync';
const ZERO = '0'.repeat(40);

export interface SyncOptions {
  build?: 'always' | 'if-changes';
  skipDeployBranch?: boolean;
  /** The caller is an admin (may fetch from anywhere git can, with the server's credentials). */
  admin: boolean;
}

/** A branch, tag or commit name: nothing git could take for an option or a revision expression. */
export function checkGitRef(ref: string): string {
  if (
    !/^[A-Za-z0-9_][A-Za-z0-9._/-]*$/.test(ref) ||
    ref.includes('..') ||
    ref.includes('//') ||
    ref.endsWith('/') ||
    ref.endsWith('.lock') ||
    ref.length > 255
  )
    throw new UsageError(`Invalid git reference ${JSON.stringify(ref)}: use a branch, tag or commit`);
  return ref;
}

/** The remote as it may be printed: the password of an https://user:token@host URL is hidden. */
export function printableRemote(remote: string): string {
  return remote.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, '$1:***@');
}

async function git(repo: string, args: string[], access?: RemoteAccess): Promise<string> {
  const r = await execa('git', gitArgs(repo, ...(access?.config ?? []), ...args), {
    reject: false,
    env: access?.env,
    stdin: 'ignore',
  });
  if (r.exitCode !== 0) throw new PaasError((r.stderr || r.stdout).trim() || `git ${args[0]} failed`);
  return r.stdout.trim();
}

async function clearNamespace(repo: string): Promise<void> {
  const refs = await git(repo, ['for-each-ref', '--format=%(refname)', NS]).catch(() => '');
  if (!refs) return;
  const input = refs
    .split('\n')
    .map((r) => `delete ${r}\n`)
    .join('');
  await execa('git', gitArgs(repo, 'update-ref', '--stdin'), { input, reject: false });
}

export type ResolvedRef = { kind: 'branch' | 'tag' | 'commit'; commit: string };

/** What ref names once fetched into refs/paas-sync/: a branch, then a tag, then a commit id. */
async function resolveFetched(repo: string, ref: string): Promise<ResolvedRef | undefined> {
  const verify = (rev: string) => git(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).catch(() => '');
  const branch = await verify(`${NS}/heads/${ref}`);
  if (branch) return { kind: 'branch', commit: branch };
  const tag = await verify(`${NS}/tags/${ref}`);
  if (tag) return { kind: 'tag', commit: tag };
  if (/^[0-9a-f]{4,64}$/.test(ref)) {
    const commit = await verify(ref);
    if (commit) return { kind: 'commit', commit };
  }
  return undefined;
}

/**
 * Fetch remote into the app's repo and move its deploy branch to ref (default: the deploy branch of the
 * remote); deploy it with build 'always', or 'if-changes' when the branch moved.
 */
export async function syncApp(app: string, remote: string, ref: string | undefined, opts: SyncOptions): Promise<void> {
  if (ref !== undefined) checkGitRef(ref);
  const shown = printableRemote(remote);
  const access = await remoteAccess(remote, opts.admin);
  const isNew = !repoExists(app) || branchHead(app, computedDeployBranch(app)) === undefined;
  const repo = await ensureRepo(app, computedDeployBranch(app));
  if (isNew) step(`Cloning ${app} from ${shown}#${ref ?? ''}`);
  else info(`Fetching remote code for ${app} from ${shown}#${ref ?? ''}`);

  const branchBefore = appDeployBranch(app);
  try {
    await clearNamespace(repo);
    await git(
      repo,
      ['fetch', '--quiet', '--no-tags', '--', remote, `+refs/heads/*:${NS}/heads/*`, `+refs/tags/*:${NS}/tags/*`],
      access,
    );
    const wanted = ref ?? computedDeployBranch(app);
    const resolved = await resolveFetched(repo, wanted);
    if (!resolved)
      throw new PaasError(
        ref === undefined
          ? `Remote branch ${wanted} not found in ${shown} (name a branch, tag or commit, or set the deploy-branch)`
          : `Could not find ${ref} in ${shown}: not a branch, tag or commit of that repository`,
      );

    if (isNew && resolved.kind === 'branch' && ref !== undefined) {
      if (opts.skipDeployBranch) info(`Detected branch ${ref}, skipping deploy-branch setting`);
      else if (ref !== computedDeployBranch(app)) {
        info(`Detected branch, setting deploy-branch to ${ref}`);
        setOrClearProp('git', app, 'deploy-branch', ref);
      }
    }
    const target = computedDeployBranch(app);
    const before = branchHead(app, target);
    const changed = before !== resolved.commit;
    if (opts.build === 'if-changes' && !changed) {
      info('Skipping build as no changes were detected');
    } else if (opts.build) {
      const { pushDeploy } = await import('../lifecycle/push.js');
      await pushDeploy(app, `${before ?? ZERO} ${resolved.commit} refs/heads/${target}\n`, { source: 'git:sync' });
      writeDeploySource(app, 'git-sync', `${shown}#${resolved.commit}`);
    }
    const updates = [`update refs/heads/${target} ${resolved.commit}`];
    if (resolved.kind === 'branch' && ref !== undefined && ref !== target)
      updates.push(`update refs/heads/${ref} ${resolved.commit}`);
    await execa('git', gitArgs(repo, 'update-ref', '--stdin'), { input: updates.join('\n') + '\n' });
  } catch (e) {
    // The deploy branch stays where it was, and so does the deploy-branch setting.
    if (branchBefore !== appDeployBranch(app)) setOrClearProp('git', app, 'deploy-branch', branchBefore);
    throw e;
  } finally {
    await clearNamespace(repo);
    access.cleanup();
    chownLikeRoot(repo);
  }
}

/** The app's own deploy-branch setting (not the global one), to put back after a failed sync. */
function appDeployBranch(app: string): string | undefined {
  return hasProp('git', app, 'deploy-branch') ? readProp('git', app, 'deploy-branch') : undefined;
}
