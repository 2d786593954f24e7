// storage:set (Dokku's positional `NAME PROPERTY [VALUE]` and the deprecated flag form) and the
// annotations/labels of an entry (storage:annotations:set/report, storage:labels:set/report). On
// docker-local Dokku only stores annotations and labels (they reach a k3s PVC); paas does the same.
import { PaasError, UsageError } from '../core/errors.js';
import { jsonOrPlain } from '../core/format.js';
import { info, out, step } from '../core/log.js';
import { convergeEntry, listEntries, requireEntry, saveEntry, StorageEntry, validateEntry } from './entries.js';
import { normalizeDirectoryMode } from './entry-dir.js';

/** The properties storage:set understands, sorted as Dokku's error lists them. */
export const SETTABLE_PROPERTIES = [
  'access-mode',
  'chown',
  'mode',
  'namespace',
  'reclaim-policy',
  'size',
  'storage-class-name',
];

export interface PropertyChange {
  property: string;
  /** '' unsets. */
  value: string;
}

function setOrDelete<K extends 'chown' | 'mode' | 'reclaim_policy' | 'namespace'>(
  entry: StorageEntry,
  key: K,
  value: string,
): void {
  if (value === '') delete entry[key];
  else entry[key] = value;
}

/** One change onto a copy of the entry (Dokku's applyPropertyChange, docker-local's rules). */
export function applyPropertyChange(entry: StorageEntry, change: PropertyChange): void {
  const { property, value } = change;
  switch (property) {
    case 'access-mode':
    case 'storage-class-name':
      // Kubernetes cannot swap these on a bound volume; docker-local has none, so any value is a change.
      if (value !== '') throw new UsageError(`storage:set cannot change ${property} in place; recreate the entry`);
      return;
    case 'size':
      if (value !== '')
        throw new UsageError(`storage entry ${JSON.stringify(entry.name)} (docker-local) does not accept --size`);
      return;
    case 'namespace':
      if (value !== '' && (value.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)))
        throw new UsageError(`Invalid namespace ${JSON.stringify(value)}: use a DNS-1123 label`);
      return setOrDelete(entry, 'namespace', value);
    case 'chown':
      return setOrDelete(entry, 'chown', value);
    case 'mode':
      return setOrDelete(entry, 'mode', normalizeDirectoryMode(value));
    case 'reclaim-policy':
      return setOrDelete(entry, 'reclaim_policy', value);
    case '':
      throw new UsageError('No property specified');
    default:
      throw new UsageError(`Invalid property specified, valid properties include: ${SETTABLE_PROPERTIES.join(', ')}`);
  }
}

/**
 * storage:set: apply every change to a copy, validate the whole entry, then store it; the directory is
 * converged only when chown or mode changed (an unrelated set touches nothing on disk).
 */
export function setEntry(
  name: string | undefined,
  changes: PropertyChange[],
  maps: { annotations?: Record<string, string>; labels?: Record<string, string> } = {},
): StorageEntry {
  const entry: StorageEntry = structuredClone(requireEntry(name));
  for (const c of changes) applyPropertyChange(entry, c);
  if (maps.annotations) setMap(entry, 'annotations', maps.annotations);
  if (maps.labels) setMap(entry, 'labels', maps.labels);
  validateEntry(entry);
  if (changes.some((c) => c.property === 'chown' || c.property === 'mode')) convergeEntry(entry);
  saveEntry(entry);
  step(`Storage entry ${entry.name} updated`);
  return entry;
}

/** `--annotation key=value` (repeatable, deprecated): a key and a value, both required. */
export function parseKeyValues(pairs: string[], what: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw new UsageError(`Invalid --${what} ${JSON.stringify(p)}: use key=value`);
    const key = validateMapKey(p.slice(0, i), what);
    map[key] = validateMapValue(p.slice(i + 1), what);
  }
  return map;
}

