// docker run/build flags that paas understands, parsed from words into dockerode options. Anything not in
// this table is refused: a silently dropped option is a deploy that differs from what was asked.
import type { CreateOptions } from '../docker/merge.js';
import { UsageError } from '../core/errors.js';
import { validateAbsolutePath, validateEnvKey, validateName } from '../state/validate.js';
import { formatMount, parseMountSpec } from '../storage/mount-spec.js';
import { isIp, parseBytes, parseCpus, parseInteger, parseKeyValue, parsePublish } from './units.js';
import { joinWords, splitWords } from './words.js';

export type Phase = 'build' | 'deploy' | 'run';
export const PHASES: Phase[] = ['build', 'deploy', 'run'];

/** dockerode buildImage options (query parameters of POST /build). */
export type BuildOptions = Record<string, unknown>;

export interface ParsedOption {
  /** Canonical long flag, e.g. "--publish". */
  flag: string;
  value?: string;
  /** The option as the person wrote it, re-quoted: one stored line. */
  text: string;
}

interface OptionDef {
  names: string[];
  takesValue: boolean;
  create?: (c: CreateOptions, v: string) => void;
  /** env: the app's config, for a `--build-arg KEY` that names no value (docker takes it from its environment). */
  build?: (b: BuildOptions, v: string, env: Record<string, string>) => void;
}

type HostConfig = NonNullable<CreateOptions['HostConfig']>;

function host(c: CreateOptions): HostConfig {
  c.HostConfig ??= {};
  return c.HostConfig;
}

function push<K extends keyof HostConfig>(c: CreateOptions, key: K, item: unknown): void {
  const h = host(c) as Record<string, unknown>;
  h[key as string] = [...((h[key as string] as unknown[]) ?? []), item];
}

function boolValue(v: string, flag: string): boolean {
  if (v === '' || v === 'true') return true;
  if (v === 'false') return false;
  throw new UsageError(`Invalid value for ${flag}: ${JSON.stringify(v)} (use true or false)`);
}

const LABEL_KEY_RE = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const SYSCTL_RE = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
const CAP_RE = /^(ALL|(CAP_)?[A-Z_]+)$/;
const HOSTNAME_RE = /^(?!-)[A-Za-z0-9-]{1,63}(\.(?!-)[A-Za-z0-9-]{1,63})*$/;
const LOG_DRIVER_RE = /^[a-z0-9][a-z0-9_-]*$/;
const ULIMIT_NAMES = new Set([
  'core',
  'cpu',
  'data',
  'fsize',
  'locks',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'rttime',
  'sigpending',
  'stack',
]);

function label(v: string): [string, string] {
  const [k, val] = parseKeyValue(v.includes('=') ? v : `${v}=`, 'label', LABEL_KEY_RE);
  if (k.startsWith('paas.'))
    throw new UsageError(`Label ${JSON.stringify(k)} is reserved: paas uses paas.* labels to find its containers`);
  return [k, val];
}

function capability(v: string): string {
  const up = v.toUpperCase();
  if (!CAP_RE.test(up))
    throw new UsageError(`Invalid capability ${JSON.stringify(v)} (e.g. NET_ADMIN, SYS_PTRACE or ALL)`);
  return up;
}

function memory(v: string, flag: string): number {
  if (v === '-1') return -1;
  return parseBytes(v, flag);
}

function hostnameOf(v: string, what: string): string {
  if (!HOSTNAME_RE.test(v) || v.length > 253) throw new UsageError(`Invalid ${what} ${JSON.stringify(v)}`);
  return v;
}

function addHost(v: string): string {
  const sep = v.includes('=') ? '=' : ':';
  const i = v.indexOf(sep);
  const name = i === -1 ? '' : v.slice(0, i);
  const ip = i === -1 ? '' : v.slice(i + 1).replace(/^\[(.*)\]$/, '$1');
  if (!name || !HOSTNAME_RE.test(name) || !(isIp(ip) || ip === 'host-gateway'))
    throw new UsageError(`Invalid --add-host ${JSON.stringify(v)}: use HOST:IP (or HOST:host-gateway)`);
  return `${name}:${ip}`;
}

