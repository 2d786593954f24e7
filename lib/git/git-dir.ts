// keep-git-dir: give the build a real .git for the pushed commit (for apps that read their own history).
// During pre-receive the pushed objects sit in git's quarantine and no ref names the commit yet, so the
// objects are packed from the app repo (with the hook's environment, which points at the quarantine) and
// indexed into a new repository (with every GIT_* variable removed, so it is really a separate repo).
import path from 'node:path';
import { execa } from 'execa';
import { PaasError } from '../core/errors.js';
import { gitArgs } from './repo.js';

function envWithoutGit(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_') && v !== undefined) env[k] = v;
  return env;
}

export async function addGitDir(repo: string, commit: string, branch: string, workTree: string): Promise<void> {
  const gitDir = path.join(workTree, '.git');
  const local = (...args: string[]) =>
    execa('git', ['--git-dir', gitDir, '--work-tree', workTree, ...args], { env: envWithoutGit(), extendEnv: false });
  try {
    await execa('git', ['init', '--quiet', '--template=', `--initial-branch=${branch}`, workTree], {
      env: envWithoutGit(),
      extendEnv: false,
    });
    await execa('git', gitArgs(repo, 'pack-objects', '--revs', '--stdout', '-q'), { input: `${commit}\n` }).pipe(
      'git',
      ['--git-dir', gitDir, 'index-pack', '--stdin'],
      { env: envWithoutGit(), extendEnv: false },
    );
    await local('update-ref', `refs/heads/${branch}`, commit);
    await local('symbolic-ref', 'HEAD', `refs/heads/${branch}`);
    await local('read-tree', commit);
  } catch (e) {
    const err = e as { stderr?: string; shortMessage?: string };
    throw new PaasError(
      `Could not keep the .git directory for ${commit.slice(0, 7)}: ${(err.stderr || err.shortMessage || String(e)).trim()}`,
    );
  }
}
