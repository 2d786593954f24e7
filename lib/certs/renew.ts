// Renewal of every Let's Encrypt app (paas-certs-renew, daily from cron, and letsencrypt:auto-renew):
// one app's failure does not stop the others, nginx reloads once at the end, and if that reload is
// refused the renewed apps get their previous certificates back.
import { step, warn, out } from '../core/log.js';
import { listApps } from '../apps/store.js';
import { describeOutcome, renewApp, RenewOutcome } from './letsencrypt.js';
import { isLetsencryptEnabled } from './letsencrypt-settings.js';
import { applyVhostsUnlocked, isAppRouted, withNginxLock } from '../nginx/apply.js';
import { restoreCertificate } from './store.js';
import { withLock } from '../state/lock.js';
import { paths } from '../state/paths.js';

/** Re-render the renewed apps' vhosts together: nginx -t reads the new files, then one graceful reload. */
async function reloadVhosts(apps: string[]): Promise<void> {
  await withNginxLock(() => applyVhostsUnlocked(apps));
}

export interface RenewSummary {
  outcomes: RenewOutcome[];
  failed: number;
}

export async function renewApps(
  apps: string[],
  opts: { force?: boolean; now?: Date; reload?: (apps: string[]) => Promise<void> } = {},
): Promise<RenewSummary> {
  const outcomes: RenewOutcome[] = [];
  for (const app of apps) {
    const o = await renewApp(app, opts);
    if (o.status === 'failed') warn(`${app}: ${o.error}`);
    outcomes.push(o);
  }
  const renewed = outcomes.filter((o) => o.status === 'renewed');
  const routed = renewed.map((o) => o.app).filter(isAppRouted);
  if (routed.length) {
    step(`Serving ${routed.length} renewed certificate${routed.length > 1 ? 's' : ''} (one nginx check and reload)`);
    try {
      await (opts.reload ?? reloadVhosts)(routed);
    } catch (e) {
      const why = (e as Error).message;
      warn(`Serving the renewed certificates failed, putting the previous ones back: ${why}`);
      for (const o of renewed) {
        if (o.status !== 'renewed') continue;
        restoreCertificate(o.snapshot);
        outcomes[outcomes.indexOf(o)] = {
          app: o.app,
          status: 'failed',
          error: `could not serve the new certificate: ${why}`,
        };
      }
    }
  }
  for (const o of outcomes) out(describeOutcome(o));
  return { outcomes, failed: outcomes.filter((o) => o.status === 'failed').length };
}

/** Every app that has Let's Encrypt enabled. */
export function letsencryptApps(): string[] {
  return listApps().filter(isLetsencryptEnabled);
}

/** What cron runs: exit code 1 when any app failed, 75 when another renewal run is going on. */
export async function renewAll(opts: { force?: boolean } = {}): Promise<number> {
  return withLock(paths.namedLock('certs-renew'), { what: 'Certificate renewal', wait: false }, () =>
    renewAllUnlocked(opts),
  );
}

async function renewAllUnlocked(opts: { force?: boolean }): Promise<number> {
  const apps = letsencryptApps();
  if (apps.length === 0) {
    step("No app uses Let's Encrypt; nothing to renew");
    return 0;
  }
  step(`Checking ${apps.length} Let's Encrypt certificate${apps.length > 1 ? 's' : ''} for renewal`);
  const { failed } = await renewApps(apps, opts);
  if (failed)
    warn(
      `${failed} of ${apps.length} renewal${apps.length > 1 ? 's' : ''} failed; the previous certificates are still served`,
    );
  return failed ? 1 : 0;
}
