// The ordered table of what each namespace does when an app is created, destroyed, renamed or cloned,
// or when a release goes live (Dokku's post-create, post-delete, post-app-rename, post-app-clone and
// post-deploy triggers). A namespace that keeps per-app state outside props/ registers here instead of
// the apps code knowing about it. Handlers load lazily and run in order; a failing handler does not
// stop the others: failures are returned to the caller, which decides whether they fail the command.
import { AppEventHandlers } from '../core/app-events.js';
import { warn } from '../core/log.js';

type Loader = () => Promise<{ appEvents: AppEventHandlers }>;

const table: { namespace: string; load: Loader }[] = [
  { namespace: 'domains', load: () => import('../domains/app-events.js') },
  { namespace: 'services', load: () => import('../services/app-events.js') },
  { namespace: 'cron', load: () => import('../cron/app-events.js') },
  { namespace: 'certs', load: () => import('../certs/app-events.js') },
];

export type AppEvent = keyof AppEventHandlers;

export interface HandlerFailure {
  namespace: string;
  error: Error;
}

/** Call every registered handler of the event in table order; return the failures. */
export async function emitAppEvent<E extends AppEvent>(
  event: E,
  ...args: Parameters<NonNullable<AppEventHandlers[E]>>
): Promise<HandlerFailure[]> {
  const failures: HandlerFailure[] = [];
  for (const entry of table) {
    try {
      const handler = (await entry.load()).appEvents[event] as ((...a: unknown[]) => unknown) | undefined;
      if (handler) await handler(...args);
    } catch (e) {
      failures.push({ namespace: entry.namespace, error: e as Error });
    }
  }
  return failures;
}

/** Emit, and report each failure as a warning (the command goes on: its own work is done). */
export async function emitAppEventWarn<E extends AppEvent>(
  event: E,
  ...args: Parameters<NonNullable<AppEventHandlers[E]>>
): Promise<void> {
  for (const f of await emitAppEvent(event, ...args)) warn(`${f.namespace}: ${event} step failed: ${f.error.message}`);
}

/** The namespaces registered, in order (for tests and docs). */
export function registeredNamespaces(): string[] {
  return table.map((e) => e.namespace);
}
