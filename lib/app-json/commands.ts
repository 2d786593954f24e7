// app-json:set and app-json:report, as Dokku's app-json plugin (appjson-path: where app.json sits).
import { CommandSpec } from '../cli/command.js';
import { UsageError } from '../core/errors.js';
import { step, warn } from '../core/log.js';
import { printReport, ReportRow } from '../cli/report.js';
import { reportTarget } from '../cli/report-target.js';
import { listApps, requireApp } from '../apps/store.js';
import { GLOBAL } from '../state/props.js';
import { APP_JSON_PROPERTIES, computedAppJsonPath, rawAppJsonPath, setAppJsonProp } from './settings.js';

function appRows(app: string): ReportRow[] {
  return [
    { key: 'app-json-appjson-path', value: rawAppJsonPath(app) },
    { key: 'app-json-computed-appjson-path', value: computedAppJsonPath(app) },
    { key: 'app-json-global-appjson-path', value: rawAppJsonPath(GLOBAL) },
  ];
}

export const commands: CommandSpec[] = [
  {
    name: 'app-json:set',
    access: 'app',
    usage: '[--global|<app>] appjson-path [<value>]',
    summary: `Set or clear an app-json property (${APP_JSON_PROPERTIES.join(', ')}); an empty value clears it`,
    app: true,
    boolean: ['global'],
    async run(ctx) {
      const global = ctx.flags.global === true;
      const scope = global ? GLOBAL : requireApp(ctx.args[0]);
      const [key, value = '', ...extra] = global ? ctx.args : ctx.args.slice(1);
      if (!key || extra.length) throw new UsageError(`Usage: paas app-json:set ${this.usage}`);
      setAppJsonProp(scope, key, value);
      step(value ? `Setting ${key} to ${value}` : `Unsetting ${key}`);
    },
  },
  {
    name: 'app-json:report',
    access: 'app',
    usage: '[<app>|--global] [--format stdout|json] [--app-json-<property>]',
    summary: 'Show where app.json is read from, for one app, all apps, or globally',
    string: ['format'],
    looseFlags: true,
    async run(ctx) {
      const t = reportTarget(ctx);
      if (t.global)
        return void printReport(
          '--global app-json information',
          [{ key: 'app-json-global-appjson-path', value: rawAppJsonPath(GLOBAL) }],
          t.flags,
        );
      const apps = t.app ? [requireApp(t.app)] : listApps();
      if (apps.length === 0) return void warn("You haven't deployed any applications yet");
      for (const app of apps) printReport(`${app} app-json information`, appRows(app), t.flags);
    },
  },
];
