// ps:* commands: scale, start, stop, restart, rebuild, restore, retire, report, set, inspect.
import { CommandContext, CommandSpec, flagString, requireArgs } from '../cli/command.js';
import { LockedError, PaasError, UsageError } from '../core/errors.js';
import { jsonOrPlain } from '../core/format.js';
import { info, isQuiet, out, step, warn } from '../core/log.js';
import { printReport } from '../cli/report.js';
import { reportTarget } from '../cli/report-target.js';
import { listApps, requireApp, withAppLock, reportTargets } from '../apps/store.js';
import { docker } from '../docker/client.js';
import { listAppContainers } from '../docker/containers.js';
import {
  appRestartPolicy,
  appStopTimeout,
  parseRestartPolicy,
  DEFAULT_RESTART_POLICY,
  DEFAULT_STOP_TIMEOUT,
} from '../deploy/container-spec.js';
import { checkScaleChanges, parseScale, procOrder, readScale, writeScale, Scale } from '../deploy/formation.js';
import { sweepRetirements } from '../deploy/retire.js';
import { liveRelease } from '../release/store.js';
import { isStopped, liveDeployId } from './store.js';
import { validatePositiveInt } from '../state/validate.js';
import {
  bringUp,
  liveContainers,
  requireDeployed,
  restartProcessInPlace,
  restoreApp,
  stopApp,
} from '../lifecycle/power.js';
import { procfilePathSetting, rawPsSetting, restartPolicySetting, setPsProp } from './store.js';
import { validateSourcePath } from '../build/settings.js';
import { GLOBAL } from '../state/paths.js';

/** Loaded on use: reports and stop/start do not need the build and release code. */
const lifecycle = () => import('../lifecycle/deploy.js');

/** `APP` or `--all`: the apps a command acts on. */
function targetApps(ctx: CommandContext, name: string, usage: string): string[] {
  if (ctx.flags.all) {
    if (ctx.args.length && ctx.args[0] !== undefined && name !== 'ps:restart')
      throw new UsageError(`${name}: give an app or --all, not both`);
    return listApps();
  }
  if (!ctx.args[0]) throw new UsageError(`Usage: paas ${name} ${usage}`);
  return [requireApp(ctx.args[0])];
}

/** Run fn for each app under its lock; with several apps, one failure does not stop the others. */
async function forEachApp(apps: string[], fn: (app: string) => Promise<void>): Promise<number> {
  let failed = 0;
  for (const app of apps) {
    try {
      await withAppLock(app, () => fn(app));
    } catch (e) {
      if (apps.length === 1) throw e;
      failed++;
      warn(`${app}: ${(e as Error).message}`);
    }
  }
  if (failed) throw new PaasError(`${failed} of ${apps.length} apps failed`);
  return 0;
}

const scaleSpec: CommandSpec = {
  name: 'ps:scale',
  access: 'app',
  usage: '[--skip-deploy] [--format json] <app> <proc>=<count> [<proc>=<count>...]',
  summary: 'Show or set how many containers each process type runs',
  app: true,
  boolean: ['skip-deploy'],
  string: ['format'],
  async run(ctx) {
    requireArgs(ctx, scaleSpec, 1);
    const app = requireApp(ctx.args[0]);
    const pairs = ctx.args.slice(1);
    if (pairs.length === 0) {
      const scale = readScale(app);
      const procs = Object.keys(scale).sort(procOrder);
      if (jsonOrPlain(flagString(ctx.flags, 'format')) === 'json') {
        out(JSON.stringify(procs.map((p) => ({ process_type: p, quantity: scale[p] }))));
        return;
      }
      step(`Scaling for ${app}`);
      // `--quiet`: the rows alone, as Dokku prints them under --quiet
      if (!isQuiet()) {
        out('proctype: qty');
        out('--------: ---');
      }
      // Dokku's columns: "TYPE:" padded to 5, a space, the count ("web:  1", "worker: 1").
      for (const p of procs) out(`${`${p}:`.padEnd(5)} ${scale[p]}`);
      return;
    }
    for (const p of pairs)
      if (!/^[^=]+=[^=]*$/.test(p)) throw new UsageError(`Invalid argument ${JSON.stringify(p)}: use PROCESS=COUNT`);
    let changes = parseScale(pairs.join('\n'), 'scale');
    await withAppLock(app, async () => {
      const release = liveRelease(app);
      if (release) {
        const types = Object.keys(release.processes).sort(procOrder);
        const checked = checkScaleChanges(changes, types);
        if (checked.unknown.length)
          throw new PaasError(
            `${checked.unknown.join(', ')}: not a process type of ${app} (its Procfile has ${types.join(', ')})`,
          );
        if (checked.ignored.length)
          info(`${checked.ignored.join(', ')}: not a process type of ${app}; nothing to scale down`);
        changes = checked.changes;
        if (!Object.keys(changes).length) return;
      }
      const scale: Scale = { ...readScale(app), ...changes };
      step(
        `Scaling ${app} processes: ${Object.keys(changes)
          .sort(procOrder)
          .map((p) => `${p}=${changes[p]}`)
          .join(' ')}`,
      );
      writeScale(app, scale);
      if (ctx.flags['skip-deploy'])
        return info('Skipping deploy (--skip-deploy): the new scale applies on the next deploy');
      if (!release || !liveDeployId(app))
        return info(`App ${app} has not been deployed; the scale applies on the first deploy`);
      if (isStopped(app)) return info(`App ${app} is stopped; the scale applies on ps:start`);
      await (await lifecycle()).deployAndRoute(app, release.number);
    });
  },
};

