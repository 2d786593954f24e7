// What the stored docker options contribute to containers and image builds.
import type { CreateOptions } from '../docker/merge.js';
import { BuildOptions, toBuildOptions, toCreateOptions } from './parse.js';
import { assertStoredOptionsAllowed, readOptions, readProcessOptions } from './store.js';

/**
 * Create-options fragment for the app's deploy or run containers (docker-options deploy/run); a deploy
 * container of a process type also gets that type's own options (docker-options:add --process).
 */
export function dockerOptionsCreateOptions(
  app: string,
  phase: 'deploy' | 'run',
  process?: string,
): Partial<CreateOptions> {
  assertStoredOptionsAllowed(app, phase, process ? [process] : []);
  return toCreateOptions(readProcessOptions(app, phase, process));
}

/**
 * dockerode buildImage options from docker-options build (buildargs, labels, networkmode, ...); env is
 * the app's config, where a `--build-arg KEY` without a value takes it from.
 */
export function dockerOptionsBuildOptions(app: string, env: Record<string, string> = {}): Record<string, unknown> {
  assertStoredOptionsAllowed(app, 'build');
  return toBuildOptions(readOptions(app, 'build'), env) as BuildOptions;
}

/**
 * True when the phase publishes fixed host ports (-p 25565:25565): two containers cannot hold the same
 * host port, so a deploy must stop the old container before starting the new one.
 */
export function publishesFixedHostPorts(app: string, phase: 'deploy' | 'run' = 'deploy'): boolean {
  const bindings = dockerOptionsCreateOptions(app, phase).HostConfig?.PortBindings ?? {};
  return Object.values(bindings).some((list) => (list as { HostPort?: string }[]).some((b) => !!b.HostPort));
}
