// Everything docker and nginx hold for an app (its vhost, containers of every kind, image tags), removed
// for apps:destroy and before apps:rename. Loaded only when the app has runtime traces.
import { docker, isNotFound, appImageRepo } from '../docker/client.js';
import { listAppContainers, removeContainerQuietly } from '../docker/containers.js';
import { info, step, warn } from '../core/log.js';
import { removeRetireRecords } from '../deploy/retire.js';
import { removeAppVhost } from '../nginx/apply.js';

/** The vhost first (nothing routes to half an app), then every container and image tag. Lock held. */
export async function removeAppRuntime(app: string): Promise<void> {
  await removeAppVhost(app);
  const containers = await listAppContainers(app, { all: true });
  if (containers.length) step(`Removing ${containers.length} container(s) of ${app}`);
  await Promise.all(containers.map((c) => removeContainerQuietly(c.id)));
  await removeContainerQuietly(`${app}.predeploy`);
  removeRetireRecords(app);
  const repo = appImageRepo(app);
  const images = await docker().listImages({ filters: { reference: [repo] } });
  const tags = images.flatMap((i) => (i.RepoTags ?? []).filter((t) => t.startsWith(`${repo}:`)));
  for (const tag of tags) {
    try {
      await docker().getImage(tag).remove({ noprune: false });
    } catch (e) {
      if (!isNotFound(e)) warn(`Could not remove image ${tag}: ${(e as Error).message}`);
    }
  }
  if (tags.length) info(`Removed ${tags.length} image tag(s) of ${app}`);
}
