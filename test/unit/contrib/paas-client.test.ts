// contrib/paas_client.sh against the server's own word splitter, with a stand-in `ssh` that prints the
// arguments it was given: what the client sends must split back into exactly the words it was given.
// (The real ssh round trip is test/e2e/dokku-client.bats.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { splitWords } from '../../../lib/ssh/words.js';

const client = path.resolve(__dirname, '../../../contrib/paas_client.sh');
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-client-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  // One argument a line, newlines escaped, so any word can be read back.
  fs.writeFileSync(
    path.join(dir, 'bin', 'ssh'),
    '#!/usr/bin/env node\nfor (const a of process.argv.slice(2)) console.log(JSON.stringify(a));\n' +
      'process.exit(Number(process.env.FAKE_SSH_EXIT ?? 0));\n',
    { mode: 0o755 },
  );
});

function runClient(args: string[], env: Record<string, string> = {}, cwd = dir) {
  const r = spawnSync('bash', [client, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`, HOME: dir, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The ssh arguments the client used, and the words the server gets from the command line ssh sends. */
function sent(args: string[], env: Record<string, string> = { PAAS_HOST: 'example.com' }, cwd = dir) {
  const r = runClient(args, env, cwd);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const argv = r.stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as string);
  const sep = argv.indexOf('--');
  // OpenSSH joins the words after the destination with spaces into one command line.
  return { ssh: argv.slice(0, sep), words: splitWords(argv.slice(sep + 1).join(' ')) };
}

function gitRepo(remoteUrl?: string): string {
  const repo = path.join(dir, 'repo');
  fs.mkdirSync(repo);
  spawnSync('git', ['init', '-q'], { cwd: repo });
  if (remoteUrl) spawnSync('git', ['remote', 'add', 'paas', remoteUrl], { cwd: repo });
  return repo;
}

describe('paas_client.sh', () => {
  it('every argument reaches the server as the same word: spaces, quotes, $(...), empty, newlines', () => {
    const args = ['config:set', 'my-app', `K=it's "x" $(id) \`id\` ; | & * \\ end`, 'E=', '', 'a\nb', "'", '"'];
    expect(sent(args).words).toEqual(args);
  });

  it('connects as paas to the host and port, with -- before the command', () => {
    expect(sent(['apps:list'], { PAAS_HOST: 'h.example', PAAS_PORT: '2222' }).ssh).toEqual([
      '-o',
      'LogLevel=QUIET',
      '-p',
      '2222',
      '-t',
      'paas@h.example',
    ]);
  });

  it("takes the app from the paas remote and sends it as --app; Dokku's DOKKU_HOST works too", () => {
    const repo = gitRepo('ssh://paas@example.com:2200/my-app.git');
    const r = sent(['config:get', 'KEY'], {}, repo);
    expect(r.ssh.slice(2, 4)).toEqual(['-p', '2200']);
    expect(r.words).toEqual(['--app', 'my-app', 'config:get', 'KEY']);
    expect(sent(['config:get', 'KEY'], { DOKKU_HOST: 'example.com' }, repo).words[1]).toBe('my-app');
    // another host: the remote's app and port are not that host's
    const other = sent(['config:get', 'KEY'], { PAAS_HOST: 'other.example' }, repo);
    expect(other.words).toEqual(['config:get', 'KEY']);
    expect(other.ssh.slice(2, 4)).toEqual(['-p', '22']);
  });

  it('--app, --remote and --app-path belong to the client, taken out wherever they are; --global drops the app', () => {
    const repo = gitRepo('paas@example.com:my-app');
    expect(sent(['config:export', '--app', 'other', '--merged'], {}, repo).words).toEqual([
      '--app',
      'other',
      'config:export',
      '--merged',
    ]);
    expect(sent(['config:set', '--global', 'K=V'], {}, repo).words).toEqual(['config:set', '--global', 'K=V']);
    expect(sent(['--app-path', repo, 'ps:report'], {}).words).toEqual(['--app', 'my-app', 'ps:report']);
  });

  it('no host: exit 20 and the hint; a host or port that could be an ssh option is refused', () => {
    const none = runClient(['apps:list']);
    expect(none.status).toBe(20);
    expect(none.stdout).toContain('Configure the PAAS_HOST environment variable');
    const host = runClient(['apps:list'], { PAAS_HOST: '-oProxyCommand=id' });
    expect([host.status, host.stderr]).toEqual([1, ' !     Invalid host -oProxyCommand=id\n']);
    const port = runClient(['apps:list'], { PAAS_HOST: 'h', PAAS_PORT: '22 -oProxyCommand=id' });
    expect([port.status, port.stderr]).toEqual([1, ' !     Invalid port 22 -oProxyCommand=id\n']);
    expect(runClient(['--app'], { PAAS_HOST: 'h' }).stderr).toBe(' !     --app needs a value\n');
  });

  it("remote:show prints Dokku's labels for the remote forms Dokku documents", () => {
    for (const [url, host, port, app] of [
      ['paas@example.com:app-1', 'example.com', '22', 'app-1'],
      ['dokku@example.com:app-1', 'example.com', '22', 'app-1'],
      ['ssh://paas@example.com/app-1', 'example.com', '22', 'app-1'],
      ['ssh://paas@example.com:2222/app-1', 'example.com', '2222', 'app-1'],
    ]) {
      fs.rmSync(path.join(dir, 'repo'), { recursive: true, force: true });
      const r = runClient(['remote:show'], {}, gitRepo(url));
      expect(r.stdout, url).toBe(
        [
          `dokku-app: ${app}`,
          'dokku-git-remote: paas',
          'dokku-host: ',
          `dokku-port: ${port}`,
          `dokku-remote-host: ${host}`,
          'dokku-ssh-user: paas',
          `dokku-constructed-remote: ssh://paas@${host}:${port}/${app}`,
          '',
        ].join('\n'),
      );
    }
  });

  it('apps:create adds the remote and keeps it only when the server created the app', () => {
    const repo = gitRepo();
    const remotes = () => spawnSync('git', ['remote', '-v'], { cwd: repo, encoding: 'utf8' }).stdout;
    const failed = runClient(['apps:create', 'my-app'], { PAAS_HOST: 'h', FAKE_SSH_EXIT: '1' }, repo);
    expect(failed.status).toBe(1);
    expect(remotes()).toBe('');
    const ok = runClient(['apps:create', 'my-app'], { PAAS_HOST: 'h' }, repo);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('-----> Application name is my-app');
    // the name given is sent once, as typed
    expect(ok.stdout).toContain('"\'apps:create\'"\n"\'my-app\'"\n');
    expect(ok.stdout).not.toContain("'--app'");
    expect(remotes()).toContain('paas\tpaas@h:my-app (push)');
    // with the remote in place: nothing is sent, exit 1
    const again = runClient(['apps:create', 'other'], { PAAS_HOST: 'h' }, repo);
    expect([again.status, again.stdout, again.stderr]).toEqual([
      1,
      '',
      ' !     paas remote not added! Do you already have a paas remote?\n',
    ]);
  });

  it('apps:destroy removes the remote after the server destroyed the app, and keeps it when it did not', () => {
    const repo = gitRepo('paas@h:my-app');
    const url = () => spawnSync('git', ['remote'], { cwd: repo, encoding: 'utf8' }).stdout;
    const refused = runClient(['apps:destroy', '--force'], { FAKE_SSH_EXIT: '77' }, repo);
    expect(refused.status).toBe(77);
    expect(refused.stderr).toBe('');
    expect(url()).toBe('paas\n');
    const lost = runClient(['apps:destroy', '--force'], { FAKE_SSH_EXIT: '255' }, repo);
    expect(lost.status).toBe(255);
    expect(lost.stderr).toContain(' !     Failed to execute paas command over ssh: exit code 255');
    expect(url()).toBe('paas\n');
    expect(runClient(['apps:destroy', '--force'], {}, repo).status).toBe(0);
    expect(url()).toBe('');
  });

  it('remote management is local: remote, remote:set, remote:unset, remote:remove', () => {
    const repo = gitRepo('paas@h:my-app');
    const client = (...a: string[]) => runClient(a, {}, repo).stdout;
    expect(client('remote')).toBe('paas\n');
    client('remote:set', 'staging');
    expect(client('remote')).toBe('staging\n');
    client('remote:add', 'staging', 'paas@h2:my-app');
    expect(client('remote:list')).toBe('paas\nstaging\n');
    expect(client('remote:show')).toContain('dokku-remote-host: h2\n');
    client('remote:remove', 'staging');
    expect(client('remote')).toBe('paas\n');
    spawnSync('git', ['config', 'dokku.remote', 'old'], { cwd: repo });
    expect(client('remote')).toBe('old\n');
    client('remote:unset');
    expect(client('remote')).toBe('paas\n');
  });
});
