// scheduler-docker-local:set and :report, Dokku's settings of the scheduler that runs the containers.
import { CommandSpec } from '../cli/command.js';
import { propertyCommands } from '../cli/property-commands.js';
import {
  computedSchedulerSetting,
  rawSchedulerSetting,
  SCHEDULER_KEYS,
  SCHEDULER_NS,
  SchedulerKey,
  validateSchedulerProp,
} from './store.js';

export const commands: CommandSpec[] = propertyCommands({
  name: 'scheduler-docker-local',
  propsNs: SCHEDULER_NS,
  keys: SCHEDULER_KEYS,
  setSummary: `Set or clear a scheduler-docker-local property (${SCHEDULER_KEYS.join(', ')})`,
  reportSummary: 'Show the scheduler-docker-local settings of one app, every app, or the global settings',
  raw: (scope, key) => rawSchedulerSetting(scope, key as SchedulerKey),
  computed: (scope, key) => computedSchedulerSetting(scope, key as SchedulerKey),
  validate: validateSchedulerProp,
});