const stopSpec: CommandSpec = {
  name: 'ps:stop',
  access: 'app',
  usage: '<app>|--all',
  summary: "Stop an app's containers (kept, restarted by ps:start)",
  app: true,
  boolean: ['all'],
  async run(ctx) {
    await forEachApp(targetApps(ctx, 'ps:stop', stopSpec.usage), async (app) => {
      if (!liveRelease(app)) return info(`App ${app} has not been deployed`);
      await stopApp(app);
    });
    // A stopped app runs no cron tasks (Dokku's scheduler-stop rewrites the schedule too).
    await (await import('../cron/crontab.js')).writeCrontabOrWarn();
  },
};

const startSpec: CommandSpec = {
  name: 'ps:start',
  access: 'app',
  usage: '<app>|--all',
  summary: "Start an app's containers (deploying its live release again if some are gone)",
  app: true,
  boolean: ['all'],
  async run(ctx) {
    const apps = targetApps(ctx, 'ps:start', startSpec.usage);
    await forEachApp(apps, async (app) => {
      if (apps.length > 1 && !liveRelease(app)) return;
      await bringUp(app, { announce: true });
    });
    await (await import('../cron/crontab.js')).writeCrontabOrWarn();
  },
};

const restartSpec: CommandSpec = {
  name: 'ps:restart',
  access: 'app',
  usage: '<app>|--all [<process-type>]',
  summary: 'Restart an app without downtime (a new deploy of its live release); one non-web type restarts in place',
  app: true,
  boolean: ['all'],
  async run(ctx) {
    const apps = targetApps(ctx, 'ps:restart', restartSpec.usage);
    const proc = ctx.flags.all ? ctx.args[0] : ctx.args[1];
    await forEachApp(apps, async (app) => {
      if (apps.length > 1 && !liveRelease(app)) return;
      const release = requireDeployed(app);
      if (proc && !(proc in release.processes)) throw new PaasError(`${proc}: not a process type of ${app}`);
      if (proc && proc !== 'web') return restartProcessInPlace(app, proc);
      // web gets new containers beside the old ones, so traffic never meets a restarting process
      step(`Restarting ${app} (release v${release.number})`);
      const { trackBuild } = await import('../builds/track.js');
      await trackBuild(app, 'ps:restart', async () => (await lifecycle()).deployAndRoute(app, release.number));
    });
  },
};

const rebuildSpec: CommandSpec = {
  name: 'ps:rebuild',
  access: 'app',
  usage: '<app>|--all',
  summary: 'Build the last pushed source (or source image) again and deploy it',
  app: true,
  boolean: ['all'],
  async run(ctx) {
    const apps = targetApps(ctx, 'ps:rebuild', rebuildSpec.usage);
    await forEachApp(apps, async (app) => {
      if (apps.length > 1 && !liveRelease(app)) return;
      step(`Rebuilding ${app}`);
      await (await lifecycle()).rebuildApp(app);
    });
  },
};

const restoreSpec: CommandSpec = {
  name: 'ps:restore',
  access: 'app',
  usage: '[<app>|--all]',
  summary: 'Start every deployed app that should be running (after a reboot or a docker restart)',
  app: true,
  boolean: ['all'],
  async run(ctx) {
    const apps = ctx.args[0] ? [requireApp(ctx.args[0])] : listApps();
    let failed = 0;
    for (const app of apps) {
      try {
        // Never wait: an app being deployed comes up through that deploy.
        const what = await withAppLock(app, () => restoreApp(app), { wait: apps.length === 1 });
        if (what === 'stopped') info(`App ${app} was stopped with ps:stop; leaving it stopped`);
        else if (what === 'not deployed') {
          if (apps.length === 1) info(`App ${app} has not been deployed`);
        } else if (what) step(`Restored ${app} (${what})`);
      } catch (e) {
        if (e instanceof LockedError) {
          info(`App ${app} is being deployed; skipping it`);
          continue;
        }
        if (apps.length === 1) throw e;
        failed++;
        warn(`${app}: ${(e as Error).message}`);
      }
    }
    if (failed) throw new PaasError(`${failed} of ${apps.length} apps could not be restored`);
  },
};

