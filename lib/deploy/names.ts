// Container names, as Dokku has them: the container that serves is `APP.PROC.N` (people type
// `docker exec -it APP.web.1 sh`). During a deploy the new container starts beside the old one, so it
// takes a temporary name when the real one is held (Dokku: APP.web.1.upcoming-RANDOM); once the deploy
// is live the old one is renamed away (APP.PROC.N.<its deploy id>) and the new one takes the name.
// Code finds containers by label (paas.app, paas.deploy, paas.dyno), never by these names. Pure.

export function dynoContainerName(app: string, proc: string, index: number): string {
  return `${app}.${proc}.${index}`;
}

export function upcomingContainerName(app: string, proc: string, index: number, deployId: string): string {
  return `${app}.${proc}.${index}.upcoming-${deployId}`;
}

/** A container of a deploy that is no longer live (waiting for retirement, or for a rollback). */
export function retiredContainerName(app: string, proc: string, index: number, deployId: string): string {
  return `${app}.${proc}.${index}.${deployId}`;
}

/** The name a new container is created with: Dokku's own when it is free, else a temporary one. */
export function newContainerName(
  app: string,
  proc: string,
  index: number,
  deployId: string,
  taken: ReadonlySet<string>,
): string {
  const name = dynoContainerName(app, proc, index);
  return taken.has(name) ? upcomingContainerName(app, proc, index, deployId) : name;
}

export interface NamedContainer {
  id: string;
  name: string;
  process: string;
  /** N of PROC.N, 0 when unknown. */
  index: number;
  deploy: string;
}

export interface Rename {
  id: string;
  from: string;
  to: string;
}

/**
 * The renames that give the live deploy's containers their `APP.PROC.N` names: first every container
 * of another deploy that holds such a name is moved to its retired name (a retiring container no live
 * one replaces too: APP.PROC.N always means a live container), then the live ones take theirs. Empty when the names are already settled.
 */
export function planRenames(app: string, containers: NamedContainer[], liveDeploy: string | undefined): Rename[] {
  if (!liveDeploy) return [];
  const live = containers.filter((c) => c.deploy === liveDeploy && c.index > 0);
  const wanted = new Map(live.map((c) => [dynoContainerName(app, c.process, c.index), c.id]));
  const away: Rename[] = [];
  for (const c of containers) {
    // A retiring container that no live one replaces (scaled down) gives the name up as well.
    const owner = wanted.get(c.name);
    const holdsDynoName = owner !== undefined || (c.index > 0 && c.name === dynoContainerName(app, c.process, c.index));
    if (!holdsDynoName || owner === c.id || c.deploy === liveDeploy) continue;
    const to =
      c.index > 0 && c.deploy
        ? retiredContainerName(app, c.process, c.index, c.deploy)
        : `${c.name}.${c.id.slice(0, 12)}`;
    away.push({ id: c.id, from: c.name, to });
  }
  const into: Rename[] = [];
  for (const c of live) {
    const to = dynoContainerName(app, c.process, c.index);
    if (c.name !== to) into.push({ id: c.id, from: c.name, to });
  }
  return [...away, ...into];
}