function setMap(entry: StorageEntry, field: 'annotations' | 'labels', map: Record<string, string>): void {
  if (Object.keys(map).length) entry[field] = map;
  else delete entry[field];
}

/** A key as Kubernetes allows (prefix/name of letters, digits, '-', '_', '.'), so nothing odd is stored. */
const MAP_KEY_RE = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function validateMapKey(key: string, singular: string): string {
  if (key.length > 316 || !MAP_KEY_RE.test(key))
    throw new UsageError(
      `Invalid ${singular} key ${JSON.stringify(key)}: use letters, digits, '-', '_' and '.', optionally after a DNS prefix and '/'`,
    );
  return key;
}

/** Values are free text, but one line of printable characters (they are printed in reports). */
function validateMapValue(value: string, singular: string): string {
  if (/[\x00-\x1f\x7f]/.test(value) || value.length > 4096)
    throw new UsageError(`Invalid ${singular} value: use one line of printable text (at most 4096 characters)`);
  return value;
}

export interface MapField {
  name: 'annotations' | 'labels';
  singular: string;
  reportType: string;
  rowLabel: string;
}

export const ANNOTATIONS: MapField = {
  name: 'annotations',
  singular: 'annotation',
  reportType: 'storage-annotations',
  rowLabel: 'Annotation',
};
export const LABELS: MapField = { name: 'labels', singular: 'label', reportType: 'storage-labels', rowLabel: 'Label' };

/** storage:annotations:set / storage:labels:set NAME KEY [VALUE]: set one key, or unset it without a value. */
export function setMapKey(field: MapField, name: string | undefined, key: string | undefined, value: string): void {
  if (!name) throw new UsageError('storage entry name is required');
  if (!key) throw new UsageError(`No ${field.singular} key specified`);
  const entry: StorageEntry = structuredClone(requireEntry(name));
  validateMapKey(key, field.singular);
  validateMapValue(value, field.singular);
  const values = { ...(entry[field.name] ?? {}) };
  if (value === '') {
    delete values[key];
    info(`Unsetting ${field.singular} ${key}`);
  } else {
    values[key] = value;
    info(`Setting ${field.singular} ${key} to ${value}`);
  }
  setMap(entry, field.name, values);
  saveEntry(entry);
}

function renderMap(field: MapField, entry: StorageEntry, json: boolean, infoKey: string | undefined): void {
  const values = entry[field.name] ?? {};
  const keys = Object.keys(values).sort();
  if (infoKey !== undefined) {
    if (!(infoKey in values))
      throw new UsageError(
        `Invalid flag passed, valid flags: ${keys.map((k) => `--${field.reportType}.${k}`).join(', ')}`,
      );
    return void out(values[infoKey]);
  }
  if (json) return void out(JSON.stringify(Object.fromEntries(keys.map((k) => [k, values[k]]))));
  out(`=====> ${entry.name} ${field.name} information`);
  const labels = keys.map((k) => `${field.rowLabel} ${k}:`);
  const width = Math.max(0, ...labels.map((l) => l.length)) + 1;
  keys.forEach((k, i) => out(`       ${labels[i].padEnd(width)}${values[k]}`.trimEnd()));
}

/** storage:annotations:report / storage:labels:report [NAME] [--format json] [--storage-annotations.KEY]. */
export function reportMap(
  field: MapField,
  name: string | undefined,
  format: string | undefined,
  infoKey: string | undefined,
): void {
  const json = jsonOrPlain(format, ['text', 'stdout']) === 'json';
  if (json && infoKey !== undefined)
    throw new UsageError('--format flag cannot be specified when specifying an info flag');
  if (name) return renderMap(field, requireEntry(name), json, infoKey);
  if (infoKey !== undefined)
    throw new PaasError(`storage:${field.name}:report requires a storage entry name when an info flag is specified`);
  const entries = listEntries();
  if (entries.length === 0) return void step('No storage entries registered');
  for (const e of entries) renderMap(field, e, json, undefined);
}
