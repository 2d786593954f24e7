// git:from-archive (Dokku's git-from-archive and git-from-directory triggers): fetch an archive, check
// it, unpack it into a fresh temp dir, commit the tree onto the app's deploy branch and deploy that
// commit the way a push does. The branch moves only when the deploy succeeded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { PaasError, UsageError } from '../core/errors.js';
import { step, warn } from '../core/log.js';
import { callerIsAdmin } from '../core/caller.js';
import { writeDeploySource } from '../apps/settings.js';
import { withAppLock } from '../apps/store.js';
import { paths } from '../state/paths.js';
import { ArchiveType, ARCHIVE_TYPES, listArchive } from '../archive/list.js';
import { ArchiveLimits, checkArchiveSize, checkExtractedTree, checkListing } from '../archive/check.js';
import { displayUrl, downloadTo, parseArchiveUrl, saveStream } from '../archive/fetch.js';
import { branchHead, chownLikeRoot, ensureRepo, gitArgs } from './repo.js';
import { archiveLimits, deployBranches } from './settings.js';

/** Dokku's defaults for the commit's author. */
export const DEFAULT_GIT_USER = 'Dokku';
export const DEFAULT_GIT_EMAIL = 'automated@dokku.sh';

export function validateArchiveType(t: string | undefined): ArchiveType {
  const type = t ?? 'tar';
  if (!(ARCHIVE_TYPES as readonly string[]).includes(type))
    throw new UsageError(`Invalid archive type specified, valid archive types include: ${ARCHIVE_TYPES.join(', ')}`);
  return type as ArchiveType;
}

/** `-` and `--` read the archive from stdin. */
export const isStdinSource = (s: string) => s === '-' || s === '--';

/** The commit's author name or email: one line, no angle brackets (git would mangle or refuse them). */
export function validateAuthorField(v: string, what: string): string {
  if (v.length > 200 || /[\0-\x1f\x7f<>]/.test(v) || v.trim() === '')
    throw new UsageError(`Invalid git ${what} ${JSON.stringify(v)}: one line of text without < or >`);
  return v;
}

/** Dokku's `chmod -R u+r`: an entry stored without read permission must not stop the commit. */
function makeReadable(dir: string): void {
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isSymbolicLink()) continue;
    const mode = fs.lstatSync(p).mode & 0o7777;
    if (d.isDirectory()) {
      if ((mode & 0o700) !== 0o700) fs.chmodSync(p, mode | 0o700);
      makeReadable(p);
    } else if (!(mode & 0o400)) fs.chmodSync(p, mode | 0o400);
  }
}

/** The top-level folder archives of a source tree usually have (GitHub's REPO-TAG/) is not kept. */
function sourceRoot(dir: string): string {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  if (entries.length === 1 && entries[0].isDirectory()) return path.join(dir, entries[0].name);
  return dir;
}

async function unpack(file: string, type: ArchiveType, dest: string): Promise<void> {
  const r =
    type === 'zip'
      ? await execa('unzip', ['-q', '-o', file, '-d', dest], { stdin: 'ignore', reject: false })
      : await execa(
          'tar',
          [
            '-x',
            ...(type === 'tar.gz' ? ['-z'] : []),
            '-f',
            file,
            '-C',
            dest,
            '--no-same-owner',
            '--no-same-permissions',
          ],
          { stdin: 'ignore', reject: false },
        );
  if (r.exitCode !== 0) throw new PaasError(`Could not unpack the ${type} archive: ${(r.stderr || r.stdout).trim()}`);
}