const retireSpec: CommandSpec = {
  name: 'ps:retire',
  usage: '',
  summary: 'Retire old containers whose wait-to-retire has passed (run by cron)',
  async run() {
    const n = await sweepRetirements();
    if (n) step(`Retired ${n} old deploy${n === 1 ? '' : 's'}`);
  },
};

/** Dokku's error text for a bad policy (scripts grep it), with what is allowed. */
function checkRestartPolicy(value: string): void {
  try {
    parseRestartPolicy(value);
  } catch {
    throw new UsageError(
      `Invalid restart-policy specified: ${JSON.stringify(value)} (use no, always, unless-stopped or on-failure[:N])`,
    );
  }
}

/**
 * A start command as ps:set stores it: one line of printable text. It only ever reaches docker as a
 * container's Cmd (inside the app's container, as a Procfile line does), never a shell on the host.
 */
export function validateStartCmd(value: string, key: string): string {
  if (value.length > 1024) throw new UsageError(`Invalid ${key}: longer than 1024 characters`);
  if (/[\x00-\x1f\x7f]/.test(value))
    throw new UsageError(`Invalid ${key}: one line of printable text, no newline or control character`);
  return value.trim();
}

const setSpec: CommandSpec = {
  name: 'ps:set',
  access: 'app',
  usage:
    '<app>|--global restart-policy|stop-timeout-seconds|procfile-path [<value>] | <app> start-cmd|dockerfile-start-cmd [<value>]',
  summary: 'Set or clear a ps property (an empty value restores the default)',
  app: true,
  boolean: ['global'],
  async run(ctx) {
    const global = ctx.flags.global === true;
    const args = global ? [GLOBAL, ...ctx.args] : ctx.args;
    if (args.length < 2) throw new UsageError(`Usage: paas ps:set ${setSpec.usage}`);
    const app = global ? GLOBAL : requireApp(args[0]);
    const [key, value] = [args[1], args[2] ?? ''];
    const where = global ? 'globally' : `for ${app}`;
    if (key === 'restart-policy') {
      if (value) checkRestartPolicy(value);
      if (global) {
        setPsProp(app, key, value);
        step(value ? `Setting restart-policy ${where} to ${value}` : `Unsetting restart-policy ${where}`);
        info('Apps without their own restart-policy use it for containers started from now on');
        return;
      }
      await withAppLock(app, async () => {
        setPsProp(app, key, value);
        const policy = appRestartPolicy(app);
        step(
          value ? `Setting restart-policy to ${value}` : `Unsetting restart-policy (default ${DEFAULT_RESTART_POLICY})`,
        );
        // docker can change the policy of existing containers, so the running app follows at once
        for (const c of await listAppContainers(app, { kind: 'deploy' })) {
          await docker().getContainer(c.id).update({ RestartPolicy: policy });
        }
      });
    } else if (key === 'stop-timeout-seconds') {
      if (value) validatePositiveInt(value, key);
      setPsProp(app, key, value ? String(Number(value)) : '');
      step(
        value
          ? `Setting stop-timeout-seconds ${where} to ${Number(value)}`
          : `Unsetting stop-timeout-seconds ${where} (default ${DEFAULT_STOP_TIMEOUT})`,
      );
      info('Containers started from now on use it; ps:restart applies it to the running ones');
    } else if (key === 'procfile-path') {
      // a path inside the pushed source (relative, no ".."); the build reads it with the symlink-safe reader
      const v = value ? validateSourcePath(value, key) : '';
      setPsProp(app, key, v);
      step(v ? `Setting procfile-path ${where} to ${v}` : `Unsetting procfile-path ${where} (default Procfile)`);
      info('The next build or ps:rebuild reads it');
    } else if (key === 'start-cmd' || key === 'dockerfile-start-cmd') {
      // Dokku: app only
      if (global) throw new UsageError(`${key} is set per app, not with --global`);
      const v = value ? validateStartCmd(value, key) : '';
      setPsProp(app, key, v);
      step(v ? `Setting ${key} for ${app} to ${v}` : `Unsetting ${key} for ${app}`);
      info(
        key === 'start-cmd'
          ? 'Buildpack-built processes started from now on run it in place of their Procfile command'
          : "Dockerfile and image processes started from now on get it as the container's arguments",
      );
    } else {
      throw new UsageError(
        `Invalid ps property ${JSON.stringify(key ?? '')} (use restart-policy, stop-timeout-seconds, procfile-path, start-cmd or dockerfile-start-cmd)`,
      );
    }
  },
};

