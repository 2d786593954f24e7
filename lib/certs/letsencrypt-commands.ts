// letsencrypt:* with dokku-letsencrypt's names: set, enable, disable, revoke, active, list, report,
// cron-job, auto-renew.
import { CommandContext, CommandSpec, requireArgs } from '../cli/command.js';
import { UsageError } from '../core/errors.js';
import { out, step } from '../core/log.js';
import { printReport, ReportRow } from '../cli/report.js';
import { reportTargets, requireApp } from '../apps/store.js';
import { GLOBAL, readProp } from '../state/props.js';
import { addCronJob, cronJobInstalled, removeCronJob } from './cron.js';
import { disableLetsencrypt, enableLetsencrypt, revokeLetsencrypt } from './letsencrypt.js';
import {
  formatDuration,
  isLetsencryptEnabled,
  NS,
  readSettings,
  setSetting,
  SETTING_KEYS,
  SettingKey,
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
  const global = ctx.flags.global === true;
  const rest = global ? ctx.args : ctx.args.slice(1);
  if (!global && ctx.args.length === 0) throw new UsageError(`Usage: paas letsencrypt:set ${usage}`);
  const scope = global ? GLOBAL : requireApp(ctx.args[0]);
  const [key, value, ...extra] = rest;
  if (!key) throw new UsageError(`Usage: paas letsencrypt:set ${usage}`);
  if (!(SETTING_KEYS as readonly string[]).includes(key))
    throw new UsageError(`Invalid letsencrypt property ${JSON.stringify(key)}: use one of ${SETTING_KEYS.join(', ')}`);
  if (extra.length) throw new UsageError(`Unexpected argument(s): ${extra.join(' ')}`);
  setSetting(scope, key as SettingKey, value);
  const who = global ? 'global' : scope;
  step(value ? `Setting ${key} to ${value} (${who})` : `Unsetting ${key} (${who})`);
}

function reportRows(app: string): ReportRow[] {
  const s = readSettings(app);
  const c = isLetsencryptEnabled(app) ? readCertificateInfo(app) : undefined;
  const row = (key: string, value: string): ReportRow => ({ key: `letsencrypt-${key}`, value });
  const rows = [row('active', String(isLetsencryptEnabled(app))), row('autorenew', String(cronJobInstalled()))];
  const defaults: Record<SettingKey, string> = { email: '', server: 'production', 'renew-days': '30', 'ca-bundle': '' };
  const computed: Record<SettingKey, string> = {
    email: s.email,
    server: s.serverUrl,
    'renew-days': String(s.renewDays),
    'ca-bundle': s.caBundle,
  };
  for (const k of SETTING_KEYS) {
    rows.push(row(`computed-${k}`, computed[k] || defaults[k]));
    rows.push(row(`global-${k}`, readProp(NS, GLOBAL, k)));
    rows.push(row(k, readProp(NS, app, k)));
  }
  rows.push(row('expiration', c?.expiresAt ?? ''));
  return rows;
}

const REPORT_FLAGS = (() => {
  const keys = ['active', 'autorenew', 'expiration'];
  for (const k of SETTING_KEYS) keys.push(`computed-${k}`, `global-${k}`, k);
  return keys.map((k) => `letsencrypt-${k}`);
})();

interface ListEntry {
  app: string;
  domains: string[];
  expires: string;
  expiresIn: string;
  renewIn: string;
}

function listEntries(now = new Date()): ListEntry[] {
  return letsencryptApps().map((app) => {
    const c = readCertificateInfo(app);
    const renewDays = readSettings(app).renewDays;
    if (!c) return { app, domains: [], expires: 'no certificate', expiresIn: '', renewIn: 'now' };
    const left = c.notAfter.getTime() - now.getTime();
    const renew = left - renewDays * 86_400_000;
    return {
      app,
      domains: c.hostnames,
      expires: c.notAfter
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ''),
      expiresIn: formatDuration(left),
      renewIn: renew > 0 ? formatDuration(renew) : 'due now',
    };
  });
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
    usage: '<app>',
    summary: "Get a Let's Encrypt certificate for the app's domains and serve it (renews if run again)",
    app: true,
    async run(ctx) {
      await enableLetsencrypt(appArg(ctx, 'letsencrypt:enable'));
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
    summary: "List apps secured by Let's Encrypt with their domains and expiry",
    string: ['format'],
    async run(ctx) {
      const entries = listEntries();
      if (jsonOrPlain(ctx.flags.format) === 'json') return void out(JSON.stringify(entries));
      const rows = [['App name', 'Domains', 'Certificate Expiry', 'Time before expiry', 'Time before renewal']];
      for (const e of entries) rows.push([e.app, e.domains.join(',') || '-', e.expires, e.expiresIn, e.renewIn]);
      const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)) + 2);
      rows.forEach((r, i) =>
        out(
          `${i === 0 ? '-----> ' : '       '}${r
            .map((v, j) => v.padEnd(widths[j]))
            .join('')
            .trimEnd()}`,
        ),
      );
    },
  },
  {
    name: 'letsencrypt:report',
    access: 'app',
    usage: '[<app>] [--format json] [--letsencrypt-<field>]',
    summary: "Show Let's Encrypt settings and status for one app or all apps",
    app: true,
    boolean: REPORT_FLAGS,
    string: ['format'],
    async run(ctx) {
      const apps = reportTargets(ctx.args[0]);
      for (const app of apps) printReport(`${app} letsencrypt information`, reportRows(app), ctx.flags);
    },
  },
  {
    name: 'letsencrypt:cron-job',
    usage: '--add|--remove',
    summary: 'Add or remove the daily renewal cron job (runs paas-certs-renew as the paas user)',
    boolean: ['add', 'remove'],
    async run(ctx) {
      const add = ctx.flags.add === true;
      const remove = ctx.flags.remove === true;
      if (add === remove || ctx.args.length) throw new UsageError('Usage: paas letsencrypt:cron-job --add|--remove');
      if (add) step(`Added the renewal cron job: ${addCronJob()}`);
      else step(`Removed the renewal cron job: ${removeCronJob()}`);
    },
  },
  {
    name: 'letsencrypt:auto-renew',
    access: 'app',
    usage: '[<app>] [--force]',
    summary: "Renew certificates that are within renew-days of expiry (all Let's Encrypt apps, or one)",
    app: true,
    boolean: ['force'],
    async run(ctx) {
      const apps = ctx.args.length ? [appArg(ctx, 'letsencrypt:auto-renew')] : letsencryptApps();
      for (const app of apps)
        if (!isLetsencryptEnabled(app))
          throw new UsageError(`Let's Encrypt is not enabled for ${app}; run letsencrypt:enable ${app}`);
      if (apps.length === 0) return void step("No app uses Let's Encrypt; nothing to renew");
      const { failed } = await renewApps(apps, { force: ctx.flags.force === true });
      return failed ? 1 : 0;
    },
  },
];
