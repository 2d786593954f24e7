// letsencrypt:* with dokku-letsencrypt's names: set, enable, disable, revoke, active, list, report,
// cron-job, auto-renew.
import { CommandContext, CommandSpec, requireArgs } from '../cli/command.js';
import { PaasError, UsageError } from '../core/errors.js';
import { heading, info, isQuiet, out, step, warn } from '../core/log.js';
import { printReport, ReportRow } from '../cli/report.js';
import { listApps, reportTargets, requireApp } from '../apps/store.js';
import { GLOBAL, readProp } from '../state/props.js';
import { addCronJob, cronJobInstalled, removeCronJob } from './cron.js';
import { disableLetsencrypt, enableLetsencrypt, revokeLetsencrypt } from './letsencrypt.js';
import {
  checkSettingKey,
  formatDuration,
  isLetsencryptEnabled,
  NS,
  readSettings,
  setSetting,
  SETTING_KEYS,
  SettingKey,
  timeToRenewal,
} from './letsencrypt-settings.js';
import { letsencryptApps, renewApps } from './renew.js';
import { readCertificateInfo } from './store.js';
import { jsonOrPlain } from '../core/format.js';

function appArg(ctx: CommandContext, name: string): string {
  requireArgs(ctx, { name, usage: '<app>' }, 1);
  if (ctx.args.length > 1) throw new UsageError(`Unexpected argument(s): ${ctx.args.slice(1).join(' ')}`);
  return requireApp(ctx.args[0]);
}

async function set(ctx: CommandContext): Promise<void> {
  const usage = `(<app>|--global) <${SETTING_KEYS.join('|')}> [VALUE]`;
  const global = ctx.flags.global === true || ctx.args[0] === '--global';
  const rest = ctx.flags.global === true ? ctx.args : ctx.args.slice(1);
  if (!global && ctx.args.length === 0) throw new UsageError(`Usage: paas letsencrypt:set ${usage}`);
  const scope = global ? GLOBAL : requireApp(ctx.args[0]);
  const [keyArg, value, ...extra] = rest;
  const key = checkSettingKey(keyArg);
  if (extra.length) throw new UsageError(`Unexpected argument(s): ${extra.join(' ')}`);
  setSetting(scope, key, value);
  step(value ? `Setting ${key} to ${value}` : `Unsetting ${key}`);
}

/** dokku-letsencrypt's report keys in its order, then paas's own (renew-days, ca-bundle). */
function reportRows(app: string): ReportRow[] {
  const s = readSettings(app);
  const c = isLetsencryptEnabled(app) ? readCertificateInfo(app) : undefined;
  const row = (key: string, value: string): ReportRow => ({ key: `letsencrypt-${key}`, value });
  const computed: Record<SettingKey, string> = {
    email: s.email,
    graceperiod: String(s.graceSeconds),
    server: s.serverUrl,
    'renew-days': String(s.renewDays),
    'ca-bundle': s.caBundle,
  };
  const triple = (k: SettingKey) => [
    row(`computed-${k}`, computed[k]),
    row(`global-${k}`, readProp(NS, GLOBAL, k)),
    row(k, readProp(NS, app, k)),
  ];
  return [
    row('active', String(isLetsencryptEnabled(app))),
    row('autorenew', String(cronJobInstalled())),
    ...triple('email'),
    // Dokku's expiration: seconds since the epoch.
    row('expiration', c ? String(Math.floor(c.notAfter.getTime() / 1000)) : ''),
    ...triple('graceperiod'),
    ...triple('server'),
    ...triple('renew-days'),
    ...triple('ca-bundle'),
  ];
}

/** `letsencrypt:report --global`: the global values only. */
function globalReportRows(): ReportRow[] {
  return SETTING_KEYS.map((k) => ({ key: `letsencrypt-global-${k}`, value: readProp(NS, GLOBAL, k) }));
}

const REPORT_FLAGS = (() => {
  const keys = ['active', 'autorenew', 'expiration'];
  for (const k of SETTING_KEYS) keys.push(`computed-${k}`, `global-${k}`, k);
  return keys.map((k) => `letsencrypt-${k}`);
})();

/** dokku-letsencrypt's JSON: the keys without the `letsencrypt-` prefix (`email`, `global-graceperiod`). */
function reportJson(rows: ReportRow[]): string {
  return JSON.stringify(Object.fromEntries(rows.map((r) => [r.key.replace(/^letsencrypt-/, ''), r.value])));
}