function ulimit(v: string): { Name: string; Soft: number; Hard: number } {
  const m = /^([a-z]+)=(-?[0-9]+|unlimited)(?::(-?[0-9]+|unlimited))?$/.exec(v);
  if (!m || !ULIMIT_NAMES.has(m[1]))
    throw new UsageError(`Invalid --ulimit ${JSON.stringify(v)}: use NAME=SOFT[:HARD], e.g. nofile=1024:2048`);
  const num = (s: string) => (s === 'unlimited' ? -1 : Number(s));
  const soft = num(m[2]);
  const hard = m[3] === undefined ? soft : num(m[3]);
  if (hard !== -1 && (soft === -1 || soft > hard))
    throw new UsageError(`Invalid --ulimit ${JSON.stringify(v)}: the soft limit is above the hard limit`);
  return { Name: m[1], Soft: soft, Hard: hard };
}

function device(v: string): { PathOnHost: string; PathInContainer: string; CgroupPermissions: string } {
  const parts = v.split(':');
  if (parts.length > 3)
    throw new UsageError(`Invalid --device ${JSON.stringify(v)}: use HOST_PATH[:CONTAINER_PATH][:PERMISSIONS]`);
  const onHost = validateAbsolutePath(parts[0], 'device path');
  let inContainer = onHost;
  let perms = 'rwm';
  if (parts.length === 2) {
    if (/^[rwm]+$/.test(parts[1])) perms = parts[1];
    else inContainer = validateAbsolutePath(parts[1], 'device container path');
  } else if (parts.length === 3) {
    inContainer = validateAbsolutePath(parts[1], 'device container path');
    perms = parts[2];
  }
  if (!/^[rwm]{1,3}$/.test(perms))
    throw new UsageError(`Invalid device permissions ${JSON.stringify(perms)} (use a combination of r, w, m)`);
  return { PathOnHost: onHost, PathInContainer: inContainer, CgroupPermissions: perms };
}

function restart(v: string): { Name: string; MaximumRetryCount: number } {
  const m = /^(no|always|unless-stopped|on-failure)(?::([0-9]+))?$/.exec(v);
  if (!m || (m[2] !== undefined && m[1] !== 'on-failure'))
    throw new UsageError(
      `Invalid --restart ${JSON.stringify(v)}: use no, always, unless-stopped or on-failure[:MAX_RETRIES]`,
    );
  return { Name: m[1], MaximumRetryCount: m[2] === undefined ? 0 : Number(m[2]) };
}

/** `-v PATH` without a colon: an anonymous volume at PATH in the container. */
export function isAnonymousVolume(v: string): boolean {
  return !v.includes(':');
}

/** --link NAME[:ALIAS] as docker's HostConfig.Links entry (legacy links on the default bridge). */
function link(v: string): string {
  const [name, alias, ...rest] = v.split(':');
  if (rest.length) throw new UsageError(`Invalid --link ${JSON.stringify(v)}: use CONTAINER[:ALIAS]`);
  validateName('linked container', name);
  return `${name}:${validateName('link alias', alias ?? name)}`;
}

/** --mount's "type=bind,source=/x,target=/y" as fields (a bare word is "true"). */
export function mountFields(v: string): { type: string; source: string; fields: Map<string, string> } {
  const fields = new Map<string, string>();
  for (const kv of v.split(',')) {
    const i = kv.indexOf('=');
    fields.set(i === -1 ? kv : kv.slice(0, i), i === -1 ? 'true' : kv.slice(i + 1));
  }
  return {
    type: fields.get('type') ?? 'volume',
    source: fields.get('source') ?? fields.get('src') ?? '',
    fields,
  };
}

