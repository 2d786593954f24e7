// What a key may do over ssh (paas-ssh-command NAME, forced by authorized_keys): push to an app, or run
// a paas command. Never a shell: the command line is split into words and matched, nothing else runs.
import { execa } from 'execa';
import { checkPush } from '../acl/access.js';
import { currentCaller, setRemoteCaller } from '../core/caller.js';
import { PaasError, UsageError } from '../core/errors.js';
import { recording } from '../events/audit.js';
import { dispatch } from '../cli/dispatch.js';
import { info } from '../core/log.js';
import { lockApp } from '../apps/store.js';
import { ensureAppForPush } from '../git/receive.js';
import { ensureRepo } from '../git/repo.js';
import { validateAppName } from '../state/validate.js';
import { keyRole } from './keys.js';
import { splitWords } from './words.js';

export type SshAction = { kind: 'receive-pack'; app: string; wait: boolean } | { kind: 'paas'; args: string[] };

/** `git-receive-pack 'APP'` (also `/APP`, `APP.git`, `--no-wait`), or a paas command. Pure. */
export function parseSshCommand(line: string | undefined): SshAction {
  const words = splitWords(line ?? '');
  const [program, ...rest] = words;
  if (program === 'git-upload-pack' || program === 'git-upload-archive')
    throw new PaasError('Fetching or cloning from paas is not supported; paas only receives pushes');
  if (program === 'git-receive-pack') {
    let wait = true;
    const names: string[] = [];
    for (const w of rest) {
      if (w === '--no-wait') wait = false;
      else if (w.startsWith('-')) throw new UsageError(`Unknown git-receive-pack option ${w}`);
      else names.push(w);
    }
    if (names.length !== 1) throw new UsageError('Usage: git-receive-pack APP');
    const app = names[0].replace(/^\/+/, '').replace(/\.git\/?$/, '');
    return { kind: 'receive-pack', app: validateAppName(app), wait };
  }
  return { kind: 'paas', args: words };
}

/**
 * Receive a push into the app's repository while holding the app lock, so one deploy runs at a time.
 * The key's right to push is checked under the lock (the app cannot appear or change hands meanwhile),
 * and the push, allowed or not, goes into the audit trail.
 */
async function receivePack(app: string, wait: boolean): Promise<number> {
  const caller = currentCaller();
  return recording(caller, { command: 'git-push', app }, () =>
    withLockedApp(app, wait, async () => {
      checkPush(app, caller);
      ensureAppForPush(app);
      const repo = await ensureRepo(app);
      // The hooks and the bins they run see who pushed (PAAS_USER, PAAS_ROLE are in our environment).
      const r = await execa('git-receive-pack', [repo], {
        stdio: 'inherit',
        reject: false,
        env: { PAAS_LOCKED_APP: app },
      });
      return r.exitCode ?? 1;
    }),
  );
}

async function withLockedApp(app: string, wait: boolean, fn: () => Promise<number>): Promise<number> {
  const lock = lockApp(app, { wait });
  // Everything below (creating the app, the hooks) runs under this lock; nothing may take it again.
  process.env.PAAS_LOCKED_APP = app;
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

export async function runSshCommand(keyName: string | undefined, original: string | undefined): Promise<number> {
  if (!keyName) throw new UsageError('Usage: paas-ssh-command KEY_NAME (run by sshd with SSH_ORIGINAL_COMMAND set)');
  // The role comes from the stored key, never from anything the client sends.
  setRemoteCaller(keyName, keyRole(keyName));
  // A dropped connection must not kill us before git-receive-pack ends: the app lock lives in this process.
  process.on('SIGHUP', () => info('connection closed; finishing the current step'));
  const action = parseSshCommand(original);
  if (action.kind === 'receive-pack') return receivePack(action.app, action.wait);
  return dispatch(action.args);
}
