// `--format` of a list or a report: json, or the plain form (no flag, or one of the names the command
// has always taken for it: Dokku says stdout in some places and text in others).
import { UsageError } from './errors.js';

export function jsonOrPlain(
  value: unknown,
  plain: readonly string[] = ['stdout'],
  invalid = `Invalid --format value ${JSON.stringify(value)} (use ${plain[0]} or json)`,
): 'json' | 'plain' {
  if (value === 'json') return 'json';
  if (value === undefined || plain.includes(value as string)) return 'plain';
  throw new UsageError(invalid);
}
