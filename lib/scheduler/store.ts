// The scheduler-docker-local namespace's state (props/scheduler-docker-local/APP|--global/*): whether
// deploy containers run docker's init process, and how many containers of a process type start at once.
import { UsageError } from '../core/errors.js';
import { readProp, readPropWithGlobal } from '../state/props.js';

export const SCHEDULER_NS = 'scheduler-docker-local';
export const SCHEDULER_KEYS = ['init-process', 'parallel-schedule-count'] as const;
export type SchedulerKey = (typeof SCHEDULER_KEYS)[number];

/** Dokku's defaults: docker's init on, one container at a time. */
export const SCHEDULER_DEFAULTS: Record<SchedulerKey, string> = {
  'init-process': 'true',
  'parallel-schedule-count': '1',
};

/** Check a scheduler-docker-local:set value; returns the value to store. */
export function validateSchedulerProp(key: string, value: string): string {
  if (key === 'init-process') {
    if (value !== 'true' && value !== 'false')
      throw new UsageError(`Invalid init-process ${JSON.stringify(value)}: use true or false`);
    return value;
  }
  if (key === 'parallel-schedule-count') {
    if (!/^[1-9][0-9]{0,2}$/.test(value))
      throw new UsageError(
        `Invalid parallel-schedule-count ${JSON.stringify(value)}: use a whole number from 1 to 999`,
      );
    return value;
  }
  throw new UsageError(
    `Invalid scheduler-docker-local property ${JSON.stringify(key)} (use ${SCHEDULER_KEYS.join(', ')})`,
  );
}

/** One scope's own value (an app or GLOBAL), '' when unset. */
export function rawSchedulerSetting(scope: string, key: SchedulerKey): string {
  return readProp(SCHEDULER_NS, scope, key);
}

/** The value in effect: the app's, else the global one, else Dokku's default. A hand-edited bad value falls back. */
export function computedSchedulerSetting(scope: string, key: SchedulerKey): string {
  const v = readPropWithGlobal(SCHEDULER_NS, scope, key);
  try {
    return v ? validateSchedulerProp(key, v) : SCHEDULER_DEFAULTS[key];
  } catch {
    return SCHEDULER_DEFAULTS[key];
  }
}

export function initProcess(app: string): boolean {
  return computedSchedulerSetting(app, 'init-process') === 'true';
}

export function parallelScheduleCount(app: string): number {
  return Number(computedSchedulerSetting(app, 'parallel-schedule-count'));
}
