// What a container of the app looks like. The base spec is a pure function of its inputs (tested by
// comparing values); the exported builders merge it with the fragments other domains own (storage,
// docker-options, resource limits, networks), which read their own props.
import { CreateOptions, mergeCreateOptions } from '../docker/merge.js';
import { LABEL } from '../docker/containers.js';
import { UsageError } from '../core/errors.js';
import { Release } from '../release/types.js';
import { storageCreateOptions } from '../storage/mounts.js';
import { dockerOptionsCreateOptions } from '../docker-options/apply.js';
import { computedMaxSize, withLogMaxSize } from '../logs/settings.js';
import { resourceCreateOptions } from '../resource/limits.js';
import { networkCreateOptions } from '../network/attach.js';
import { webContainerPort } from '../ports/store.js';
import { restartPolicySetting, startCmdSetting, stopTimeoutSetting } from '../ps/store.js';
import { initProcess } from '../scheduler/store.js';

export const DEFAULT_RESTART_POLICY = 'unless-stopped';
export const DEFAULT_STOP_TIMEOUT = 10;

export interface RestartPolicy {
  Name: string;
  MaximumRetryCount?: number;
}

/** Dokku's restart policies: no, always, unless-stopped, on-failure[:N]. */
export function parseRestartPolicy(value: string): RestartPolicy {
  const v = value.trim() || DEFAULT_RESTART_POLICY;
  if (v === 'no' || v === 'always' || v === 'unless-stopped') return { Name: v };
  const m = /^on-failure(?::([0-9]{1,4}))?$/.exec(v);
  if (m) return m[1] ? { Name: 'on-failure', MaximumRetryCount: Number(m[1]) } : { Name: 'on-failure' };
  throw new UsageError(`Invalid restart policy ${JSON.stringify(v)}: use no, always, unless-stopped or on-failure[:N]`);
}

export function appRestartPolicy(app: string): RestartPolicy {
  return parseRestartPolicy(restartPolicySetting(app) || DEFAULT_RESTART_POLICY);
}

/** Seconds docker waits after the stop signal before killing (ps:set APP stop-timeout-seconds N). */
export function appStopTimeout(app: string): number {
  const v = Number(stopTimeoutSetting(app) || DEFAULT_STOP_TIMEOUT);
  return Number.isInteger(v) && v >= 0 ? v : DEFAULT_STOP_TIMEOUT;
}

/** Builders whose image carries its own CMD/ENTRYPOINT (Dokku: DOKKU_HEROKUISH=false). */
function isDockerfileBuilder(builder: string): boolean {
  return builder === 'dockerfile' || builder === 'image';
}

/**
 * Dokku's start-command override, as scheduler-docker-local applies it to every process type: a
 * Dockerfile or image app's `dockerfile-start-cmd` becomes the container's arguments (split on
 * whitespace, never given to a shell on the host), a buildpack app's `start-cmd` replaces the Procfile
 * command. undefined when the app has none for its builder.
 */
export function startCmdOverride(
  builder: string,
  settings: { startCmd: string; dockerfileStartCmd: string },
): string[] | undefined {
  if (isDockerfileBuilder(builder)) {
    const words = settings.dockerfileStartCmd.split(/\s+/).filter(Boolean);
    return words.length ? words : undefined;
  }
  return commandFor(settings.startCmd);
}

/** Procfile command -> Cmd; '' keeps the image's own command. */
export function commandFor(cmd: string | undefined): string[] | undefined {
  return cmd && cmd.trim() ? ['/bin/sh', '-c', cmd] : undefined;
}

function envList(env: Record<string, string>): string[] {
  return Object.keys(env)
    .sort()
    .map((k) => `${k}=${env[k]}`);
}

export interface DeploySpecInput {
  app: string;
  release: Pick<Release, 'number' | 'image' | 'config' | 'processes'>;
  proc: string;
  index: number;
  deployId: string;
  /** APP.PROC.N, or a temporary name while the old container still holds it (names.ts). */
  name: string;
  /** Container port of web processes (PORT); ignored for other types. */
  webPort: number;
  restartPolicy: RestartPolicy;
  stopTimeout: number;
  /** docker's init as PID 1 (scheduler-docker-local init-process; Dokku's default is on). */
  init: boolean;
  /** ps:set start-cmd / dockerfile-start-cmd, in place of the Procfile command (startCmdOverride). */
  startCmd?: string[];
}

/** The paas part of a process container: pure, no fragments. */
export function baseDeployOptions(i: DeploySpecInput): CreateOptions {
  const isWeb = i.proc === 'web';
  const env: Record<string, string> = { ...i.release.config, DYNO: `${i.proc}.${i.index}` };
  if (isWeb) env.PORT = String(i.webPort);
  const opts: CreateOptions = {
    name: i.name,
    Image: i.release.image,
    Env: envList(env),
    Labels: {
      [LABEL.app]: i.app,
      [LABEL.process]: i.proc,
      [LABEL.release]: String(i.release.number),
      [LABEL.deploy]: i.deployId,
      [LABEL.dyno]: `${i.proc}.${i.index}`,
      [LABEL.port]: isWeb ? String(i.webPort) : '',
      [LABEL.kind]: 'deploy',
    },
    StopTimeout: i.stopTimeout,
    // Without init-process, Init is left unset (the engine's default), as Dokku leaves out --init.
    HostConfig: { RestartPolicy: i.restartPolicy, ...(i.init ? { Init: true } : {}) },
  };
  if (isWeb) opts.ExposedPorts = { [`${i.webPort}/tcp`]: {} };
  const cmd = i.startCmd ?? commandFor(i.release.processes[i.proc]);
  if (cmd) opts.Cmd = cmd;
  return opts;
}