function report(ctx: CommandContext): void {
  const infoFlag = REPORT_FLAGS.some((f) => ctx.flags[f] === true);
  const json = jsonOrPlain(ctx.flags.format) === 'json';
  if (json && infoFlag) throw new UsageError('--format flag cannot be specified when specifying an info flag');
  const targets: { title: string; rows: ReportRow[] }[] =
    ctx.flags.global === true
      ? [{ title: 'global letsencrypt information', rows: globalReportRows() }]
      : reportTargets(ctx.args[0]).map((app) => ({ title: `${app} letsencrypt information`, rows: reportRows(app) }));
  // --global chooses the report; it is not one of its info flags.
  const { global: _global, ...flags } = ctx.flags;
  for (const t of targets) {
    if (json) out(reportJson(t.rows));
    else printReport(t.title, t.rows, flags);
  }
}

interface ListEntry {
  app: string;
  domains: string[];
  expires: string;
  expiresIn: string;
  renewIn: string;
  /** Milliseconds until the renewal window opens, for sorting. */
  untilRenewal: number;
}

/** Apps that have Let's Encrypt and a certificate, soonest renewal first (dokku-letsencrypt's list). */
function listEntries(now = new Date()): ListEntry[] {
  const entries: ListEntry[] = [];
  for (const app of letsencryptApps()) {
    const c = readCertificateInfo(app);
    if (!c) continue;
    const left = c.notAfter.getTime() - now.getTime();
    const renew = timeToRenewal(c.notAfter, readSettings(app).graceSeconds, now);
    entries.push({
      app,
      domains: c.hostnames,
      expires: c.notAfter
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ''),
      expiresIn: formatDuration(left),
      renewIn: renew > 0 ? formatDuration(renew) : 'due now',
      untilRenewal: renew,
    });
  }
  return entries.sort((a, b) => a.untilRenewal - b.untilRenewal);
}

/** dokku-letsencrypt's auto-renew texts: "needs renewal", "still has ... left before renewal". */
async function autoRenew(ctx: CommandContext): Promise<number> {
  const force = ctx.flags.force === true;
  if (ctx.args.length) {
    const app = appArg(ctx, 'letsencrypt:auto-renew');
    if (!isLetsencryptEnabled(app)) {
      step(`Letsencrypt not enabled for ${app}`);
      return 0;
    }
    const c = readCertificateInfo(app);
    const left = c ? timeToRenewal(c.notAfter, readSettings(app).graceSeconds) : -1;
    if (left > 0 && !force) {
      info(`${app} still has ${formatDuration(left)} left before renewal`);
      return 0;
    }
    heading(`Auto-renew ${app}...`);
    const { failed } = await renewApps([app], { force: true });
    return failed ? 1 : 0;
  }
  heading('Auto-renewing all apps...');
  const due: string[] = [];
  const now = new Date();
  const apps = letsencryptApps()
    .map((app) => {
      const c = readCertificateInfo(app);
      return { app, left: c ? timeToRenewal(c.notAfter, readSettings(app).graceSeconds, now) : -1 };
    })
    .sort((a, b) => a.left - b.left);
  for (const { app, left } of apps) {
    if (left <= 0 || force) {
      step(`${app} needs renewal`);
      due.push(app);
    } else info(`${app} still has ${formatDuration(left)} left before renewal`);
  }
  const { failed } = due.length ? await renewApps(due, { force: true }) : { failed: 0 };
  heading('Finished auto-renewal');
  if (failed) throw new PaasError('One or more apps failed to have their certificates renewed');
  return 0;
}

function cronJob(ctx: CommandContext): void {
  // looseFlags: any flag arrives here, so an unknown one gets dokku-letsencrypt's "Invalid flag" text.
  const given = [...Object.keys(ctx.flags).map((f) => (f.length === 1 ? `-${f}` : `--${f}`)), ...ctx.args];
  const [flag, ...extra] = given;
  if (extra.length) throw new UsageError(`Unexpected argument(s): ${extra.join(' ')}`);
  if (flag === '--add') return void step(`Added the renewal cron job: ${addCronJob()}`);
  if (flag === '--remove') return void step(`Removed the renewal cron job: ${removeCronJob()}`);
  if (flag !== undefined)
    throw new UsageError(`Invalid flag '${flag}', specify --add, --remove, or no flag to display status.`);
  if (cronJobInstalled()) {
    heading('Auto-renew cron job is enabled');
    info("Run 'paas letsencrypt:cron-job --remove' to disable.");
  } else {
    heading('Auto-renew cron job is not enabled');
    info("Run 'paas letsencrypt:cron-job --add' to enable.");
  }
}

