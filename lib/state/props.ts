// Properties: one value per file under props/NS/APP/KEY (or props/NS/__global__/KEY).
import fs from 'node:fs';
import { GLOBAL, paths } from './paths.js';
import { readFileOr, removeFile, writeFileAtomic } from './atomic.js';

export { GLOBAL };

export function readProp(ns: string, scope: string, key: string, fallback = ''): string {
  const v = readFileOr(paths.prop(ns, scope, key), '\0');
  return v === '\0' ? fallback : v.replace(/\n$/, '');
}

export function hasProp(ns: string, scope: string, key: string): boolean {
  return fs.existsSync(paths.prop(ns, scope, key));
}

/** The app's value when set, else the global value, else the fallback. */
export function readPropWithGlobal(ns: string, app: string, key: string, fallback = ''): string {
  if (hasProp(ns, app, key)) return readProp(ns, app, key);
  return readProp(ns, GLOBAL, key, fallback);
}

export function writeProp(ns: string, scope: string, key: string, value: string, mode = 0o644): void {
  writeFileAtomic(paths.prop(ns, scope, key), value + '\n', mode);
}

/** An empty value removes the property, as Dokku's `:set APP key` with no value does. */
export function setOrClearProp(ns: string, scope: string, key: string, value: string | undefined): void {
  if (value === undefined || value === '') removeFile(paths.prop(ns, scope, key));
  else writeProp(ns, scope, key, value);
}

export function removeProp(ns: string, scope: string, key: string): void {
  removeFile(paths.prop(ns, scope, key));
}

export function readListProp(ns: string, scope: string, key: string): string[] {
  return readProp(ns, scope, key)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

export function writeListProp(ns: string, scope: string, key: string, items: string[]): void {
  if (items.length === 0) removeProp(ns, scope, key);
  else writeProp(ns, scope, key, items.join('\n'));
}

export function listPropKeys(ns: string, scope: string): string[] {
  try {
    return fs
      .readdirSync(paths.propsDir(ns, scope))
      .filter((f) => !f.startsWith('.'))
      .sort();
  } catch {
    return [];
  }
}

/** Every app's properties go with the app: used by apps:destroy and apps:rename/clone. */
export function listPropNamespaces(): string[] {
  try {
    return fs
      .readdirSync(paths.propsNamespace('').replace(/\/$/, ''), { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

export function removeAppProps(app: string): void {
  for (const ns of listPropNamespaces()) fs.rmSync(paths.propsDir(ns, app), { recursive: true, force: true });
}

export function copyAppProps(from: string, to: string, move: boolean): void {
  for (const ns of listPropNamespaces()) {
    const src = paths.propsDir(ns, from);
    if (!fs.existsSync(src)) continue;
    if (move) fs.renameSync(src, paths.propsDir(ns, to));
    else fs.cpSync(src, paths.propsDir(ns, to), { recursive: true });
  }
}
