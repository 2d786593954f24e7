// The shared shape of builder:set and builder-dockerfile:set: `[--global|APP] KEY [VALUE]`, where an
// empty value clears the property. Values are validated before anything is written.
import { CommandSpec } from '../cli/command.js';
import { UsageError } from '../core/errors.js';
import { step } from '../core/log.js';
import { requireApp } from '../apps/store.js';
import { GLOBAL, setOrClearProp } from '../state/props.js';
import { validateBuilderProp } from './settings.js';

export function propertySetCommand(name: string, ns: string, keys: readonly string[], summary: string): CommandSpec {
  const spec: CommandSpec = {
    name,
    access: 'app',
    usage: '[--global|<app>] <key> [<value>]',
    summary,
    boolean: ['global'],
    async run(ctx) {
      const scope = ctx.flags.global ? GLOBAL : requireApp(ctx.args[0]);
      const rest = ctx.flags.global ? ctx.args : ctx.args.slice(1);
      const key = rest[0];
      if (!key) throw new UsageError(`Usage: paas ${name} ${spec.usage}`);
      if (!keys.includes(key))
        throw new UsageError(`Invalid ${ns} property ${JSON.stringify(key)} (use ${keys.join(', ')})`);
      if (rest.length > 2) throw new UsageError(`Too many arguments: paas ${name} ${spec.usage}`);
      const value = rest[1] === undefined || rest[1] === '' ? undefined : validateBuilderProp(key, rest[1]);
      setOrClearProp(ns, scope, key, value);
      const who = scope === GLOBAL ? 'globally' : `for ${scope}`;
      step(value === undefined ? `Unsetting ${key} ${who}` : `Setting ${key} to ${value} ${who}`);
    },
  };
  return spec;
}