export const commands: CommandSpec[] = [
  {
    name: 'letsencrypt:set',
    access: 'app',
    usage: `(<app>|--global) <${SETTING_KEYS.join('|')}> [VALUE]`,
    summary: "Set or clear (no VALUE) a Let's Encrypt property for an app or globally",
    app: true,
    boolean: ['global'],
    run: set,
  },
  {
    name: 'letsencrypt:enable',
    access: 'app',
    usage: '<app>|--all [--force]',
    summary: "Get a Let's Encrypt certificate for the app's domains and serve it (again only when due, or --force)",
    app: true,
    boolean: ['force', 'f', 'all'],
    async run(ctx) {
      const force = ctx.flags.force === true || ctx.flags.f === true;
      if (ctx.flags.all === true) {
        if (ctx.args.length) throw new UsageError(`Unexpected argument(s): ${ctx.args.join(' ')}`);
        let failed = 0;
        for (const app of listApps()) {
          try {
            await enableLetsencrypt(app, { force });
          } catch (e) {
            warn(`${app}: ${(e as Error).message}`);
            failed++;
          }
        }
        return failed ? 1 : 0;
      }
      await enableLetsencrypt(appArg(ctx, 'letsencrypt:enable'), { force });
    },
  },
  {
    name: 'letsencrypt',
    access: 'app',
    usage: '<app>',
    summary: 'Same as letsencrypt:enable',
    app: true,
    async run(ctx) {
      await enableLetsencrypt(appArg(ctx, 'letsencrypt'));
    },
  },
  {
    name: 'letsencrypt:disable',
    access: 'app',
    usage: '<app>',
    summary: "Stop using Let's Encrypt for an app and remove its certificate",
    app: true,
    async run(ctx) {
      await disableLetsencrypt(appArg(ctx, 'letsencrypt:disable'));
    },
  },
  {
    name: 'letsencrypt:revoke',
    access: 'app',
    usage: '<app>',
    summary: "Revoke the app's Let's Encrypt certificate and stop serving it",
    app: true,
    async run(ctx) {
      await revokeLetsencrypt(appArg(ctx, 'letsencrypt:revoke'));
    },
  },
  {
    name: 'letsencrypt:active',
    access: 'app',
    usage: '<app>',
    summary: "Print true when Let's Encrypt manages the app's certificate",
    app: true,
    async run(ctx) {
      out(String(isLetsencryptEnabled(appArg(ctx, 'letsencrypt:active'))));
    },
  },
  {
    name: 'letsencrypt:list',
    usage: '[--format json]',
    summary: "List apps secured by Let's Encrypt with their certificate expiry",
    string: ['format'],
    async run(ctx) {
      const entries = listEntries();
      if (jsonOrPlain(ctx.flags.format) === 'json')
        return void out(JSON.stringify(entries.map(({ untilRenewal: _u, ...e }) => e)));
      // dokku-letsencrypt's four columns, in its order (scripts cut them).
      const rows = [['App name', 'Certificate Expiry', 'Time before expiry', 'Time before renewal']];
      for (const e of entries) rows.push([e.app, e.expires, e.expiresIn, e.renewIn]);
      const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)) + 2);
      rows.forEach((r, i) => {
        if (i === 0 && isQuiet()) return;
        out(
          `${i === 0 ? '-----> ' : '       '}${r
            .map((v, j) => v.padEnd(widths[j]))
            .join('')
            .trimEnd()}`,
        );
      });
    },
  },
  {
    name: 'letsencrypt:report',
    access: 'app',
    usage: '[<app>|--global] [--format json] [--letsencrypt-<field>]',
    summary: "Show Let's Encrypt settings and status for one app, all apps, or the global values",
    app: true,
    boolean: [...REPORT_FLAGS, 'global'],
    string: ['format'],
    async run(ctx) {
      report(ctx);
    },
  },
  {
    name: 'letsencrypt:cron-job',
    usage: '[--add|--remove]',
    summary: 'Add or remove the daily renewal cron job (runs paas-certs-renew as the paas user); no flag: its status',
    looseFlags: true,
    async run(ctx) {
      cronJob(ctx);
    },
  },
  {
    name: 'letsencrypt:auto-renew',
    access: 'app',
    usage: '[<app>] [--force]',
    summary: "Renew certificates that are within their grace period of expiry (all Let's Encrypt apps, or one)",
    app: true,
    boolean: ['force'],
    run: autoRenew,
  },
  {
    name: 'letsencrypt:cleanup',
    access: 'app',
    usage: '<app>',
    summary: 'Remove stale certificate directories (paas keeps none: it only says so)',
    app: true,
    async run(ctx) {
      const app = appArg(ctx, 'letsencrypt:cleanup');
      heading(`Cleaning up stale certificate directories for ${app}`);
      info('paas keeps one certificate per app (no per-configuration directories): nothing to remove');
    },
  },
];
