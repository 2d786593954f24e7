// Who may do what, decided in one place: dispatch asks before any command runs, paas-ssh-command
// before a push. Admin keys and local accounts may do everything; user keys use the apps they created or
// were granted (acl:add); deploy keys only push to the apps granted to them (deploy:allow).
import { Access, Caller, currentCaller } from '../core/caller.js';
import { AccessError } from '../core/errors.js';
import { appExists, listApps } from '../apps/store.js';
import { Grant, grantedKeys } from './store.js';

/**
 * The commands a deploy key may run besides a push (each declares access 'deploy'), on the apps it may
 * push to: deploying code another way, and seeing or stopping its own builds.
 */
export const DEPLOY_KEY_COMMANDS: readonly string[] = [
  'git:from-archive',
  'builds:list',
  'builds:info',
  'builds:output',
  'builds:cancel',
];

/** What the decision needs to know about one command invocation. */
export interface Request {
  command: string;
  access: Access;
  /** The app named by the first positional (for 'app' commands), if any. */
  app?: string;
  /** The command was given --global. */
  global: boolean;
}

/** May the caller run commands on this app? (A deploy key: only 'deploy' commands, on the apps it pushes to.) */
export function mayUseApp(caller: Caller, app: string): boolean {
  if (caller.role === 'admin') return true;
  if (caller.role === 'user') return grantedKeys(app, 'users').includes(caller.name);
  return grantedKeys(app, 'deploy').includes(caller.name);
}

/** The apps the caller may see (in listings, reports and events). */
export function visibleApps(caller: Caller = currentCaller()): string[] {
  return listApps().filter((app) => mayUseApp(caller, app));
}

/**
 * The refusal for this request, or undefined when it is allowed. Pure apart from mayUse, so the whole
 * table is unit-tested.
 */
export function refusal(caller: Caller, req: Request, mayUse: (app: string) => boolean): string | undefined {
  if (caller.role === 'admin') return undefined;
  const who = `key ${caller.name} (${caller.role})`;
  if (caller.role === 'deploy') {
    const own = req.access === 'deploy' && req.app !== undefined && !req.global && mayUse(req.app);
    if (own) return undefined;
    if (req.access === 'deploy' && req.app !== undefined && !req.global) return `The ${who} may not use app ${req.app}`;
    return `The ${who} may only git push to its apps, not run ${req.command}`;
  }
  if (req.access === 'admin') return `The ${who} may not run ${req.command}; it needs an admin key`;
  if (req.global) return `The ${who} may not change or read global settings (--global); it needs an admin key`;
  if (req.access === 'any') return undefined;
  if (req.app === undefined) {
    if (req.command.endsWith(':report')) return undefined;
    return `The ${who} may only run ${req.command} on one of its apps, not on all of them`;
  }
  if (!mayUse(req.app)) return `The ${who} may not use app ${req.app}`;
  return undefined;
}

export function checkAccess(req: Request, caller: Caller = currentCaller()): void {
  const why = refusal(caller, req, (app) => mayUseApp(caller, app));
  if (why) throw new AccessError(why);
}

/**
 * May the caller push to the app? A user key may push to its apps or create a new one by pushing (it then
 * owns it); a deploy key only to the apps granted to it, never a new one.
 */
export function pushRefusal(
  caller: Caller,
  app: string,
  exists: boolean,
  granted: (grant: Grant) => boolean,
): string | undefined {
  if (caller.role === 'admin') return undefined;
  const who = `key ${caller.name} (${caller.role})`;
  if (caller.role === 'deploy') {
    if (exists && granted('deploy')) return undefined;
    return `The ${who} may not push to app ${app}; an admin can allow it with paas deploy:allow ${app} ${caller.name}`;
  }
  if (!exists || granted('users')) return undefined;
  return `The ${who} may not push to app ${app}`;
}

export function checkPush(app: string, caller: Caller = currentCaller()): void {
  const why = pushRefusal(caller, app, appExists(app), (grant) => grantedKeys(app, grant).includes(caller.name));
  if (why) throw new AccessError(why);
}
