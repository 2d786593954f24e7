// The source tree a build starts from: a pushed commit unpacked into builds/APP/src.
import fs from 'node:fs';
import path from 'node:path';
import { execa, execaSync } from 'execa';
import { PaasError } from '../core/errors.js';
import { ensureDir, writeFileAtomic } from '../state/atomic.js';
import { paths } from '../state/paths.js';
import { branchHead, chownLikeRoot, gitArgs, repoExists } from './repo.js';
import { addGitDir } from './git-dir.js';
import { deployBranches, keepGitDir } from './settings.js';

export function revFile(app: string): string {
  return path.join(paths.buildDir(app), 'rev');
}

export function sourceDir(app: string): string {
  return path.join(paths.buildDir(app), 'src');
}

/** The full commit id REV names in the app's repo (objects a push is still receiving included). */
function resolveCommit(app: string, rev: string): string {
  if (!/^[0-9A-Za-z._/@^~-]+$/.test(rev) || rev.startsWith('-'))
    throw new PaasError(`Invalid git revision ${JSON.stringify(rev)}`);
  const r = execaSync('git', gitArgs(paths.repo(app), 'rev-parse', '--verify', '--quiet', `${rev}^{commit}`), {
    reject: false,
  });
  if (r.exitCode !== 0) throw new PaasError(`Commit ${rev} is not in the git repository of ${app}`);
  return r.stdout.trim();
}

/**
 * Unpack commit REV of the app's repo into a fresh directory, then swap it in as builds/APP/src and
 * record builds/APP/rev. A failed unpack leaves the previous src untouched. Returns the src dir.
 */
export async function extractSource(app: string, rev: string): Promise<string> {
  if (!repoExists(app)) throw new PaasError(`App ${app} has no git repository yet; push to it first`);
  const commit = resolveCommit(app, rev);
  const dir = paths.buildDir(app);
  ensureDir(dir);
  const fresh = path.join(dir, `.src.${process.pid}.${Date.now()}`);
  fs.mkdirSync(fresh, { mode: 0o755 });
  try {
    // The same modes whoever unpacks (a push runs as paas, ps:rebuild may run as root) and whatever the
    // umask: the archive says 0644/0755 and tar keeps exactly that (-p). Otherwise root's rebuild copied
    // files whose modes differed from the push's, and the image (and the build cache) differed too.
    await execa('git', gitArgs(paths.repo(app), '-c', 'tar.umask=0022', 'archive', '--format=tar', commit)).pipe(
      'tar',
      ['-x', '-p', '--no-same-owner', '-C', fresh],
    );
    if (keepGitDir(app)) await addGitDir(paths.repo(app), commit, deployBranches(app)[0], fresh);
  } catch (e) {
    fs.rmSync(fresh, { recursive: true, force: true });
    if (e instanceof PaasError) throw e;
    const err = e as { stderr?: string; shortMessage?: string };
    throw new PaasError(
      `Could not unpack ${commit.slice(0, 7)} of ${app}: ${(err.stderr || err.shortMessage || String(e)).trim()}`,
    );
  }
  chownLikeRoot(fresh);
  // The app lock keeps builds from reading src while it is swapped; the old tree goes last.
  const src = sourceDir(app);
  const old = path.join(dir, `.src.old.${process.pid}.${Date.now()}`);
  if (fs.existsSync(src)) fs.renameSync(src, old);
  fs.renameSync(fresh, src);
  fs.rmSync(old, { recursive: true, force: true });
  writeFileAtomic(revFile(app), commit + '\n');
  return src;
}

/** The head of the app's deploy branch in its repo: what the last successful push deployed. */
export function lastPushedRev(app: string): string | undefined {
  for (const b of deployBranches(app)) {
    const head = branchHead(app, b);
    if (head) return head;
  }
  return undefined;
}
