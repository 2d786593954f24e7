// `paas cleanup [APP]` (Dokku's docker_cleanup): remove the exited and dead containers paas made, and the
// dangling images of its apps. Only what carries the paas.app label is touched: another program's
// containers and images on the host are not paas's to remove (Dokku removes every dangling image).
import { docker } from '../docker/client.js';
import { AppContainer, LABEL, listAppContainers, removeContainerQuietly } from '../docker/containers.js';
import { LockedError } from '../core/errors.js';
import { info, step } from '../core/log.js';
import { appExists, withAppLock } from '../apps/store.js';
import { liveDeployId } from '../ps/store.js';

const FINISHED = new Set(['exited', 'dead']);

/**
 * The containers cleanup removes: exited or dead, and not a process container of the app's live deploy
 * (`ps:stop` leaves those stopped, and `ps:start` starts them again). Pure, for tests.
 */
export function containersToRemove(containers: AppContainer[], liveDeploy: (app: string) => string): AppContainer[] {
  return containers.filter(
    (c) => FINISHED.has(c.state) && !(c.kind === 'deploy' && c.deploy !== '' && c.deploy === liveDeploy(c.app)),
  );
}

/** Group by app, in name order. */
function byApp(containers: AppContainer[]): Map<string, AppContainer[]> {
  const m = new Map<string, AppContainer[]>();
  for (const c of containers) m.set(c.app, [...(m.get(c.app) ?? []), c]);
  return new Map([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

async function removeAppContainers(app: string, containers: AppContainer[]): Promise<number> {
  // An app that no longer exists has no deploy to race with; one being deployed is left to its deploy.
  const remove = async () => {
    const doomed = containersToRemove(containers, (a) => (appExists(a) ? (liveDeployId(a) ?? '') : ''));
    await Promise.all(doomed.map((c) => removeContainerQuietly(c.id, { ignore: [409] })));
    return doomed.length;
  };
  if (!appExists(app)) return remove();
  try {
    return await withAppLock(app, remove, { wait: false });
  } catch (e) {
    if (!(e instanceof LockedError)) throw e;
    info(`App ${app} is being deployed; its containers are left alone`);
    return 0;
  }
}

/** Remove dangling (untagged, unused) images labelled with the app, or with any app. */
async function removeDanglingImages(app?: string): Promise<number> {
  const images = await docker().listImages({
    filters: { dangling: ['true'], label: [app ? `${LABEL.app}=${app}` : LABEL.app] },
  });
  let removed = 0;
  for (const i of images) {
    try {
      await docker().getImage(i.Id).remove();
      removed++;
    } catch {
      /* still used by a container, or gone meanwhile: leave it */
    }
  }
  return removed;
}

/** Clean up one app (app given) or every app. Returns what was removed. */
export async function cleanup(app?: string): Promise<{ containers: number; images: number }> {
  step('Cleaning up...');
  const all = await listAppContainers(app, { all: true });
  let containers = 0;
  for (const [a, list] of byApp(all.filter((c) => FINISHED.has(c.state))))
    containers += await removeAppContainers(a, list);
  const images = await removeDanglingImages(app);
  if (containers || images)
    info(`Removed ${containers} container${containers === 1 ? '' : 's'} and ${images} image${images === 1 ? '' : 's'}`);
  return { containers, images };
}