async function reportRows(app: string) {
  const release = liveRelease(app);
  const containers = release ? await liveContainers(app) : [];
  const running = containers.filter((c) => c.running).length;
  const rows = [
    { key: 'deployed', value: String(!!release) },
    { key: 'processes', value: String(containers.length) },
    { key: 'ps-can-scale', value: 'true' },
    // Dokku's raw (this app's own), global and computed (in effect) values
    { key: 'ps-restart-policy', value: rawPsSetting(app, 'restart-policy') },
    { key: 'ps-global-restart-policy', value: rawPsSetting(GLOBAL, 'restart-policy') },
    { key: 'ps-computed-restart-policy', value: restartPolicySetting(app) || DEFAULT_RESTART_POLICY },
    { key: 'ps-computed-stop-timeout-seconds', value: String(appStopTimeout(app)) },
    { key: 'ps-global-stop-timeout-seconds', value: rawPsSetting(GLOBAL, 'stop-timeout-seconds') },
    { key: 'ps-stop-timeout-seconds', value: rawPsSetting(app, 'stop-timeout-seconds') },
    { key: 'ps-computed-procfile-path', value: procfilePathSetting(app) || 'Procfile' },
    { key: 'ps-global-procfile-path', value: rawPsSetting(GLOBAL, 'procfile-path') },
    { key: 'ps-procfile-path', value: rawPsSetting(app, 'procfile-path') },
    { key: 'ps-dockerfile-start-cmd', value: rawPsSetting(app, 'dockerfile-start-cmd') },
    { key: 'ps-computed-dockerfile-start-cmd', value: rawPsSetting(app, 'dockerfile-start-cmd') },
    { key: 'ps-start-cmd', value: rawPsSetting(app, 'start-cmd') },
    { key: 'ps-computed-start-cmd', value: rawPsSetting(app, 'start-cmd') },
    { key: 'restore', value: String(!isStopped(app)) },
    {
      key: 'running',
      value: containers.length === 0 ? 'false' : running === containers.length ? 'true' : running ? 'mixed' : 'false',
    },
    { key: 'live-release', value: release ? `v${release.number}` : '' },
    { key: 'live-deploy', value: liveDeployId(app) ?? '' },
  ];
  for (const c of containers) {
    if (!c.dyno) continue;
    rows.push({
      key: `status-${c.dyno.replace('.', '-')}`,
      value: `${c.running ? 'running' : c.state} (CID: ${c.id.slice(0, 12)})`,
    });
  }
  return rows;
}

/** ps:report --global: the global and computed keys of the properties that have a global value. */
function globalReportRows() {
  return [
    { key: 'ps-global-restart-policy', value: rawPsSetting(GLOBAL, 'restart-policy') },
    {
      key: 'ps-computed-restart-policy',
      value: rawPsSetting(GLOBAL, 'restart-policy') || DEFAULT_RESTART_POLICY,
    },
    { key: 'ps-global-stop-timeout-seconds', value: rawPsSetting(GLOBAL, 'stop-timeout-seconds') },
    {
      key: 'ps-computed-stop-timeout-seconds',
      value: rawPsSetting(GLOBAL, 'stop-timeout-seconds') || String(DEFAULT_STOP_TIMEOUT),
    },
    { key: 'ps-global-procfile-path', value: rawPsSetting(GLOBAL, 'procfile-path') },
    { key: 'ps-computed-procfile-path', value: rawPsSetting(GLOBAL, 'procfile-path') || 'Procfile' },
  ];
}

const reportSpec: CommandSpec = {
  name: 'ps:report',
  access: 'app',
  usage: '[<app>|--global] [--format json] [<flag>]',
  summary: 'Show whether apps are deployed and running, per container, or the global ps settings',
  app: true,
  string: ['format'],
  looseFlags: true,
  async run(ctx) {
    const t = reportTarget(ctx);
    if (t.global) return void printReport('--global ps information', globalReportRows(), t.flags);
    const apps = reportTargets(t.app);
    for (const app of apps) printReport(`${app} ps information`, await reportRows(app), t.flags);
  },
};

const inspectSpec: CommandSpec = {
  name: 'ps:inspect',
  access: 'app',
  usage: '<app>',
  summary: "docker inspect of the app's live containers (JSON)",
  app: true,
  async run(ctx) {
    requireArgs(ctx, inspectSpec, 1);
    const app = requireApp(ctx.args[0]);
    const list = await liveContainers(app);
    out(JSON.stringify(await Promise.all(list.map((c) => docker().getContainer(c.id).inspect())), null, 2));
  },
};

export const commands: CommandSpec[] = [
  scaleSpec,
  startSpec,
  stopSpec,
  restartSpec,
  rebuildSpec,
  restoreSpec,
  retireSpec,
  setSpec,
  reportSpec,
  inspectSpec,
];
