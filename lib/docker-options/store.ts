// Docker options per app and phase: props docker-options/APP/{build,deploy,run}, one option per line,
// like Dokku's DOCKER_OPTIONS_* files.
import { AccessError, PaasError, UsageError } from '../core/errors.js';
import { callerIsAdmin } from '../core/caller.js';
import { readListProp, writeListProp } from '../state/props.js';
import { optionKey, parseOptions, ParsedOption, Phase } from './parse.js';
import { userOptionProblem } from './policy.js';

const NS = 'docker-options';

/** props docker-options/APP/PHASE-admin: the stored lines an admin set (only these may reach the host). */
function adminKey(phase: Phase): string {
  return `${phase}-admin`;
}

function readAdminLines(app: string, phase: Phase): Set<string> {
  return new Set(readListProp(NS, app, adminKey(phase)));
}

function writeAdminLines(app: string, phase: Phase, lines: string[], admin: Set<string>): void {
  writeListProp(
    NS,
    app,
    adminKey(phase),
    lines.filter((l) => admin.has(l)),
  );
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
 * them, a hand edit) are checked again when a deploy, run or build uses them.
 */
export function assertStoredOptionsAllowed(app: string, phase: Phase): void {
  const admin = readAdminLines(app, phase);
  for (const line of readOptionLines(app, phase)) {
    if (admin.has(line)) continue;
    for (const o of parseStoredLine(app, phase, line)) {
      const why = userOptionProblem(o, phase);
      if (why)
        throw new AccessError(
          `Stored ${phase} docker option ${JSON.stringify(line)} of ${app} was not set by an admin and is refused: ${why} (an admin keeps it with "paas docker-options:add ${app} ${phase} ${line}", or remove it with docker-options:remove)`,
        );
    }
  }
}

export function readOptionLines(app: string, phase: Phase): string[] {
  return readListProp(NS, app, phase);
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
export function readOptions(app: string, phase: Phase): ParsedOption[] {
  return readOptionLines(app, phase).flatMap((line) => parseStoredLine(app, phase, line));
}

/** Add options to each phase (all parsed first, so a bad one changes nothing). Returns what was added. */
export function addOptions(app: string, phases: Phase[], text: string): ParsedOption[] {
  const options = parseOptions(text, phases);
  assertCallerMaySet(options, phases);
  const isAdmin = callerIsAdmin();
  const added: ParsedOption[] = [];
  const updates = phases.map((phase) => {
    const lines = readOptionLines(app, phase);
    const keys = new Set(readOptions(app, phase).map(optionKey));
    const admin = readAdminLines(app, phase);
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
    return [phase, lines, admin] as const;
  });
  // Admin marks first: a crash in between leaves a mark on nothing, never an unvouched line marked.
  for (const [phase, lines, admin] of updates) {
    if (isAdmin) writeAdminLines(app, phase, lines, admin);
    writeListProp(NS, app, phase, lines);
  }
  return added;
}

/** Remove options (matched however they were spelled). Throws when none of them is set. */
export function removeOptions(app: string, phases: Phase[], text: string): number {
  const wanted = new Set(parseOptions(text, []).map(optionKey));
  let removed = 0;
  const updates = phases.map((phase) => {
    const lines = readOptionLines(app, phase).filter((line) => {
      const keep = !parseOptions(line, []).every((o) => wanted.has(optionKey(o)));
      if (!keep) removed++;
      return keep;
    });
    return [phase, lines] as const;
  });
  if (removed === 0)
    throw new UsageError(`Docker option ${JSON.stringify(text)} is not set for ${app} (${phases.join(',')})`);
  for (const [phase, lines] of updates) {
    writeListProp(NS, app, phase, lines);
    writeAdminLines(app, phase, lines, readAdminLines(app, phase));
  }
  return removed;
}

export function clearOptions(app: string, phases: Phase[]): void {
  for (const phase of phases) {
    writeListProp(NS, app, phase, []);
    writeListProp(NS, app, adminKey(phase), []);
  }
}
