// certs:add/update/generate/remove/show/report, Dokku's names and report fields.
import fs from 'node:fs';
import { CommandContext, CommandSpec, requireArgs } from '../cli/command.js';
import { AccessError, PaasError, UsageError } from '../core/errors.js';
import { callerIsAdmin } from '../core/caller.js';
import { info, step, warn } from '../core/log.js';
import { reportTarget } from '../cli/report-target.js';
import { printReport, ReportRow } from '../cli/report.js';
import { listApps, requireApp } from '../apps/store.js';
import { appDomains } from '../domains/store.js';
import { paths } from '../state/paths.js';
import { validateDomain } from '../state/validate.js';
import { tlsFilesFor } from './files.js';
import { generateSelfSigned } from './generate.js';
import { isLetsencryptEnabled, setLetsencryptEnabled } from './letsencrypt-settings.js';
import { installCertificate, removeCertificate, withCertLock } from './install.js';
import { readCertificateInfo } from './store.js';
import { certKeyFromTar, readLimited } from './tar.js';
import { CertInfo, coversHostname } from './x509.js';

/** At most MAX_CERT_INPUT bytes of a file (a device or a huge file is refused, never read whole). */
async function readInputFile(file: string, what: string): Promise<string> {
  try {
    return (await readLimited(fs.createReadStream(file), `${what} file ${file}`)).toString('utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(
      `Cannot read the ${what} file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** CRT and KEY files, or a tar of server.crt and server.key on stdin. */
async function certKeyInput(ctx: CommandContext, name: string): Promise<{ cert: string; key: string }> {
  const files = ctx.args.slice(1);
  if (files.length === 2) {
    // A file path names a file on this host, read by the paas account (another app's key, say).
    if (!callerIsAdmin())
      throw new AccessError(
        `Only an admin may name files on the server; pipe a tar of server.crt and server.key: paas ${name} <app> < cert-key.tar`,
      );
    return { cert: await readInputFile(files[0], 'certificate'), key: await readInputFile(files[1], 'key') };
  }
  if (files.length !== 0)
    throw new UsageError(`Usage: paas ${name} <app> CRT KEY (or a tar of server.crt and server.key on stdin)`);
  if (process.stdin.isTTY)
    throw new UsageError(
      `Usage: paas ${name} <app> CRT KEY, or pipe a tar of server.crt and server.key: paas ${name} <app> < cert-key.tar`,
    );
  return certKeyFromTar(await readLimited(process.stdin, 'input on stdin'));
}

/** A custom certificate replaces Let's Encrypt's: renewals must not overwrite it. */
function leaveLetsencrypt(app: string): void {
  if (!isLetsencryptEnabled(app)) return;
  setLetsencryptEnabled(app, false);
  info(`Let's Encrypt is no longer managing ${app}'s certificate (run letsencrypt:enable to go back)`);
}

function announce(app: string, c: CertInfo): void {
  step(`Certificate installed for ${app}: ${c.hostnames.join(', ') || c.subject}, expires ${c.expiresAt}`);
  const names = appDomains(app);
  const uncovered = names.filter((d) => !coversHostname(c.hostnames, d));
  if (uncovered.length)
    warn(`The certificate does not cover ${uncovered.join(', ')}; browsers will warn on those names`);
  if (c.notAfter < new Date()) warn('The certificate has already expired');
}

async function add(ctx: CommandContext, name: string): Promise<void> {
  requireArgs(ctx, { name, usage: '<app> CRT KEY' }, 1);
  const app = requireApp(ctx.args[0]);
  const { cert, key } = await certKeyInput(ctx, name);
  const c = await withCertLock(app, () => installCertificate(app, cert, key));
  leaveLetsencrypt(app);
  announce(app, c);
}

const REPORT_KEYS = ['dir', 'enabled', 'hostnames', 'expires-at', 'issuer', 'starts-at', 'subject', 'verified'];

function certsReportRows(app: string): ReportRow[] {
  const c = tlsFilesFor(app) ? readCertificateInfo(app) : undefined;
  const values: Record<string, string> = {
    dir: paths.certsDir(app),
    enabled: c ? 'true' : 'false',
    hostnames: c ? c.reportHostnames.join(' ') : '',
    'expires-at': c?.expiresAt ?? '',
    issuer: c?.issuer ?? '',
    'starts-at': c?.startsAt ?? '',
    subject: c?.subject ?? '',
    verified: c?.verified ?? '',
  };
  return REPORT_KEYS.map((k) => ({ key: `ssl-${k}`, value: values[k] }));
}

export const commands: CommandSpec[] = [
  {
    name: 'certs:add',
    access: 'app',
    usage: '<app> CRT KEY (or: <app> < cert-key.tar)',
    summary: 'Add a certificate and key to an app (files, or a tar of server.crt/server.key on stdin)',
    app: true,
    run: (ctx) => add(ctx, 'certs:add'),
  },
  {
    name: 'certs:update',
    access: 'app',
    usage: '<app> CRT KEY (or: <app> < cert-key.tar)',
    summary: "Replace an app's certificate and key",
    app: true,
    run: (ctx) => add(ctx, 'certs:update'),
  },
  {
    name: 'certs:generate',
    access: 'app',
    usage: '<app> DOMAIN',
    summary: 'Generate a self-signed certificate for DOMAIN and use it for the app',
    app: true,
    async run(ctx) {
      requireArgs(ctx, { name: 'certs:generate', usage: '<app> DOMAIN' }, 2);
      const app = requireApp(ctx.args[0]);
      const domain = validateDomain(ctx.args[1]);
      if (ctx.args.length > 2) throw new UsageError(`Unexpected argument(s): ${ctx.args.slice(2).join(' ')}`);
      step(`Generating a self-signed certificate for ${domain}`);
      const pair = await generateSelfSigned(domain);
      const c = await withCertLock(app, () => installCertificate(app, pair.cert, pair.key));
      leaveLetsencrypt(app);
      announce(app, c);
      if (!appDomains(app).includes(domain))
        info(`${domain} is not a domain of ${app}; add it with: paas domains:add ${app} ${domain}`);
    },
  },
  {
    name: 'certs:remove',
    access: 'app',
    usage: '<app>',
    summary: "Remove an app's certificate (it is served over plain HTTP again)",
    app: true,
    async run(ctx) {
      requireArgs(ctx, { name: 'certs:remove', usage: '<app>' }, 1);
      const app = requireApp(ctx.args[0]);
      await withCertLock(app, () => removeCertificate(app));
      leaveLetsencrypt(app);
    },
  },
  {
    name: 'certs:show',
    access: 'app',
    usage: '<app> crt|key',
    summary: "Print an app's certificate or key",
    app: true,
    async run(ctx) {
      requireArgs(ctx, { name: 'certs:show', usage: '<app> crt|key' }, 1);
      // Dokku checks the app first, then says which word it wants
      const app = requireApp(ctx.args[0]);
      const which = ctx.args[1];
      if (which !== 'crt' && which !== 'key')
        throw new UsageError(`Please specify either 'key' or 'crt' (got ${JSON.stringify(which ?? '')})`);
      const files = tlsFilesFor(app);
      if (!files) throw new PaasError(`App ${app} has no certificate`);
      process.stdout.write(fs.readFileSync(which === 'crt' ? files.certFile : files.keyFile));
    },
  },
  {
    name: 'certs:report',
    access: 'app',
    usage: '[<app>|--global] [--format json] [--ssl-<field>]',
    summary: 'Show certificate details for one app or all apps',
    app: true,
    string: ['format'],
    looseFlags: true,
    async run(ctx) {
      const t = reportTarget(ctx);
      // As Dokku: certificates belong to apps, so the global report has no keys ({} in json).
      if (t.global) return void printReport('--global ssl information', [], t.flags);
      const apps = t.app !== undefined ? [requireApp(t.app)] : listApps();
      if (t.app === undefined && apps.length === 0) return void warn("You haven't deployed any applications yet");
      for (const app of apps) printReport(`${app} ssl information`, certsReportRows(app), t.flags);
    },
  },
];