/** Fetch, check and unpack the archive into WORK; returns the directory the app's tree is in. */
export async function prepareArchiveTree(
  source: string,
  type: ArchiveType,
  work: string,
  limits: ArchiveLimits,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<string> {
  const file = path.join(work, `src.${type}`);
  let size: number;
  if (isStdinSource(source)) {
    step(`Fetching ${type} file from stdin`);
    size = await saveStream(input, file, limits.maxSize);
  } else {
    const u = parseArchiveUrl(source);
    step(`Downloading ${type} file from ${displayUrl(u)}`);
    size = await downloadTo(u, file, { maxSize: limits.maxSize, publicOnly: !callerIsAdmin() });
  }
  checkArchiveSize(size, limits);
  step('Generating build context');
  // Every entry is checked before tar or unzip sees the file.
  checkListing(await listArchive(file, type, limits.maxFiles + 1), limits);
  const dest = path.join(work, 'tree');
  fs.mkdirSync(dest, { mode: 0o700 });
  await unpack(file, type, dest);
  checkExtractedTree(dest);
  makeReadable(dest);
  fs.rmSync(file, { force: true });
  return sourceRoot(dest);
}

export interface Author {
  name: string;
  email: string;
}

/**
 * Commit the tree in DIR onto the app's deploy branch (not moved yet). Returns undefined when the tree is
 * the branch's own (nothing changed), as Dokku skips such a deploy.
 */
export async function commitTree(
  app: string,
  dir: string,
  work: string,
  author: Author,
): Promise<{ branch: string; parent?: string; commit: string } | undefined> {
  const branches = deployBranches(app);
  const repo = await ensureRepo(app, branches[0]);
  const branch = branches.find((b) => branchHead(app, b)) ?? branches[0];
  const parent = branchHead(app, branch);
  const env = {
    GIT_INDEX_FILE: path.join(work, 'index'),
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
  };
  const git = async (...args: string[]) => {
    const r = await execa('git', gitArgs(repo, '--work-tree', dir, ...args), { cwd: dir, env, reject: false });
    if (r.exitCode !== 0)
      throw new PaasError(`Could not commit the archive to ${app}'s repository: ${r.stderr.trim()}`);
    return r.stdout.trim();
  };
  try {
    await git('add', '--all', '.');
    const tree = await git('write-tree');
    if (parent && tree === (await git('rev-parse', `${parent}^{tree}`))) return undefined;
    const message = parent ? `Automated commit @ ${Math.floor(Date.now() / 1000)}` : 'Initial commit';
    const commit = await git('commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message);
    return { branch, parent, commit };
  } finally {
    chownLikeRoot(path.join(repo, 'objects'));
  }
}

export interface FromArchiveOptions {
  type: ArchiveType;
  author: Author;
  input?: NodeJS.ReadableStream;
  /** Deploys the commit given as a ref update, as a push does (tests replace it); 0 when deployed. */
  deploy?: (app: string, refUpdate: string, opts: { source: 'git:from-archive' }) => Promise<number>;
}

/** git:from-archive: a failure anywhere leaves the branch, the repository's refs and the app as they were. */
export async function deployFromArchive(app: string, source: string, opts: FromArchiveOptions): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-archive-'));
  // Ctrl-C or a kill must not leave the archive and its tree behind (Dokku's trap ... INT TERM).
  const onSignal = (signal: NodeJS.Signals) => {
    fs.rmSync(work, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const dir = await prepareArchiveTree(source, opts.type, work, archiveLimits(), opts.input);
    await withAppLock(app, async () => {
      step('Updating git repository with specified build context');
      const c = await commitTree(app, dir, work, opts.author);
      if (!c) {
        warn('No changes detected, skipping git commit');
        warn(`Call 'ps:rebuild' on app to rebuild the app from existing source`);
        return;
      }
      const deploy = opts.deploy ?? (await import('../lifecycle/push.js')).pushDeploy;
      const zero = '0'.repeat(c.commit.length);
      const rc = await deploy(app, `${c.parent ?? zero} ${c.commit} refs/heads/${c.branch}\n`, {
        source: 'git:from-archive',
      });
      if (rc !== 0) throw new PaasError(`${app} was not deployed from the archive`);
      const r = await execa(
        'git',
        gitArgs(paths.repo(app), 'update-ref', `refs/heads/${c.branch}`, c.commit, c.parent ?? zero),
        { reject: false },
      );
      if (r.exitCode !== 0) throw new PaasError(`Deployed, but could not move ${c.branch}: ${r.stderr.trim()}`);
      chownLikeRoot(path.join(paths.repo(app), 'refs'));
      writeDeploySource(app, opts.type, isStdinSource(source) ? '--' : displayUrl(new URL(source)));
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    fs.rmSync(work, { recursive: true, force: true });
  }
}
