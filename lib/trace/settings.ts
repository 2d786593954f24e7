// Trace mode (Dokku's trace:on / trace:off): one switch kept in the state root, read by every paas
// executable at start, which then behaves as if given --trace (errors print their stack, ACME talks).
import { readProp, setOrClearProp } from '../state/props.js';
import { GLOBAL } from '../state/paths.js';

const NS = 'trace';

export function traceEnabled(): boolean {
  try {
    return readProp(NS, GLOBAL, 'enabled') === 'true';
  } catch {
    return false; // an unreadable state root (a user without access) is no reason to fail a command
  }
}

export function setTrace(on: boolean): void {
  setOrClearProp(NS, GLOBAL, 'enabled', on ? 'true' : '');
}
