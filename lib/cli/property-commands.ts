// NS:set and NS:report of a namespace of plain properties with Dokku's raw, global and computed values
// (scheduler, scheduler-docker-local; builds:set): one shape for every such namespace.
import { CommandSpec } from './command.js';
import { printReport, ReportRow } from './report.js';
import { reportTarget } from './report-target.js';
import { UsageError } from '../core/errors.js';
import { step } from '../core/log.js';
import { reportTargets, requireApp } from '../apps/store.js';
import { GLOBAL, setOrClearProp } from '../state/props.js';

export interface PropertyNamespace {
  /** The command namespace and report prefix ("scheduler"). */
  name: string;
  /** The props namespace the values live in. */
  propsNs: string;
  keys: readonly string[];
  setSummary: string;
  reportSummary: string;
  examples?: string[];
  raw(scope: string, key: string): string;
  computed(scope: string, key: string): string;
  /** Returns the value to store or throws a UsageError. */
  validate(key: string, value: string): string;
}

function reportRows(p: Pick<PropertyNamespace, 'name' | 'keys' | 'raw' | 'computed'>, scope: string): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const key of p.keys) {
    rows.push(
      { key: `${p.name}-computed-${key}`, value: p.computed(scope, key) },
      { key: `${p.name}-global-${key}`, value: p.raw(GLOBAL, key) },
    );
    if (scope !== GLOBAL) rows.push({ key: `${p.name}-${key}`, value: p.raw(scope, key) });
  }
  return rows;
}

/** `NS:set [--global|APP] KEY [VALUE]`: validate and store one property (no value clears it). */
export function propertySetSpec(
  p: Pick<PropertyNamespace, 'name' | 'propsNs' | 'keys' | 'setSummary' | 'examples' | 'validate'>,
): CommandSpec {
  const setSpec: CommandSpec = {
    name: `${p.name}:set`,
    access: 'app',
    usage: '[--global|<app>] <key> [<value>]',
    summary: p.setSummary,
    examples: p.examples,
    boolean: ['global'],
    async run(ctx) {
      const scope = ctx.flags.global ? GLOBAL : requireApp(ctx.args[0]);
      const rest = ctx.flags.global ? ctx.args : ctx.args.slice(1);
      const [key, value] = rest;
      if (!key || rest.length > 2) throw new UsageError(`Usage: paas ${setSpec.name} ${setSpec.usage}`);
      if (!p.keys.includes(key))
        throw new UsageError(`Invalid ${p.name} property ${JSON.stringify(key)} (use ${p.keys.join(', ')})`);
      const v = value === undefined || value === '' ? undefined : p.validate(key, value);
      setOrClearProp(p.propsNs, scope, key, v);
      const who = scope === GLOBAL ? 'globally' : `for ${scope}`;
      step(v === undefined ? `Unsetting ${key} ${who}` : `Setting ${key} to ${v} ${who}`);
    },
  };
  return setSpec;
}

/** `NS:report [APP|--global] [--format json] [--FLAG]`: raw, global and computed value of each key. */
export function propertyReportSpec(
  p: Pick<PropertyNamespace, 'name' | 'keys' | 'reportSummary' | 'raw' | 'computed'>,
): CommandSpec {
  return {
    name: `${p.name}:report`,
    access: 'app',
    usage: '[<app>|--global] [--format json] [<flag>]',
    summary: p.reportSummary,
    app: true,
    string: ['format'],
    looseFlags: true,
    async run(ctx) {
      const t = reportTarget(ctx);
      if (t.global) return void printReport(`--global ${p.name} information`, reportRows(p, GLOBAL), t.flags);
      for (const app of reportTargets(t.app)) printReport(`${app} ${p.name} information`, reportRows(p, app), t.flags);
    },
  };
}

/** The report and set commands of one property namespace. */
export function propertyCommands(p: PropertyNamespace): CommandSpec[] {
  return [propertyReportSpec(p), propertySetSpec(p)];
}
