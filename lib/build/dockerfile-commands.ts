// builder-dockerfile:report and builder-dockerfile:set (dockerfile-path), as in Dokku.
import { CommandContext, CommandSpec } from '../cli/command.js';
import { printReport, ReportRow } from '../cli/report.js';
import { reportTargets } from '../apps/store.js';
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
  usage: '[<app>] [--format json] [<flag>]',
  summary: 'Show the Dockerfile builder settings of one app or every app',
  app: true,
  string: ['format'],
  looseFlags: true,
  async run(ctx: CommandContext) {
    const apps = reportTargets(ctx.args[0]);
    for (const app of apps) printReport(`${app} builder-dockerfile information`, dockerfileReportRows(app), ctx.flags);
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
