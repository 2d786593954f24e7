// The scheduler namespace's state (props/scheduler/APP|--global/*), Dokku's scheduler plugin: which
// scheduler runs the app's containers (`selected`) and the shell `paas enter` starts (`shell`).
import { PaasError, UsageError } from '../core/errors.js';
import { readProp, readPropWithGlobal } from '../state/props.js';

export const SCHEDULER_SETTINGS_NS = 'scheduler';
export const SCHEDULER_SETTING_KEYS = ['selected', 'shell'] as const;
export type SchedulerSettingKey = (typeof SCHEDULER_SETTING_KEYS)[number];

/**
 * The schedulers paas knows: its own docker-local one, and Dokku's `null` (run nothing; accepted so that
 * scripts setting it work, refused by the deploy: paas has no other way to run an app).
 */
export const SCHEDULERS = ['docker-local', 'null'] as const;
export const DEFAULT_SCHEDULER = 'docker-local';

/** A shell: a bare name looked up on the container's PATH (sh, bash) or an absolute path (/bin/ash). */
const SHELL_RE = /^(?:[A-Za-z0-9_][A-Za-z0-9._+-]{0,63}|(?:\/[A-Za-z0-9_][A-Za-z0-9._+-]{0,63}){1,8})$/;

/** Check a scheduler:set value; returns the value to store. */
export function validateSchedulerSetting(key: string, value: string): string {
  if (key === 'selected') {
    if (!(SCHEDULERS as readonly string[]).includes(value))
      throw new UsageError(`Invalid scheduler ${JSON.stringify(value)}: use ${SCHEDULERS.join(' or ')}`);
    return value;
  }
  if (key === 'shell') {
    if (!SHELL_RE.test(value))
      throw new UsageError(
        `Invalid shell ${JSON.stringify(value)}: use a program name (sh, bash) or an absolute path (/bin/ash), no spaces or arguments`,
      );
    return value;
  }
  throw new UsageError(`Invalid scheduler property ${JSON.stringify(key)} (use ${SCHEDULER_SETTING_KEYS.join(', ')})`);
}

/** One scope's own value (an app or GLOBAL), '' when unset. */
export function rawSchedulerValue(scope: string, key: SchedulerSettingKey): string {
  return readProp(SCHEDULER_SETTINGS_NS, scope, key);
}

/** The value in effect: the app's, else the global one, else the default (docker-local; no shell). */
export function computedSchedulerValue(scope: string, key: SchedulerSettingKey): string {
  const v = readPropWithGlobal(SCHEDULER_SETTINGS_NS, scope, key);
  return v || (key === 'selected' ? DEFAULT_SCHEDULER : '');
}

/** The shell `paas enter` starts, '' for the default (bash when the image has it, else sh). */
export function enterShell(app: string): string {
  const v = computedSchedulerValue(app, 'shell');
  return SHELL_RE.test(v) ? v : '';
}

/** Refuse to deploy an app whose selected scheduler is not paas's own. */
export function assertDockerLocalScheduler(app: string): void {
  const s = computedSchedulerValue(app, 'selected');
  if (s !== DEFAULT_SCHEDULER)
    throw new PaasError(
      `The ${s} scheduler is selected for ${app}: paas runs apps only with docker-local; ` +
        `clear it with: paas scheduler:set ${app} selected`,
    );
}
