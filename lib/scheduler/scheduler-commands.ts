// scheduler:set and scheduler:report, Dokku's scheduler plugin: the scheduler selected for an app and the
// shell that `paas enter` starts.
import { CommandSpec } from '../cli/command.js';
import { propertyCommands } from '../cli/property-commands.js';
import {
  computedSchedulerValue,
  rawSchedulerValue,
  SCHEDULER_SETTING_KEYS,
  SCHEDULER_SETTINGS_NS,
  SchedulerSettingKey,
  SCHEDULERS,
  validateSchedulerSetting,
} from './settings.js';

export const commands: CommandSpec[] = propertyCommands({
  name: 'scheduler',
  propsNs: SCHEDULER_SETTINGS_NS,
  keys: SCHEDULER_SETTING_KEYS,
  setSummary: `Set or clear a scheduler property (selected: ${SCHEDULERS.join('|')}; shell: the shell of paas enter)`,
  reportSummary: 'Show the scheduler settings of one app, every app, or the global settings',
  examples: ['paas scheduler:set --global shell sh', 'paas scheduler:set node-js-app shell'],
  raw: (scope, key) => rawSchedulerValue(scope, key as SchedulerSettingKey),
  computed: (scope, key) => computedSchedulerValue(scope, key as SchedulerSettingKey),
  validate: validateSchedulerSetting,
});
