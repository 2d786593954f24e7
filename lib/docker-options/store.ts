// Docker options per app and phase: props docker-options/APP/{build,deploy,run}, one option per line,
// like Dokku's DOCKER_OPTIONS_* files. Options for the containers of one process type only
// (docker-options:add --process PROC, deploy phase only, as in Dokku) are props deploy.PROC.
import { AccessError, PaasError, UsageError } from '../core/errors.js';
import { callerIsAdmin } from '../core/caller.js';
import { listPropKeys, readListProp, writeListProp } from '../state/props.js';
import { validateProcessType } from '../state/validate.js';
import { optionKey, parseOptions, ParsedOption, Phase } from './parse.js';
import { userOptionProblem } from './policy.js';

const NS = 'docker-options';

/** Dokku's name of the scope without --process: reserved, never a process type here. */
export const DEFAULT_SCOPE = '_default_';

/** --process values, checked: deploy phase only, real process type names, not _default_. */
export function checkProcessScopes(phases: Phase[], processes: string[]): string[] {
  if (processes.length === 0) return [];
  for (const p of processes) {
    if (p === '') throw new UsageError('--process value must not be empty');
    if (p === DEFAULT_SCOPE)
      throw new UsageError(`"${DEFAULT_SCOPE}" is reserved and cannot be used as a --process value`);
  }
  const other = phases.find((ph) => ph !== 'deploy');
  if (other) throw new UsageError(`--process is only supported for the deploy phase, got "${other}"`);
  return [...new Set(processes.map(validateProcessType))];
}

/** One list of options: a phase, optionally of one process type (undefined: every container). */
interface Scope {
  phase: Phase;
  process?: string;
}

function scopesOf(phases: Phase[], processes: string[]): Scope[] {
  return phases.flatMap((phase) => (processes.length ? processes.map((process) => ({ phase, process })) : [{ phase }]));
}

/** props docker-options/APP/PHASE or deploy.PROC */
function listKey(s: Scope): string {
  return s.process ? `${s.phase}.${s.process}` : s.phase;
}

/** props docker-options/APP/PHASE-admin (deploy-admin.PROC): the stored lines an admin set (only these may reach the host). */
function adminKey(s: Scope): string {
  return s.process ? `${s.phase}-admin.${s.process}` : `${s.phase}-admin`;
}

function readAdminLines(app: string, s: Scope): Set<string> {
  return new Set(readListProp(NS, app, adminKey(s)));
}

function writeAdminLines(app: string, s: Scope, lines: string[], admin: Set<string>): void {
  writeListProp(
    NS,
    app,
    adminKey(s),
    lines.filter((l) => admin.has(l)),
  );
}

/** Was this stored line of the phase's own list set by an admin? (storage:migrate keeps that mark.) */
export function isAdminLine(app: string, phase: Phase, line: string): boolean {
  return readAdminLines(app, { phase }).has(line);
}

/** Process types that have deploy options of their own, sorted. */
export function optionProcesses(app: string): string[] {
  return listPropKeys(NS, app)
    .map((k) => /^deploy\.([A-Za-z0-9][A-Za-z0-9_-]*)$/.exec(k)?.[1])
    .filter((p): p is string => !!p);
}

/** A non-admin caller may only add options from the safe list (policy.ts); refused with nothing stored. */
function assertCallerMaySet(options: ParsedOption[], phases: Phase[]): void {
  if (callerIsAdmin()) return;
  for (const phase of phases)
    for (const o of options) {
      const why = userOptionProblem(o, phase);
      if (why) throw new AccessError(`Only an admin may add the docker option ${JSON.stringify(o.text)}: ${why}`);
    }
}

/**
 * Stored options that an admin did not set (a user key, an install from before paas recorded who set
 * them, a hand edit) are checked again when a deploy, run or build uses them: the phase's own list and
 * the lists of the process types given (default: every process type that has one).
 */
export function assertStoredOptionsAllowed(app: string, phase: Phase, processes?: string[]): void {
  const procs = phase !== 'deploy' ? [] : (processes ?? optionProcesses(app));
  for (const s of [{ phase }, ...procs.map((p) => ({ phase, process: p }))]) assertScopeAllowed(app, s);
}

