// Check settings (props checks/APP/KEY with --global fallback) and per-process check modes.
// Modes follow Dokku: `disabled-list` / `skipped-list` hold "_all_" or a comma list of process types.
import { readProp, readPropWithGlobal, GLOBAL } from '../state/props.js';

export interface CheckSettings {
  /** Seconds a new container must stay up (running, never restarted) before it counts as started. */
  wait: number;
  /** Seconds one check attempt may take. */
  timeout: number;
  /** Attempts per check before the check fails. */
  attempts: number;
  /** Seconds old containers keep running after a deploy before they are retired. */
  waitToRetire: number;
  /** Seconds a new release is watched after routing (0: not watched; the uptime window blocks instead). */
  watch: number;
  /** Whether a release that fails while watched is rolled back to the previous one. */
  autoRollback: boolean;
}

export type CheckMode = 'enabled' | 'disabled' | 'skipped';

export const ALL = '_all_';

/** Settings keys as typed in `checks:set`, with their defaults and the field they fill. */
export const SETTING_KEYS = {
  wait: { field: 'wait', fallback: 3, min: 0 },
  timeout: { field: 'timeout', fallback: 5, min: 1 },
  attempts: { field: 'attempts', fallback: 5, min: 1 },
  'wait-to-retire': { field: 'waitToRetire', fallback: 60, min: 0 },
  watch: { field: 'watch', fallback: 10, min: 0 },
} as const;

/** checks:set keys that hold true/false. */
export const BOOLEAN_SETTING_KEYS = { 'auto-rollback': { fallback: true } } as const;
export type BooleanSettingKey = keyof typeof BOOLEAN_SETTING_KEYS;

function boolProp(app: string, key: BooleanSettingKey): boolean {
  const raw = app === GLOBAL ? readProp('checks', GLOBAL, key, '') : readPropWithGlobal('checks', app, key, '');
  return raw === 'true' ? true : raw === 'false' ? false : BOOLEAN_SETTING_KEYS[key].fallback;
}

export type SettingKey = keyof typeof SETTING_KEYS;

function numberProp(app: string, key: SettingKey): number {
  const def = SETTING_KEYS[key];
  const raw = app === GLOBAL ? readProp('checks', GLOBAL, key, '') : readPropWithGlobal('checks', app, key, '');
  const n = Number(raw);
  return raw !== '' && Number.isInteger(n) && n >= def.min ? n : def.fallback;
}

export function checkSettings(app: string): CheckSettings {
  return {
    wait: numberProp(app, 'wait'),
    timeout: numberProp(app, 'timeout'),
    attempts: numberProp(app, 'attempts'),
    waitToRetire: numberProp(app, 'wait-to-retire'),
    watch: numberProp(app, 'watch'),
    autoRollback: boolProp(app, 'auto-rollback'),
  };
}

/** "_all_" or a comma list, as stored; [] when unset. */
export function readModeList(app: string, mode: 'disabled' | 'skipped'): string[] {
  return readProp('checks', app, `${mode}-list`, '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function processCheckMode(app: string, proc: string): CheckMode {
  const disabled = readModeList(app, 'disabled');
  if (disabled.includes(ALL) || disabled.includes(proc)) return 'disabled';
  const skipped = readModeList(app, 'skipped');
  if (skipped.includes(ALL) || skipped.includes(proc)) return 'skipped';
  return 'enabled';
}