/**
 * Merge order: base, storage, docker-options, resource limits, network. User options may change most
 * things (a --restart in docker-options wins) but never the name or the labels paas finds containers by.
 */
export function mergeDeployFragments(base: CreateOptions, fragments: Partial<CreateOptions>[]): CreateOptions {
  return mergeCreateOptions(base, ...fragments, { name: base.name, Labels: base.Labels });
}

export function deployCreateOptions(
  app: string,
  release: Release,
  proc: string,
  index: number,
  deployId: string,
  name: string,
  daemonLogDriver = '',
): CreateOptions {
  const base = baseDeployOptions({
    app,
    release,
    proc,
    index,
    deployId,
    name,
    webPort: webContainerPort(app),
    restartPolicy: appRestartPolicy(app),
    init: initProcess(app),
    stopTimeout: appStopTimeout(app),
    startCmd: startCmdOverride(release.builder, {
      startCmd: startCmdSetting(app, 'start-cmd'),
      dockerfileStartCmd: startCmdSetting(app, 'dockerfile-start-cmd'),
    }),
  });
  const merged = mergeDeployFragments(base, [
    storageCreateOptions(app, 'deploy'),
    dockerOptionsCreateOptions(app, 'deploy', proc),
    resourceCreateOptions(app, proc),
    networkCreateOptions(app, proc),
  ]);
  // logs:set max-size (default 10m), when the container's log driver rotates by size
  return withLogMaxSize(merged, computedMaxSize(app), daemonLogDriver);
}

/** True when the container publishes host ports: two deploys of it cannot run side by side. */
export function publishesHostPorts(opts: CreateOptions): boolean {
  // A binding without HostPort gets a random free port: that one never clashes.
  const b = opts.HostConfig?.PortBindings as Record<string, { HostPort?: string }[] | null> | undefined;
  return !!b && Object.values(b).some((v) => Array.isArray(v) && v.some((x) => !!x?.HostPort));
}

/** One-off container for `paas run`: the release image and config, run-phase storage and options. */
export function runCreateOptions(app: string, release: Release): CreateOptions {
  const base: CreateOptions = {
    Image: release.image,
    Env: envList({ ...release.config, DYNO: 'run.1' }),
    Labels: {
      [LABEL.app]: app,
      [LABEL.process]: 'run',
      [LABEL.release]: String(release.number),
      [LABEL.kind]: 'run',
    },
    HostConfig: { Init: true },
  };
  return mergeCreateOptions(
    base,
    storageCreateOptions(app, 'run'),
    dockerOptionsCreateOptions(app, 'run'),
    networkCreateOptions(app),
    { Labels: base.Labels },
  );
}

export type TaskKind = 'release' | 'predeploy' | 'postdeploy' | 'first-deploy';

/** Pure part of a deploy task container (Procfile release:, app.json predeploy/postdeploy). */
export function baseTaskOptions(
  app: string,
  release: Pick<Release, 'number' | 'image' | 'config'>,
  task: TaskKind,
  cmd: string,
  deployId: string,
): CreateOptions {
  return {
    name: `${app}.${task}.${deployId}`,
    Image: release.image,
    Cmd: ['/bin/sh', '-c', cmd],
    Env: envList({ ...release.config, DYNO: `${task}.1` }),
    Labels: {
      [LABEL.app]: app,
      [LABEL.process]: task,
      [LABEL.release]: String(release.number),
      [LABEL.deploy]: deployId,
      [LABEL.kind]: 'release',
    },
    HostConfig: { Init: true },
  };
}

/**
 * Task containers get the deploy-phase storage and options (a migration needs the same volumes), but
 * never published ports (they would clash with the running app) nor a restart policy (they must end).
 */
export function taskCreateOptions(
  app: string,
  release: Release,
  task: TaskKind,
  cmd: string,
  deployId: string,
): CreateOptions {
  const base = baseTaskOptions(app, release, task, cmd, deployId);
  const merged = mergeCreateOptions(
    base,
    storageCreateOptions(app, 'deploy'),
    dockerOptionsCreateOptions(app, 'deploy'),
    networkCreateOptions(app),
    { name: base.name, Labels: base.Labels, Cmd: base.Cmd },
  );
  if (merged.HostConfig) {
    delete merged.HostConfig.PortBindings;
    delete merged.HostConfig.RestartPolicy;
    delete merged.HostConfig.AutoRemove;
  }
  return merged;
}
