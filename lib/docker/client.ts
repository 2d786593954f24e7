// The one dockerode client. DOCKER_HOST/DOCKER_SOCKET are honoured by docker-modem's defaults.
import { createRequire } from 'node:module';
import type Docker from 'dockerode';

// dockerode (with ssh2, grpc and protobufjs) takes a third of a second to load: it is loaded on the first
// call, so a command that ends before it talks to the engine (a usage error, a report from state files)
// does not pay for it.
const load = createRequire(import.meta.url);
let client: Docker | undefined;

export function docker(): Docker {
  client ??= new (load('dockerode') as typeof Docker)();
  return client;
}

/** Image repository for an app: images are tagged paas/APP:TAG and never pushed anywhere. */
export function appImageRepo(app: string): string {
  return `paas/${app}`;
}

export function isNotFound(e: unknown): boolean {
  return (e as { statusCode?: number })?.statusCode === 404;
}

let loggingDriver: Promise<string> | undefined;

/** The engine's default log driver (`docker info`'s LoggingDriver), asked once per process; '' when unknown. */
export function daemonLogDriver(): Promise<string> {
  loggingDriver ??= docker()
    .info()
    .then((i: { LoggingDriver?: string }) => i.LoggingDriver ?? '')
    .catch(() => '');
  return loggingDriver;
}
