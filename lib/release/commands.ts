// releases:list/info/rollback/set/report: every deploy records a release (image, config snapshot,
// processes, git rev, who, when, whether it went live); rollback redeploys an earlier one.
import { CommandSpec, flagString, requireArgs } from '../cli/command.js';
import { UsageError } from '../core/errors.js';
import { jsonOrPlain } from '../core/format.js';
import { out } from '../core/log.js';
import { printReport, ReportRow } from '../cli/report.js';
import { requireApp, withAppLock } from '../apps/store.js';
import { GLOBAL, setOrClearProp } from '../state/props.js';
import { validatePositiveInt } from '../state/validate.js';
import { listReleases, releaseKeep, requireRelease } from './store.js';
import { liveReleaseNumber } from '../ps/store.js';
import { Release } from './types.js';

/** What a release is now: live, failed, pruned, or nothing special. */
export function releaseStatus(r: Release, live: number | undefined): string {
  if (r.number === live) return 'live';
  if (r.rolledBack) return 'rolled back';
  if (r.failure && !r.live) return 'failed';
  if (r.pruned) return 'pruned';
  return r.live ? 'retired' : 'not deployed';
}

export function describeRelease(r: Release): string {
  if (r.rolledBack) return `${describeDeploy(r)}; rolled back to v${r.rolledBack.to}: ${r.rolledBack.reason}`;
  return describeDeploy(r);
}

function describeDeploy(r: Release): string {
  if (r.rollbackOf) return `Rollback to v${r.rollbackOf}`;
  const what = shortRev(r.rev);
  return [what ? `Deploy ${what}` : 'Deploy', r.builder ? `(${r.builder})` : ''].filter(Boolean).join(' ');
}

function shortRev(rev: string): string {
  return /^[0-9a-f]{40}$/.test(rev) ? rev.slice(0, 7) : rev;
}

/** A release without its config values (secrets): what list and info print. */
export function publicRelease(r: Release, live: number | undefined): Record<string, unknown> {
  return {
    number: r.number,
    status: releaseStatus(r, live),
    current: r.number === live,
    image: r.image,
    builder: r.builder,
    rev: r.rev,
    description: describeRelease(r),
    pushedBy: r.pushedBy,
    createdAt: r.createdAt,
    deployedAt: r.deployedAt ?? null,
    wentLive: r.live,
    processes: r.processes,
    configKeys: Object.keys(r.config ?? {}).sort(),
    rollbackOf: r.rollbackOf ?? null,
    failure: r.failure ?? null,
    rolledBack: r.rolledBack ?? null,
    pruned: r.pruned ?? false,
  };
}

