// builder-dockerfile:report and builder-dockerfile:set (dockerfile-path), as in Dokku.
import { CommandContext, CommandSpec } from '../cli/command.js';
import { printReport, ReportRow } from '../cli/report.js';
import { reportTargets } from '../apps/store.js';
import { reportTarget } from '../cli/report-target.js';
import { GLOBAL, readProp } from '../state/props.js';
import { propertySetCommand } from './set-command.js';
import { DOCKERFILE_KEYS, DOCKERFILE_NS, readBuilderSettings } from './settings.js';

function dockerfileReportRows(app: string): ReportRow[] {
  return [
    { key: 'builder-dockerfile-computed-dockerfile-path', value: readBuilderSettings(app).dockerfilePath },
    { key: 'builder-dockerfile-global-dockerfile-path', value: readProp(DOCKERFILE_NS, GLOBAL, 'dockerfile-path') },
    { key: 'builder-dockerfile-dockerfile-path', value: readProp(DOCKERFILE_NS, app, 'dockerfile-path') },
  ];
}

const reportSpec: CommandSpec = {
  name: 'builder-dockerfile:report',
  access: 'app',
  usage: '[<app>|--global] [--format json] [<flag>]',
  summary: 'Show the Dockerfile builder settings of one app, every app, or the global settings',
  app: true,
  string: ['format'],
  looseFlags: true,
  async run(ctx: CommandContext) {
    const t = reportTarget(ctx);
    if (t.global) {
      const global = readProp(DOCKERFILE_NS, GLOBAL, 'dockerfile-path');
      const rows = [
        { key: 'builder-dockerfile-computed-dockerfile-path', value: global || 'Dockerfile' },
        { key: 'builder-dockerfile-global-dockerfile-path', value: global },
      ];
      return void printReport('--global builder-dockerfile information', rows, t.flags);
    }
    for (const app of reportTargets(t.app))
      printReport(`${app} builder-dockerfile information`, dockerfileReportRows(app), t.flags);
  },
};

export const commands: CommandSpec[] = [
  reportSpec,
  propertySetCommand(
    'builder-dockerfile:set',
    DOCKERFILE_NS,
    DOCKERFILE_KEYS,
    'Set or clear the Dockerfile path (dockerfile-path)',
  ),
];
