import { CommandSpec } from '../cli/command.js';

export const commands: CommandSpec[] = [];
