// app-json:set properties (props/app-json/APP|--global/KEY), as Dokku's app-json plugin: appjson-path,
// where the app's app.json sits in the source tree (relative to the build dir).
import { UsageError } from '../core/errors.js';
import { GLOBAL, readProp, setOrClearProp } from '../state/props.js';
import { validateSourcePath } from '../build/settings.js';

const NS = 'app-json';
export const APP_JSON_PROPERTIES = ['appjson-path'];
export const DEFAULT_APPJSON_PATH = 'app.json';

/** Check and store (or clear, with an empty value) one property of an app or of --global. */
export function setAppJsonProp(scope: string, key: string, value: string): void {
  if (!APP_JSON_PROPERTIES.includes(key))
    throw new UsageError(`Invalid property specified, valid properties include: ${APP_JSON_PROPERTIES.join(', ')}`);
  setOrClearProp(NS, scope, key, value === '' ? '' : validateSourcePath(value, key));
}

/** The value set on that scope only, '' when unset (the report's raw keys). */
export function rawAppJsonPath(scope: string): string {
  return readProp(NS, scope, 'appjson-path');
}

/** The path a build reads: the app's, else the global one, else app.json; re-checked on read. */
export function computedAppJsonPath(app: string): string {
  const v = rawAppJsonPath(app) || rawAppJsonPath(GLOBAL);
  if (!v) return DEFAULT_APPJSON_PATH;
  try {
    return validateSourcePath(v, 'appjson-path');
  } catch (e) {
    throw new UsageError(`Stored appjson-path is invalid: ${(e as Error).message}; fix it with app-json:set`);
  }
}