/** Table rows for releases:list, newest first (pure). */
export function releaseTable(releases: Release[], live: number | undefined): string[] {
  const rows = [...releases]
    .sort((a, b) => b.number - a.number)
    .map((r) => [`v${r.number}`, releaseStatus(r, live), r.createdAt, r.pushedBy, describeRelease(r)]);
  const head = ['Release', 'Status', 'Created', 'By', 'Description'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (cols: string[]) => cols.map((c, i) => (i === cols.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [fmt(head), ...rows.map(fmt)];
}

function parseReleaseArg(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const s = v.replace(/^v/, '');
  if (!/^[1-9][0-9]*$/.test(s))
    throw new UsageError(`Invalid release ${JSON.stringify(v)}: use a release number like 3 or v3`);
  return Number(s);
}

export const commands: CommandSpec[] = [
  {
    name: 'releases',
    access: 'app',
    usage: '<app> [--format json]',
    summary: "List an app's releases (same as releases:list)",
    app: true,
    string: ['format'],
    run: (ctx) => listCommand(ctx.args, flagString(ctx.flags, 'format')),
  },
  {
    name: 'releases:list',
    access: 'app',
    usage: '<app> [--format json]',
    summary: "List an app's releases, newest first",
    app: true,
    string: ['format'],
    run: (ctx) => listCommand(ctx.args, flagString(ctx.flags, 'format')),
  },
  {
    name: 'releases:info',
    access: 'app',
    usage: '<app> <release> [--format json]',
    summary: 'Show one release: image, processes, config keys, who and when',
    app: true,
    string: ['format'],
    async run(ctx) {
      requireArgs(ctx, { name: 'releases:info', usage: '<app> <release>' }, 2);
      const app = requireApp(ctx.args[0]);
      const r = requireRelease(app, parseReleaseArg(ctx.args[1])!);
      const live = liveReleaseNumber(app);
      if (flagString(ctx.flags, 'format') === 'json') return void out(JSON.stringify(publicRelease(r, live)));
      const rows: ReportRow[] = [
        { key: 'release', value: `v${r.number}` },
        { key: 'status', value: releaseStatus(r, live) },
        { key: 'description', value: describeRelease(r) },
        { key: 'image', value: r.image },
        { key: 'builder', value: r.builder },
        { key: 'rev', value: r.rev, label: 'Git rev' },
        { key: 'pushed-by', value: r.pushedBy },
        { key: 'created-at', value: r.createdAt },
        { key: 'deployed-at', value: r.deployedAt ?? '' },
        {
          key: 'processes',
          value: Object.entries(r.processes)
            .map(([p, c]) => `${p}: ${c || '(image default)'}`)
            .join('; '),
        },
        { key: 'release-command', value: r.releaseCommand ?? '' },
        {
          key: 'config-keys',
          value: Object.keys(r.config ?? {})
            .sort()
            .join(' '),
        },
      ];
      if (r.failure) rows.push({ key: 'failure', value: r.failure });
      printReport(`${app} release v${r.number}`, rows, { format: flagString(ctx.flags, 'format') });
    },
  },
  {
    name: 'releases:rollback',
    access: 'app',
    usage: '<app> [<release>]',
    summary: 'Deploy an earlier release again, image and config (default: the one before the live one)',
    app: true,
    async run(ctx) {
      requireArgs(ctx, { name: 'releases:rollback', usage: '<app> [<release>]' }, 1);
      if (ctx.args.length > 2) throw new UsageError('Usage: paas releases:rollback <app> [<release>]');
      const app = requireApp(ctx.args[0]);
      const n = parseReleaseArg(ctx.args[1]);
      const { rollbackRelease } = await import('../lifecycle/deploy.js');
      await withAppLock(app, () => rollbackRelease(app, n));
    },
  },
  {
    name: 'releases:set',
    access: 'app',
    usage: '<app>|--global keep [<count>]',
    summary: 'How many release images to keep (default 5); no value resets',
    app: true,
    boolean: ['global'],
    async run(ctx) {
      const global = ctx.flags.global === true;
      const args = global ? [GLOBAL, ...ctx.args] : ctx.args;
      if (args.length < 2 || args.length > 3)
        throw new UsageError('Usage: paas releases:set <app>|--global keep [<count>]');
      const scope = global ? GLOBAL : requireApp(args[0]);
      if (args[1] !== 'keep') throw new UsageError(`Invalid releases property ${JSON.stringify(args[1])}: valid: keep`);
      const value = args[2];
      if (value !== undefined && value !== '') validatePositiveInt(value, 'keep', 1);
      setOrClearProp('releases', scope, 'keep', value);
    },
  },
  {
    name: 'releases:report',
    access: 'app',
    usage: '[<app>] [--format json] [--releases-keep|--releases-live|--releases-count]',
    summary: 'Show release settings of an app',
    app: true,
    string: ['format'],
    boolean: ['releases-keep', 'releases-live', 'releases-count'],
    async run(ctx) {
      requireArgs(ctx, { name: 'releases:report', usage: '<app>' }, 1);
      const app = requireApp(ctx.args[0]);
      const live = liveReleaseNumber(app);
      printReport(
        `${app} releases information`,
        [
          { key: 'releases-keep', value: String(releaseKeep(app)), label: 'Releases keep' },
          { key: 'releases-live', value: live ? `v${live}` : '', label: 'Releases live' },
          { key: 'releases-count', value: String(listReleases(app).length), label: 'Releases count' },
        ],
        ctx.flags,
      );
    },
  },
];

async function listCommand(args: string[], format: string | undefined): Promise<void> {
  requireArgs({ args, flags: {} }, { name: 'releases:list', usage: '<app> [--format json]' }, 1);
  const app = requireApp(args[0]);
  const releases = listReleases(app);
  const live = liveReleaseNumber(app);
  if (jsonOrPlain(format) === 'json')
    return void out(JSON.stringify([...releases].reverse().map((r) => publicRelease(r, live))));
  out(`=====> ${app} releases`);
  if (!releases.length) return void out('       (no releases yet)');
  for (const l of releaseTable(releases, live)) out(`       ${l}`.trimEnd());
}