function mount(v: string): Record<string, unknown> {
  const { type, source, fields } = mountFields(v);
  const target = fields.get('target') ?? fields.get('destination') ?? fields.get('dst') ?? '';
  const known = new Set(['type', 'source', 'src', 'target', 'destination', 'dst', 'readonly', 'ro']);
  const unknown = [...fields.keys()].find((k) => !known.has(k));
  if (unknown)
    throw new UsageError(
      `Unsupported --mount field ${JSON.stringify(unknown)} (paas understands type, source, target, readonly)`,
    );
  if (!['bind', 'volume', 'tmpfs'].includes(type))
    throw new UsageError(`Invalid --mount type ${JSON.stringify(type)} (use bind, volume or tmpfs)`);
  const ro = fields.get('readonly') ?? fields.get('ro');
  const out: Record<string, unknown> = { Type: type, Target: validateAbsolutePath(target, 'mount target') };
  if (type === 'bind') out.Source = validateAbsolutePath(source, 'mount source');
  else if (type === 'volume') out.Source = validateName('volume name', source);
  if (ro !== undefined) out.ReadOnly = boolValue(ro === '1' ? 'true' : ro === '0' ? 'false' : ro, '--mount readonly');
  return out;
}

const DEFS: OptionDef[] = [
  {
    names: ['--volume', '-v'],
    takesValue: true,
    // `-v /tmp` (a container path alone) is an anonymous volume, as in Dokku's docker-options tests.
    create: (c, v) => {
      if (isAnonymousVolume(v)) c.Volumes = { ...(c.Volumes ?? {}), [validateAbsolutePath(v, 'volume path')]: {} };
      else push(c, 'Binds', formatMount(parseMountSpec(v)));
    },
    // Dokku accepts -v for the build phase and leaves it out of the build (docker build has no volumes).
    build: (_b, v) => void (isAnonymousVolume(v) ? validateAbsolutePath(v, 'volume path') : parseMountSpec(v)),
  },
  {
    names: ['--link'],
    takesValue: true,
    create: (c, v) => push(c, 'Links', link(v)),
    // As -v: stored for the build phase (Dokku's tests add it there) and left out of the build.
    build: (_b, v) => void link(v),
  },
  { names: ['--mount'], takesValue: true, create: (c, v) => push(c, 'Mounts', mount(v)) },
  {
    names: ['--publish', '-p'],
    takesValue: true,
    create: (c, v) => {
      for (const p of parsePublish(v)) {
        const key = `${p.containerPort}/${p.proto}`;
        c.ExposedPorts = { ...(c.ExposedPorts ?? {}), [key]: {} };
        const h = host(c);
        h.PortBindings = { ...(h.PortBindings ?? {}) };
        h.PortBindings[key] = [...(h.PortBindings[key] ?? []), { HostIp: p.hostIp, HostPort: p.hostPort }];
      }
    },
  },
  {
    names: ['--expose'],
    takesValue: true,
    create: (c, v) => {
      const m = /^([0-9]{1,5})(?:\/(tcp|udp|sctp))?$/.exec(v);
      if (!m || Number(m[1]) < 1 || Number(m[1]) > 65535)
        throw new UsageError(`Invalid --expose ${JSON.stringify(v)}: use PORT[/tcp|udp]`);
      c.ExposedPorts = { ...(c.ExposedPorts ?? {}), [`${m[1]}/${m[2] ?? 'tcp'}`]: {} };
    },
  },
  {
    names: ['--env', '-e'],
    takesValue: true,
    create: (c, v) => {
      const i = v.indexOf('=');
      if (i === -1)
        throw new UsageError(
          `Invalid --env ${JSON.stringify(v)}: use KEY=VALUE (paas does not copy variables from its own environment)`,
        );
      validateEnvKey(v.slice(0, i));
      c.Env = [...(c.Env ?? []), v];
    },
  },
  { names: ['--cap-add'], takesValue: true, create: (c, v) => push(c, 'CapAdd', capability(v)) },
  { names: ['--cap-drop'], takesValue: true, create: (c, v) => push(c, 'CapDrop', capability(v)) },
  {
    names: ['--sysctl'],
    takesValue: true,
    create: (c, v) => {
      const [k, val] = parseKeyValue(v, 'sysctl', SYSCTL_RE);
      host(c).Sysctls = { ...(host(c).Sysctls ?? {}), [k]: val };
    },
  },
  { names: ['--device'], takesValue: true, create: (c, v) => push(c, 'Devices', device(v)) },
  {
    names: ['--network', '--net'],
    takesValue: true,
    create: (c, v) => void (host(c).NetworkMode = validateName('network', v)),
    build: (b, v) => void (b.networkmode = validateName('network', v)),
  },
  { names: ['--restart'], takesValue: true, create: (c, v) => void (host(c).RestartPolicy = restart(v)) },
  {
    names: ['--log-driver'],
    takesValue: true,
    create: (c, v) => {
      if (!LOG_DRIVER_RE.test(v)) throw new UsageError(`Invalid --log-driver ${JSON.stringify(v)}`);
      host(c).LogConfig = { Config: {}, ...(host(c).LogConfig ?? {}), Type: v };
    },
  },
  {
    names: ['--log-opt'],
    takesValue: true,
    create: (c, v) => {
      const [k, val] = parseKeyValue(v, 'log option', /^[A-Za-z0-9][A-Za-z0-9_.-]*$/);
      const lc = host(c).LogConfig ?? { Type: '', Config: {} };
      host(c).LogConfig = { ...lc, Config: { ...(lc.Config ?? {}), [k]: val } };
    },
  },
  {
    names: ['--label', '-l'],
    takesValue: true,
    create: (c, v) => {
      const [k, val] = label(v);
      c.Labels = { ...(c.Labels ?? {}), [k]: val };
    },
    build: (b, v) => {
      const [k, val] = label(v);
      b.labels = { ...((b.labels as Record<string, string>) ?? {}), [k]: val };
    },
  },
  {
    names: ['--shm-size'],
    takesValue: true,
    create: (c, v) => void (host(c).ShmSize = parseBytes(v, '--shm-size')),
    build: (b, v) => void (b.shmsize = parseBytes(v, '--shm-size')),
  },
  { names: ['--ulimit'], takesValue: true, create: (c, v) => push(c, 'Ulimits', ulimit(v)) },
  { names: ['--init'], takesValue: false, create: (c, v) => void (host(c).Init = boolValue(v, '--init')) },
  {
    // The image's HEALTHCHECK off (Dokku's apps tests add it); paas's own checks are unaffected.
    names: ['--no-healthcheck'],
    takesValue: false,
    create: (c, v) => void (boolValue(v, '--no-healthcheck') ? (c.Healthcheck = { Test: ['NONE'] }) : undefined),
  },
  {
    names: ['--privileged'],
    takesValue: false,
    create: (c, v) => void (host(c).Privileged = boolValue(v, '--privileged')),
  },
  {
    names: ['--read-only'],
    takesValue: false,
    create: (c, v) => void (host(c).ReadonlyRootfs = boolValue(v, '--read-only')),
  },
  {
    names: ['--memory', '-m'],
    takesValue: true,
    create: (c, v) => void (host(c).Memory = parseBytes(v, '--memory')),
    build: (b, v) => void (b.memory = parseBytes(v, '--memory')),
  },
  {
    names: ['--memory-swap'],
    takesValue: true,
    create: (c, v) => void (host(c).MemorySwap = memory(v, '--memory-swap')),
    build: (b, v) => void (b.memswap = memory(v, '--memory-swap')),
  },
  {
    names: ['--memory-reservation'],
    takesValue: true,
    create: (c, v) => void (host(c).MemoryReservation = parseBytes(v, '--memory-reservation')),
  },
  { names: ['--cpus'], takesValue: true, create: (c, v) => void (host(c).NanoCpus = parseCpus(v, '--cpus')) },
  {
    names: ['--cpu-shares', '-c'],
    takesValue: true,
    create: (c, v) => void (host(c).CpuShares = parseInteger(v, '--cpu-shares', 2)),
    build: (b, v) => void (b.cpushares = parseInteger(v, '--cpu-shares', 2)),
  },
  {
    names: ['--pids-limit'],
    takesValue: true,
    create: (c, v) => void (host(c).PidsLimit = parseInteger(v, '--pids-limit', -1)),
  },
  {
    names: ['--add-host'],
    takesValue: true,
    create: (c, v) => push(c, 'ExtraHosts', addHost(v)),
    build: (b, v) => void (b.extrahosts = [...((b.extrahosts as string[]) ?? []), addHost(v)]),
  },
  { names: ['--hostname', '-h'], takesValue: true, create: (c, v) => void (c.Hostname = hostnameOf(v, 'hostname')) },
  { names: ['--domainname'], takesValue: true, create: (c, v) => void (c.Domainname = hostnameOf(v, 'domain name')) },
  {
    names: ['--dns'],
    takesValue: true,
    create: (c, v) => {
      if (!isIp(v)) throw new UsageError(`Invalid --dns ${JSON.stringify(v)}: use an IP address`);
      push(c, 'Dns', v);
    },
  },
  {
    names: ['--security-opt'],
    takesValue: true,
    create: (c, v) => {
      if (!/^[a-z-]+([=:].+)?$/.test(v)) throw new UsageError(`Invalid --security-opt ${JSON.stringify(v)}`);
      push(c, 'SecurityOpt', v);
    },
  },
  {
    names: ['--tmpfs'],
    takesValue: true,
    create: (c, v) => {
      const i = v.indexOf(':');
      const p = validateAbsolutePath(i === -1 ? v : v.slice(0, i), 'tmpfs path');
      const opts = i === -1 ? '' : v.slice(i + 1);
      if (!/^[A-Za-z0-9=,_-]*$/.test(opts)) throw new UsageError(`Invalid --tmpfs options ${JSON.stringify(opts)}`);
      host(c).Tmpfs = { ...(host(c).Tmpfs ?? {}), [p]: opts };
    },
  },
  {
    names: ['--user', '-u'],
    takesValue: true,
    create: (c, v) => {
      if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/.test(v))
        throw new UsageError(`Invalid --user ${JSON.stringify(v)}: use USER[:GROUP] or UID[:GID]`);
      c.User = v;
    },
  },
  {
    names: ['--group-add'],
    takesValue: true,
    create: (c, v) => {
      if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(v)) throw new UsageError(`Invalid --group-add ${JSON.stringify(v)}`);
      push(c, 'GroupAdd', v);
    },
  },
  {
    names: ['--workdir', '-w'],
    takesValue: true,
    create: (c, v) => void (c.WorkingDir = validateAbsolutePath(v, 'working directory')),
  },
  {
    names: ['--stop-signal'],
    takesValue: true,
    create: (c, v) => {
      if (!/^(SIG)?[A-Z0-9+-]+$|^[0-9]+$/.test(v)) throw new UsageError(`Invalid --stop-signal ${JSON.stringify(v)}`);
      c.StopSignal = v;
    },
  },
  {
    names: ['--stop-timeout'],
    takesValue: true,
    create: (c, v) => void (c.StopTimeout = parseInteger(v, '--stop-timeout', -1)),
  },
  {
    names: ['--build-arg'],
    takesValue: true,
    build: (b, v, env) => {
      // `--build-arg KEY` takes KEY's value from the app's config, as Dokku's builds run with the config
      // exported; a key the config does not set is left out, as docker does for an unset variable.
      const bare = /^[A-Za-z_][A-Za-z0-9_]*$/.test(v);
      if (bare && env[v] === undefined) return;
      const [k, val] = bare ? [v, env[v]!] : parseKeyValue(v, 'build argument', /^[A-Za-z_][A-Za-z0-9_]*$/);
      b.buildargs = { ...((b.buildargs as Record<string, string>) ?? {}), [k]: val };
    },
  },
  { names: ['--no-cache'], takesValue: false, build: (b, v) => void (b.nocache = boolValue(v, '--no-cache')) },
  { names: ['--pull'], takesValue: false, build: (b, v) => void (b.pull = boolValue(v, '--pull')) },
  {
    names: ['--target'],
    takesValue: true,
    build: (b, v) => {
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(v)) throw new UsageError(`Invalid --target ${JSON.stringify(v)}`);
      b.target = v;
    },
  },
];

