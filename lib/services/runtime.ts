// The docker side of a service: its image (made locally once), the paas-services network, the
// container `paas.KIND.NAME` and the wait until the server answers.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PaasError } from '../core/errors.js';
import { step, warn } from '../core/log.js';
import { buildImageFromParts, imageExists } from '../build/docker-build.js';
import { docker, isNotFound } from '../docker/client.js';
import { removeContainerQuietly } from '../docker/containers.js';
import { containerName, imageRecipe, imageRef, KindDefinition, serviceHost, ServiceCredentials } from './kinds.js';
import { readCustomEnv, readExposedPorts, serviceDataDir, serviceDir, writeContainerId } from './store.js';

export const SERVICES_NETWORK = 'paas-services';
const SERVICE_LABEL = 'paas.service';
const SERVICE_NAME_LABEL = 'paas.service-name';

const SERVICE_RECIPE_LABEL = 'paas.service-recipe';

/** The recipe label of the image: undefined when there is no image, '' when it predates the label. */
async function imageRecipeLabel(ref: string): Promise<string | undefined> {
  try {
    const info = await docker().getImage(ref).inspect();
    return info.Config?.Labels?.[SERVICE_RECIPE_LABEL] ?? '';
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/**
 * Build the kind's image from paas/debian:bookworm unless it is there already and made from this
 * version's recipe (Dockerfile and entrypoint): a recipe change (postgres with TLS) reaches new
 * containers without anyone removing the old image by hand. Running containers keep their image.
 */
async function ensureServiceImage(def: KindDefinition): Promise<void> {
  const ref = imageRef(def);
  const recipe = imageRecipe(def);
  const current = await imageRecipeLabel(ref);
  if (current === recipe) return;
  try {
    await buildServiceImage(def, ref, recipe, current !== undefined);
  } catch (e) {
    // A host that cannot reach its package mirror any more still has the older image: keep using it.
    if (current === undefined || !(e instanceof PaasError)) throw e;
    warn(`Could not make ${ref} again (${e.message}); using the image made by an earlier version of paas`);
  }
}

async function buildServiceImage(def: KindDefinition, ref: string, recipe: string, again: boolean): Promise<void> {
  if (!(await imageExists('paas/debian:bookworm')))
    throw new PaasError('Base image paas/debian:bookworm is missing (make it with scripts/install-base-images.sh)');
  step(
    again
      ? `Making the ${def.kind} image ${ref} again: this version of paas makes it differently`
      : `Making the ${def.kind} image ${ref} (first time only)`,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `paas-service-${def.kind}-`));
  try {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), def.dockerfile);
    fs.writeFileSync(path.join(dir, 'entrypoint.sh'), def.entrypoint, { mode: 0o755 });
    await buildImageFromParts([{ dir, names: ['Dockerfile', 'entrypoint.sh'] }], {
      t: ref,
      labels: { [SERVICE_LABEL]: def.kind, [SERVICE_RECIPE_LABEL]: recipe },
      forcerm: true,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function ensureServicesNetwork(): Promise<void> {
  try {
    const n = await docker().getNetwork(SERVICES_NETWORK).inspect();
    if (n.Name === SERVICES_NETWORK) return;
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  try {
    await docker().createNetwork({
      Name: SERVICES_NETWORK,
      Driver: 'bridge',
      Attachable: true,
      CheckDuplicate: true,
      Labels: { 'paas.network': SERVICES_NETWORK },
    });
  } catch (e) {
    // Two creates racing: the other one made it.
    if ((e as { statusCode?: number }).statusCode !== 409) throw e;
  }
}

export interface ServiceContainer {
  id: string;
  running: boolean;
  status: string;
  ip: string;
  image: string;
  /** Host ports published for the service (its expose). */
  ports: string[];
}

export async function inspectServiceContainer(
  def: KindDefinition,
  name: string,
): Promise<ServiceContainer | undefined> {
  try {
    const c = await docker().getContainer(containerName(def, name)).inspect();
    return {
      id: c.Id,
      running: c.State.Running,
      status: c.State.Status,
      ip: c.NetworkSettings.Networks?.[SERVICES_NETWORK]?.IPAddress ?? '',
      image: c.Config.Image,
      ports: Object.values(c.HostConfig.PortBindings ?? {})
        .flat()
        .map((b) => (b as { HostPort?: string }).HostPort ?? '')
        .filter(Boolean),
    };
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Create (if missing) and start the container, then wait until the server answers. */
export async function startServiceContainer(def: KindDefinition, name: string, c: ServiceCredentials): Promise<void> {
  let existing = await inspectServiceContainer(def, name);
  if (!existing) {
    await ensureServiceImage(def);
    await ensureServicesNetwork();
    fs.mkdirSync(serviceDataDir(def, name), { recursive: true, mode: 0o700 });
    const exposed = readExposedPorts(def, name);
    const created = await docker().createContainer({
      name: containerName(def, name),
      Image: imageRef(def),
      // The name apps reach it by, for the TLS certificate the entrypoint makes (postgres, mysql).
      Env: [...readCustomEnv(def, name), ...def.containerEnv(c), `PAAS_SERVICE_HOST=${serviceHost(def, name)}`],
      Labels: { [SERVICE_LABEL]: def.kind, [SERVICE_NAME_LABEL]: name },
      StopSignal: def.stopSignal,
      ExposedPorts: { [`${def.port}/tcp`]: {} },
      HostConfig: {
        Binds: [`${serviceDataDir(def, name)}:${def.dataDir}`],
        RestartPolicy: { Name: 'unless-stopped' },
        Init: true,
        NetworkMode: SERVICES_NETWORK,
        // redis:expose: published on the service container itself (Dokku runs an ambassador container).
        ...(exposed.length ? { PortBindings: { [`${def.port}/tcp`]: [{ HostPort: exposed[0] }] } } : {}),
      },
      NetworkingConfig: { EndpointsConfig: { [SERVICES_NETWORK]: { Aliases: [serviceHost(def, name)] } } },
    });
    writeContainerId(def, name, created.id);
    existing = await inspectServiceContainer(def, name);
  }
  if (!existing?.running) await docker().getContainer(containerName(def, name)).start();
  await waitServiceReady(def, name);
}

export async function stopServiceContainer(def: KindDefinition, name: string): Promise<boolean> {
  const c = await inspectServiceContainer(def, name);
  if (!c?.running) return false;
  await docker().getContainer(c.id).stop({ t: 30 });
  return true;
}

export async function removeServiceContainer(def: KindDefinition, name: string): Promise<void> {
  await removeContainerQuietly(containerName(def, name));
}

/** docker exec of a fixed command in the service container; resolves with its exit code and output. */
async function execInService(
  def: KindDefinition,
  name: string,
  cmd: string[],
): Promise<{ exitCode: number; output: string }> {
  const r = await execa('docker', ['exec', containerName(def, name), ...cmd], {
    reject: false,
    stdin: 'ignore',
    all: true,
  });
  return { exitCode: r.exitCode ?? 1, output: String(r.all ?? '') };
}

async function waitServiceReady(def: KindDefinition, name: string, timeoutSeconds = 90): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let last = '';
  for (;;) {
    const c = await inspectServiceContainer(def, name);
    if (!c) throw new PaasError(`${def.kind} service ${name}: container ${containerName(def, name)} is missing`);
    if (c.running) {
      const r = await execInService(def, name, def.probe);
      if (r.exitCode === 0) return;
      last = r.output.trim();
    } else if (c.status === 'exited' || c.status === 'dead') {
      const logs = await serviceLogsTail(def, name, 10);
      throw new PaasError(`${def.kind} service ${name} exited while starting:\n${logs}`);
    }
    if (Date.now() > deadline)
      throw new PaasError(
        `${def.kind} service ${name} did not become ready within ${timeoutSeconds}s${last ? ` (last probe: ${last.split('\n')[0]})` : ''}; see paas ${def.kind}:logs ${name}`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function serviceLogsTail(def: KindDefinition, name: string, n: number): Promise<string> {
  const r = await execa('docker', ['logs', '--tail', String(n), containerName(def, name)], {
    reject: false,
    all: true,
  });
  return String(r.all ?? '').trim();
}

/**
 * The data dir belongs to the server's user inside the container, not to the paas user, so it is
 * removed from inside a throwaway container of the service image.
 */
export async function removeServiceFiles(def: KindDefinition, name: string): Promise<void> {
  const dir = serviceDir(def, name);
  if (fs.existsSync(serviceDataDir(def, name))) {
    const image = (await imageExists(imageRef(def))) ? imageRef(def) : 'paas/debian:bookworm';
    const r = await execa(
      'docker',
      ['run', '--rm', '--entrypoint', 'rm', '-v', `${dir}:/service`, image, '-rf', '/service/data'],
      { reject: false, stdin: 'ignore', all: true },
    );
    if (r.exitCode !== 0)
      throw new PaasError(`Could not remove the data of ${def.kind} service ${name}: ${String(r.all ?? '').trim()}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
