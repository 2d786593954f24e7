// `paas report [APP|--all]`, as Dokku's: the host's vitals for a bug report, then every namespace's
// report of the app (or of every app).
import os from 'node:os';
import { execa } from 'execa';
import { CommandSpec, parseArgs } from '../cli/command.js';
import { loadNamespace, namespaces } from '../cli/registry.js';
import { VERSION } from '../cli/version.js';
import { UsageError } from '../core/errors.js';
import { out, step, warn } from '../core/log.js';
import { listApps, requireApp } from '../apps/store.js';

/** A command's output, indented under its heading; a missing program is a warning, not a failure. */
async function section(title: string, cmd: string, args: string[]): Promise<void> {
  const r = await execa(cmd, args, { reject: false, all: true, timeout: 15_000 });
  if (r.failed && r.exitCode === undefined) {
    warn(`${title}: ${cmd} is not available`);
    return;
  }
  const text = (r.all ?? '').trimEnd();
  if (!text.includes('\n')) {
    step(`${title}: ${text}`);
    return;
  }
  step(`${title}:`);
  for (const line of text.split('\n')) out(`       ${line}`.trimEnd());
}

async function hostReport(): Promise<void> {
  await section('uname', 'uname', ['-a']);
  await section('memory', 'free', ['-m']);
  await section('disk utilization', 'df', ['-h', '-x', 'tmpfs', '-x', 'devtmpfs', '-x', 'overlay']);
  await section('docker version', 'docker', ['version']);
  await section('docker daemon info', 'docker', ['system', 'info']);
  await section('nginx version', 'nginx', ['-v']);
  await section('git version', 'git', ['--version']);
  step(`node version: ${process.version}`);
  step(`paas version: ${VERSION}`);
  step(
    `cpus: ${os.cpus().length}, load average: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

/** Every namespace's `NS:report APP`, in the registry's order. */
async function appReports(app: string): Promise<void> {
  for (const ns of Object.keys(namespaces)) {
    const spec = ((await loadNamespace(ns)) ?? []).find((s) => s.name === `${ns}:report`);
    if (spec) await spec.run(parseArgs(spec, [app]));
  }
}

export const commands: CommandSpec[] = [
  {
    name: 'report',
    usage: '[<app>|--all]',
    summary: "Print the host's vitals and the app's reports, for a bug report",
    boolean: ['all'],
    string: ['format'],
    async run(ctx) {
      if (ctx.flags.format !== undefined) throw new UsageError('--format flag not supported on global report');
      const [app] = ctx.args;
      const apps = ctx.flags.all === true ? listApps() : app ? [requireApp(app)] : [];
      await hostReport();
      for (const a of apps) await appReports(a);
    },
  },
];
