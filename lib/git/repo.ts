// The app's bare repository (repos/APP.git) and the hooks that turn a push into a deploy.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, execaSync } from 'execa';
import { PaasError } from '../core/errors.js';
import { ensureDir } from '../state/atomic.js';
import { paths, stateRoot } from '../state/paths.js';

const HOOKS = ['pre-receive'];
/** Hooks paas linked before and no longer has: their links go (post-receive: the push prints its URLs itself). */
const RETIRED_HOOKS = ['post-receive'];
const INSTALLED_HOOKS = '/opt/paas/current/hooks';

/**
 * git arguments to work on the app's bare repo. safe.directory lets root (running `paas` by hand) read a
 * repository the paas user owns, for this one repository only.
 */
export function gitArgs(repo: string, ...args: string[]): string[] {
  return ['-c', `safe.directory=${repo}`, '--git-dir', repo, ...args];
}

export function repoExists(app: string): boolean {
  return fs.existsSync(path.join(paths.repo(app), 'HEAD'));
}

/**
 * Hooks are linked from the installed tree (a stable path that survives upgrades), else from the tree
 * this code runs from (tests, a checkout that was never installed).
 */
export function hooksSourceDir(): string {
  if (fs.existsSync(path.join(INSTALLED_HOOKS, 'pre-receive'))) return INSTALLED_HOOKS;
  return fileURLToPath(new URL('../../../hooks', import.meta.url));
}

/** Point the repo's hooks at paas's hooks; each link is replaced atomically, so a push never misses one. */
function installHooks(repo: string): void {
  const dir = path.join(repo, 'hooks');
  ensureDir(dir);
  const src = hooksSourceDir();
  for (const h of HOOKS) {
    const link = path.join(dir, h);
    const target = path.join(src, h);
    let current: string | undefined;
    try {
      current = fs.readlinkSync(link);
    } catch {
      current = undefined;
    }
    if (current === target) continue;
    const tmp = `${link}.${process.pid}.tmp`;
    fs.rmSync(tmp, { force: true });
    fs.symlinkSync(target, tmp);
    fs.renameSync(tmp, link);
    chownLikeRoot(link);
  }
  for (const h of RETIRED_HOOKS) {
    const link = path.join(dir, h);
    try {
      if (fs.readlinkSync(link).startsWith(`${src}/`)) fs.rmSync(link);
    } catch {
      // not there, or not our link: leave it
    }
  }
}

/** Files root creates in the state root belong to the state root's owner (the paas user). */
export function chownLikeRoot(p: string): void {
  if (process.getuid?.() !== 0) return;
  const st = fs.statSync(stateRoot());
  if (st.uid === 0) return;
  const walk = (f: string) => {
    const s = fs.lstatSync(f);
    if (s.uid === 0) fs.lchownSync(f, st.uid, st.gid);
    if (s.isDirectory()) for (const e of fs.readdirSync(f)) walk(path.join(f, e));
  };
  walk(p);
}

/**
 * Create the app's bare repository when missing (in a temp dir renamed into place, so a half-made repo
 * is never seen) and (re)install the hooks. Returns the repo path.
 */
export async function ensureRepo(app: string, branch = 'main'): Promise<string> {
  const repo = paths.repo(app);
  if (!repoExists(app)) {
    ensureDir(paths.reposDir());
    const tmp = path.join(paths.reposDir(), `.${app}.git.${process.pid}.tmp`);
    fs.rmSync(tmp, { recursive: true, force: true });
    const r = await execa('git', ['init', '--bare', '--quiet', '--template=', `--initial-branch=${branch}`, tmp], {
      reject: false,
    });
    if (r.exitCode !== 0) throw new PaasError(`Could not create the git repository for ${app}: ${r.stderr.trim()}`);
    try {
      fs.renameSync(tmp, repo);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      // Another push created it at the same moment: theirs is as good as ours.
      if (!repoExists(app)) throw e;
    }
    chownLikeRoot(repo);
  }
  installHooks(repo);
  return repo;
}

/** The commit a branch of the app's repo points at, or undefined. */
export function branchHead(app: string, branch: string): string | undefined {
  if (!repoExists(app)) return undefined;
  const r = execaSync(
    'git',
    gitArgs(paths.repo(app), 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`),
    {
      reject: false,
    },
  );
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** `git check-ref-format --branch`: the rules git itself applies to branch names. */
export function isValidBranchName(name: string): boolean {
  if (!name || name.startsWith('-')) return false;
  const r = execaSync('git', ['check-ref-format', '--branch', name], { reject: false });
  return r.exitCode === 0 && r.stdout.trim() === name;
}
