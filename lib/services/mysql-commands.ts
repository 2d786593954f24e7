import { serviceCommands } from './commands.js';

export const commands = serviceCommands('mysql');
