// The one dockerode client. DOCKER_HOST/DOCKER_SOCKET are honoured by docker-modem's defaults.
import Docker from 'dockerode';

let client: Docker | undefined;

export function docker(): Docker {
  client ??= new Docker();
  return client;
}

/** Image repository for an app: images are tagged paas/APP:TAG and never pushed anywhere. */
export function appImageRepo(app: string): string {
  return `paas/${app}`;
}

export function isNotFound(e: unknown): boolean {
  return (e as { statusCode?: number })?.statusCode === 404;
}
