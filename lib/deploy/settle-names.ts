// Giving the live deploy's containers their APP.PROC.N names (Dokku's core-post-deploy "Renaming
// containers"). Called once a deploy is live, after a watch rolled back, and before each deploy (a
// crash between two renames is finished there). Callers hold the app lock.
import { docker, isNotFound } from '../docker/client.js';
import { listAppContainers } from '../docker/containers.js';
import { info, step, warn } from '../core/log.js';
import { liveDeployId } from '../ps/store.js';
import { planRenames } from './names.js';

export async function settleContainerNames(app: string): Promise<void> {
  const containers = await listAppContainers(app, { kind: 'deploy', all: true });
  const plan = planRenames(app, containers, liveDeployId(app));
  if (plan.length) step('Renaming containers');
  for (const r of plan) {
    try {
      await docker().getContainer(r.id).rename({ name: r.to });
      info(`Renamed ${r.from} to ${r.to}`);
    } catch (e) {
      // A dead container cannot be renamed; the live one then keeps its temporary name (still found by label).
      if (!isNotFound(e)) warn(`Could not rename container ${r.from} to ${r.to}: ${(e as Error).message}`);
    }
  }
}
