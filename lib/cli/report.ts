// Dokku's report layout ("=====> APP NS information" then aligned "Label: value" rows), its
// `--format json`, and the single-value flags (`apps:report APP --app-locked`).
import { UsageError } from '../core/errors.js';
import { jsonOrPlain } from '../core/format.js';
import { Flags } from './command.js';
import { out } from '../core/log.js';

export interface ReportRow {
  /** Flag-style key without the leading dashes, e.g. "app-locked". Label is derived from it. */
  key: string;
  value: string;
  label?: string;
}

function labelOf(row: ReportRow): string {
  if (row.label) return row.label;
  const words = row.key.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Flags a report command accepts besides the shared ones (so parseArgs lets them through). */
function reportFlagNames(flags: Flags): string[] {
  return Object.keys(flags).filter((f) => f !== 'format');
}

/**
 * The JSON form, as Dokku's: every key as given (`app-dir`) and, for keys that carry the report's own
 * prefix, also without it (`dir`). Values are always strings ("" when unset, never null).
 */
function reportJson(title: string, rows: ReportRow[]): Record<string, string> {
  const type = title
    .replace(/^\S+ /, '')
    .replace(/ information$/, '')
    .replace(/ /g, '-');
  const prefix = `${type}-`;
  const data: Record<string, string> = {};
  for (const r of rows) {
    const value = r.value ?? '';
    if (r.key.startsWith(prefix) && r.key.length > prefix.length) data[r.key.slice(prefix.length)] = value;
    data[r.key] = value;
  }
  return data;
}

/**
 * Print one report. With a single info flag, print only that value; with `--format json`,
 * an object keyed by flag name.
 */
export function printReport(
  title: string,
  rows: ReportRow[],
  flags: Flags,
  /** Keys only the JSON form has, as given (Dokku's structured `build-list` arrays). */
  jsonExtra: Record<string, unknown> = {},
): void {
  const wanted = reportFlagNames(flags).filter((f) => flags[f] === true);
  if (wanted.length > 1) throw new UsageError('Only one info flag can be given at a time');
  if (wanted.length === 1) {
    const row = rows.find((r) => r.key === wanted[0]);
    if (!row) throw new UsageError(`Invalid flag passed, valid flags: ${rows.map((r) => `--${r.key}`).join(', ')}`);
    out(row.value);
    return;
  }
  if (jsonOrPlain(flags.format) === 'json') {
    out(JSON.stringify({ ...reportJson(title, rows), ...jsonExtra }));
    return;
  }
  out(`=====> ${title}`);
  const width = Math.max(0, ...rows.map((r) => labelOf(r).length + 1)) + 1;
  for (const r of rows) out(`       ${(labelOf(r) + ':').padEnd(width)}${r.value}`.trimEnd());
}