function assertScopeAllowed(app: string, s: Scope): void {
  const admin = readAdminLines(app, s);
  const flag = s.process ? `--process ${s.process} ` : '';
  for (const line of readOptionLines(app, s.phase, s.process)) {
    if (admin.has(line)) continue;
    for (const o of parseStoredLine(app, s.phase, line)) {
      const why = userOptionProblem(o, s.phase);
      if (why)
        throw new AccessError(
          `Stored ${listKey(s)} docker option ${JSON.stringify(line)} of ${app} was not set by an admin and is refused: ${why} (an admin keeps it with "paas docker-options:add ${flag}${app} ${s.phase} ${line}", or remove it with docker-options:remove)`,
        );
    }
  }
}

/** The stored lines of a phase (of one process type's own list when process is given). */
export function readOptionLines(app: string, phase: Phase, process?: string): string[] {
  return readListProp(NS, app, listKey({ phase, process }));
}

function parseStoredLine(app: string, phase: Phase, line: string): ParsedOption[] {
  try {
    return parseOptions(line, [phase]);
  } catch (e) {
    throw new PaasError(
      `Stored ${phase} docker option ${JSON.stringify(line)} of ${app} is invalid: ${(e as Error).message}`,
    );
  }
}

/** Stored options, parsed. A stored line that no longer parses is an error, not a silent skip. */
export function readOptions(app: string, phase: Phase, process?: string): ParsedOption[] {
  return readOptionLines(app, phase, process).flatMap((line) => parseStoredLine(app, phase, line));
}

/** What a container of the process type gets: the phase's options, then its process type's own. */
export function readProcessOptions(app: string, phase: Phase, process?: string): ParsedOption[] {
  return [...readOptions(app, phase), ...(process && phase === 'deploy' ? readOptions(app, phase, process) : [])];
}

/**
 * Add options to each phase, or to each process type's list of the deploy phase (all parsed first, so
 * a bad one changes nothing). Returns what was added.
 */
export function addOptions(app: string, phases: Phase[], text: string, processes: string[] = []): ParsedOption[] {
  const procs = checkProcessScopes(phases, processes);
  const options = parseOptions(text, phases);
  assertCallerMaySet(options, phases);
  const isAdmin = callerIsAdmin();
  const added: ParsedOption[] = [];
  const updates = scopesOf(phases, procs).map((scope) => {
    const { phase, process } = scope;
    const lines = readOptionLines(app, phase, process);
    const keys = new Set(readOptions(app, phase, process).map(optionKey));
    const admin = readAdminLines(app, scope);
    for (const o of options) {
      if (isAdmin) {
        // An admin adding an option that is already there vouches for the line(s) holding it.
        for (const l of lines) if (parseOptions(l, []).some((x) => optionKey(x) === optionKey(o))) admin.add(l);
        admin.add(o.text);
      }
      if (keys.has(optionKey(o))) continue;
      keys.add(optionKey(o));
      lines.push(o.text);
      added.push(o);
    }
    return [scope, lines, admin] as const;
  });
  // Admin marks first: a crash in between leaves a mark on nothing, never an unvouched line marked.
  for (const [scope, lines, admin] of updates) {
    if (isAdmin) writeAdminLines(app, scope, lines, admin);
    writeListProp(NS, app, listKey(scope), lines);
  }
  return added;
}

/**
 * Remove options (matched however they were spelled) from the phases' lists, or from the process
 * types' lists only when processes are given (as Dokku). Throws when none of them is set.
 */
export function removeOptions(app: string, phases: Phase[], text: string, processes: string[] = []): number {
  const procs = checkProcessScopes(phases, processes);
  const wanted = new Set(parseOptions(text, []).map(optionKey));
  let removed = 0;
  const updates = scopesOf(phases, procs).map((scope) => {
    const lines = readOptionLines(app, scope.phase, scope.process).filter((line) => {
      const keep = !parseOptions(line, []).every((o) => wanted.has(optionKey(o)));
      if (!keep) removed++;
      return keep;
    });
    return [scope, lines] as const;
  });
  if (removed === 0)
    throw new UsageError(
      `Docker option ${JSON.stringify(text)} is not set for ${app} (${phases.join(',')}${procs.length ? ` --process ${procs.join(',')}` : ''})`,
    );
  for (const [scope, lines] of updates) {
    writeListProp(NS, app, listKey(scope), lines);
    writeAdminLines(app, scope, lines, readAdminLines(app, scope));
  }
  return removed;
}

/** Clear the phases' lists, or only the process types' lists when processes are given (as Dokku). */
export function clearOptions(app: string, phases: Phase[], processes: string[] = []): void {
  for (const scope of scopesOf(phases, checkProcessScopes(phases, processes))) {
    writeListProp(NS, app, listKey(scope), []);
    writeListProp(NS, app, adminKey(scope), []);
  }
}
