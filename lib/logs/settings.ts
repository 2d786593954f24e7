// The logs namespace's state (props/logs/APP|--global/max-size), as Dokku's logs:set max-size: the size
// at which docker rotates a deploy container's log file. Dokku's default (10m) keeps a chatty app from
// filling the disk; "unlimited" turns rotation off.
import type { CreateOptions } from '../docker/merge.js';
import { UsageError } from '../core/errors.js';
import { readProp, readPropWithGlobal } from '../state/props.js';

export const LOGS_NS = 'logs';
export const DEFAULT_MAX_SIZE = '10m';
/** The log drivers that take max-size (Dokku's list). */
const ROTATING_DRIVERS = new Set(['json-file', 'local']);

/** Dokku's check and messages: a whole number and a unit k, m or g; or "unlimited". */
export function validateMaxSize(value: string): string {
  if (value === 'unlimited') return value;
  const unit = value.slice(-1);
  if (unit !== 'k' && unit !== 'm' && unit !== 'g')
    throw new UsageError('Invalid max-size unit measure, value must end in any of [k, m, g]');
  if (value.length < 2)
    throw new UsageError('Invalid max-size value, must be a number followed by a unit of measure [k, m, g]');
  if (!/^[0-9]{1,9}$/.test(value.slice(0, -1)))
    throw new UsageError(
      `Invalid max-size value, unable to convert number to int: ${JSON.stringify(value.slice(0, -1))}`,
    );
  return value;
}

/** One scope's own max-size (an app or GLOBAL), '' when unset. */
export function rawMaxSize(scope: string): string {
  return readProp(LOGS_NS, scope, 'max-size');
}

/** The max-size in effect: the app's, else the global one, else 10m; a hand-edited bad value falls back. */
export function computedMaxSize(scope: string): string {
  const v = readPropWithGlobal(LOGS_NS, scope, 'max-size');
  try {
    return v ? validateMaxSize(v) : DEFAULT_MAX_SIZE;
  } catch {
    return DEFAULT_MAX_SIZE;
  }
}

/**
 * A deploy container's options with --log-opt max-size added, as Dokku does: only when the log driver the
 * container gets (its docker-options --log-driver, else the daemon's) rotates by size, when the size is
 * not "unlimited", and when docker-options did not set a max-size of their own.
 */
export function withLogMaxSize(opts: CreateOptions, maxSize: string, daemonDriver: string): CreateOptions {
  const lc = opts.HostConfig?.LogConfig;
  const driver = lc?.Type || daemonDriver;
  if (maxSize === 'unlimited' || !ROTATING_DRIVERS.has(driver)) return opts;
  if (lc?.Config && 'max-size' in lc.Config) return opts;
  return {
    ...opts,
    HostConfig: {
      ...opts.HostConfig,
      LogConfig: { Type: lc?.Type ?? '', Config: { ...(lc?.Config ?? {}), 'max-size': maxSize } },
    },
  };
}