const BY_NAME = new Map<string, OptionDef>(DEFS.flatMap((d) => d.names.map((n) => [n, d] as const)));

function supportedFlags(phase: Phase): string[] {
  return DEFS.filter((d) => (phase === 'build' ? d.build : d.create)).map((d) => d.names[0]);
}

/**
 * Split an option string into options, checking each against every phase it is meant for. Throws a
 * UsageError naming the first option paas does not understand or that does not fit a phase.
 */
export function parseOptions(text: string, phases: Phase[]): ParsedOption[] {
  const words = splitWords(text);
  if (words.length === 0) throw new UsageError('Please specify a docker option');
  const out: ParsedOption[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w.startsWith('-') || w === '-' || w === '--')
      throw new UsageError(
        `Unexpected ${JSON.stringify(w)} in docker options: every word must be an option (like -p 8080:80) or its value`,
      );
    const eq = w.startsWith('--') ? w.indexOf('=') : w.length > 2 && w[2] === '=' ? 2 : -1;
    const name = eq === -1 ? w : w.slice(0, eq);
    const def = BY_NAME.get(name);
    if (!def)
      throw new UsageError(
        `Unsupported docker option ${JSON.stringify(name)}: paas understands ${[...new Set(PHASES.flatMap(supportedFlags))].sort().join(', ')}`,
      );
    let value: string | undefined;
    let used = [w];
    if (eq !== -1) value = w.slice(eq + 1);
    else if (def.takesValue) {
      if (i + 1 >= words.length) throw new UsageError(`Docker option ${name} needs a value`);
      value = words[++i];
      used = [w, value];
    }
    for (const phase of phases) {
      if (!(phase === 'build' ? def.build : def.create))
        throw new UsageError(
          `Docker option ${name} cannot be used in the ${phase} phase (${phase} understands ${supportedFlags(phase).join(', ')})`,
        );
      // Apply to a scratch fragment so a bad value is refused now, not at the next deploy.
      if (phase === 'build') def.build!({}, value ?? '', {});
      else def.create!({}, value ?? '');
    }
    out.push({ flag: def.names[0], value, text: joinWords(used) });
  }
  return out;
}

