// The buildpacks an app is set to (props buildpacks/APP/buildpacks, one URL a line) and the stack
// property, with Dokku's list operations (1-based --index).
import { GLOBAL, readListProp, readProp, writeListProp } from '../state/props.js';

export const BUILDPACKS_NS = 'buildpacks';
const LIST_KEY = 'buildpacks';

export function readBuildpacks(app: string): string[] {
  return readListProp(BUILDPACKS_NS, app, LIST_KEY);
}

export function writeBuildpacks(app: string, list: string[]): void {
  writeListProp(BUILDPACKS_NS, app, LIST_KEY, list);
}

/** Dokku's PropertyListAdd: insert before position index (1-based); 0 or past the end appends. */
export function listAdd(list: string[], value: string, index: number): string[] {
  if (index <= 0 || index > list.length) return [...list, value];
  return [...list.slice(0, index - 1), value, ...list.slice(index - 1)];
}

/** Dokku's buildpacks:set: replace position index (1-based, default 1); past the end appends. */
export function listSet(list: string[], value: string, index: number): string[] {
  const i = Math.max(index, 1) - 1;
  if (i >= list.length) return [...list, value];
  return list.map((v, j) => (j === i ? value : v));
}

export function readStack(scope: string): string {
  return readProp(BUILDPACKS_NS, scope, 'stack');
}

export { GLOBAL };
