// builder:report and builder:set, Dokku's builder management commands.
import fs from 'node:fs';
import path from 'node:path';
import { CommandContext, CommandSpec } from '../cli/command.js';
import { printReport, ReportRow } from '../cli/report.js';
import { reportTargets } from '../apps/store.js';
import { reportTarget } from '../cli/report-target.js';
import { GLOBAL, readProp } from '../state/props.js';
import { sourceDir } from './build.js';
import {
  chooseNodeVersion,
  choosePythonVersion,
  DEFAULT_NODE_MAJOR,
  DEFAULT_PYTHON,
  DEFAULT_STATIC_IMAGE,
} from './runtime.js';
import { propertySetCommand } from './set-command.js';
import { BUILDER_KEYS, BUILDER_NS, BUILDERS, readBuilderSettings } from './settings.js';

function readPackageJson(dir: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Base images the next build would use: the property, else the default for the pushed source's version. */
function computedImages(app: string): Record<string, string> {
  const s = readBuilderSettings(app);
  const dir = path.join(sourceDir(app), s.buildDir);
  const safe = (f: () => string) => {
    try {
      return f();
    } catch {
      return '';
    }
  };
  return {
    'node-image': s.nodeImage || safe(() => `paas/node:${chooseNodeVersion(dir, readPackageJson(dir)).version}`),
    'python-image': s.pythonImage || safe(() => `paas/python:${choosePythonVersion(dir).version}`),
    'static-image': s.staticImage || DEFAULT_STATIC_IMAGE,
    'procfile-path': s.procfilePath,
    'skip-cleanup': String(s.skipCleanup),
  };
}

/** `builder:report --global`: the global values, and what an app with no setting of its own gets. */
function globalReportRows(): ReportRow[] {
  const g = (k: string) => readProp(BUILDER_NS, GLOBAL, k);
  const computedDefault: Record<string, string> = {
    'node-image': g('node-image') || `paas/node:${DEFAULT_NODE_MAJOR}`,
    'python-image': g('python-image') || `paas/python:${DEFAULT_PYTHON}`,
    'static-image': g('static-image') || DEFAULT_STATIC_IMAGE,
    'procfile-path': g('procfile-path') || 'Procfile',
    'skip-cleanup': g('skip-cleanup') || 'false',
  };
  const rows: ReportRow[] = [];
  for (const key of BUILDER_KEYS)
    rows.push(
      { key: `builder-computed-${key}`, value: computedDefault[key] ?? g(key) },
      { key: `builder-global-${key}`, value: g(key) },
    );
  return rows.sort((x, y) => x.key.localeCompare(y.key));
}

function builderReportRows(app: string): ReportRow[] {
  const a = (k: string) => readProp(BUILDER_NS, app, k);
  const g = (k: string) => readProp(BUILDER_NS, GLOBAL, k);
  const computed = computedImages(app);
  const rows: ReportRow[] = [];
  for (const key of BUILDER_KEYS) {
    const value = computed[key] ?? (a(key) || g(key));
    rows.push(
      { key: `builder-computed-${key}`, value },
      { key: `builder-global-${key}`, value: g(key) },
      { key: `builder-${key}`, value: a(key) },
    );
  }
  return rows.sort((x, y) => x.key.localeCompare(y.key));
}

const reportSpec: CommandSpec = {
  name: 'builder:report',
  access: 'app',
  usage: '[<app>|--global] [--format json] [<flag>]',
  summary: 'Show the builder settings of one app, every app, or the global settings',
  app: true,
  string: ['format'],
  looseFlags: true,
  async run(ctx: CommandContext) {
    const t = reportTarget(ctx);
    if (t.global) return void printReport('--global builder information', globalReportRows(), t.flags);
    for (const app of reportTargets(t.app)) printReport(`${app} builder information`, builderReportRows(app), t.flags);
  },
};

export const commands: CommandSpec[] = [
  reportSpec,
  propertySetCommand(
    'builder:set',
    BUILDER_NS,
    BUILDER_KEYS,
    `Set or clear a builder property (selected: ${BUILDERS.join('|')}; build-dir, procfile-path, node-image, python-image, static-image, skip-cleanup)`,
  ),
];
