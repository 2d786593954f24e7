// Names Dokku used to have (or still accepts) for commands that now have another name. The old
// spelling runs the new command and says the new name once, on stderr, so scripts keep working and
// their authors learn the new name (the Syncthing write-up types `proxy:ports-add`).
export interface Alias {
  /** The command that runs. */
  to: string;
  /** Arguments added: before the user's (e.g. a property name) and after them (e.g. --all). */
  before?: string[];
  after?: string[];
}

export const ALIASES: Record<string, Alias> = {
  'proxy:ports': { to: 'ports:list' },
  'proxy:ports-add': { to: 'ports:add' },
  'proxy:ports-set': { to: 'ports:set' },
  'proxy:ports-remove': { to: 'ports:remove' },
  'proxy:ports-clear': { to: 'ports:clear' },
  'nginx:show-conf': { to: 'nginx:show-config' },
  'nginx:validate': { to: 'nginx:validate-config' },
  'ps:restartall': { to: 'ps:restart', after: ['--all'] },
  'ps:rebuildall': { to: 'ps:rebuild', after: ['--all'] },
  'ps:startall': { to: 'ps:start', after: ['--all'] },
  'ps:stopall': { to: 'ps:stop', after: ['--all'] },
};

/** The command and arguments an old spelling stands for, or undefined when `name` is not an alias. */
export function resolveAlias(name: string, args: string[]): { name: string; args: string[]; hint: string } | undefined {
  const a = ALIASES[name];
  if (!a || a.to === name) return undefined;
  const newArgs = [...(a.before ?? []), ...args, ...(a.after ?? [])];
  return {
    name: a.to,
    args: newArgs,
    hint: `Deprecated: use 'paas ${[a.to, ...(a.after ?? [])].join(' ')}' instead of '${name}'`,
  };
}
