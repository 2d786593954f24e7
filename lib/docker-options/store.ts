// Docker options per app and phase: props docker-options/APP/{build,deploy,run}, one option per line,
// like Dokku's DOCKER_OPTIONS_* files.
import { PaasError, UsageError } from '../core/errors.js';
import { readListProp, writeListProp } from '../state/props.js';
import { optionKey, parseOptions, ParsedOption, Phase } from './parse.js';

const NS = 'docker-options';

export function readOptionLines(app: string, phase: Phase): string[] {
  return readListProp(NS, app, phase);
}

/** Stored options, parsed. A stored line that no longer parses is an error, not a silent skip. */
export function readOptions(app: string, phase: Phase): ParsedOption[] {
  return readOptionLines(app, phase).flatMap((line) => {
    try {
      return parseOptions(line, [phase]);
    } catch (e) {
      throw new PaasError(
        `Stored ${phase} docker option ${JSON.stringify(line)} of ${app} is invalid: ${(e as Error).message}`,
      );
    }
  });
}

/** Add options to each phase (all parsed first, so a bad one changes nothing). Returns what was added. */
export function addOptions(app: string, phases: Phase[], text: string): ParsedOption[] {
  const options = parseOptions(text, phases);
  const added: ParsedOption[] = [];
  const updates = phases.map((phase) => {
    const current = readOptions(app, phase);
    const keys = new Set(current.map(optionKey));
    const lines = readOptionLines(app, phase);
    for (const o of options) {
      if (keys.has(optionKey(o))) continue;
      keys.add(optionKey(o));
      lines.push(o.text);
      added.push(o);
    }
    return [phase, lines] as const;
  });
  for (const [phase, lines] of updates) writeListProp(NS, app, phase, lines);
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
  for (const [phase, lines] of updates) writeListProp(NS, app, phase, lines);
  return removed;
}

export function clearOptions(app: string, phases: Phase[]): void {
  for (const phase of phases) writeListProp(NS, app, phase, []);
}