/** Same option, however it was spelled ("-p 1:1" and "--publish=1:1"). */
export function optionKey(o: ParsedOption): string {
  return `${o.flag}\0${o.value ?? ''}`;
}

/** Turn options into one dockerode create-options fragment. */
export function toCreateOptions(options: ParsedOption[]): Partial<CreateOptions> {
  const c: CreateOptions = {};
  for (const o of options) {
    const def = BY_NAME.get(o.flag)!;
    if (!def.create) throw new UsageError(`Docker option ${o.flag} only applies to the build phase`);
    def.create(c, o.value ?? '');
  }
  return c;
}

export function toBuildOptions(options: ParsedOption[], env: Record<string, string> = {}): BuildOptions {
  const b: BuildOptions = {};
  for (const o of options) {
    const def = BY_NAME.get(o.flag)!;
    if (!def.build) throw new UsageError(`Docker option ${o.flag} does not apply to the build phase`);
    def.build(b, o.value ?? '', env);
  }
  return b;
}

export function parsePhases(text: string | undefined): Phase[] {
  if (!text) throw new UsageError('Please specify a phase (build, deploy, run; comma-separated for several)');
  const list = text.split(',');
  for (const p of list)
    if (!PHASES.includes(p as Phase))
      throw new UsageError(`Invalid phase ${JSON.stringify(p)}: use build, deploy or run (comma-separated, no spaces)`);
  return [...new Set(list)] as Phase[];
}
