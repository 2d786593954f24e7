#!/usr/bin/env node
// How much of Dokku's own test suite our bats suite carries: for every test in Dokku's tests/unit/*.bats,
// whether a test of ours credits it ("# from dokku tests/unit/FILE.bats "TITLE"") and runs or skips it.
// Usage: node scripts/dokku-suite.mjs DOKKU [--check]
//   DOKKU: a checkout of dokku/dokku, or a bare clone of it (HEAD is read).
//   Writes docs/dokku-suite.md; --check only says whether that file is current.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [dokku, flag] = process.argv.slice(2);
if (!dokku) {
  console.error('usage: node scripts/dokku-suite.mjs DOKKU_CHECKOUT [--check]');
  process.exit(64);
}

// Whole Dokku files paas does not carry, and why (the per-test skips carry their own reasons).
const NOT_CARRIED = [
  [/^scheduler-k3s/, 'the k3s scheduler: paas schedules on the local docker engine only'],
  [/^(caddy|haproxy|traefik|openresty)/, 'other proxies: paas routes through nginx only'],
  [
    /^builder-(herokuish|pack|nixpacks|lambda|railpack)/,
    'other builders: paas builds Dockerfiles and its own buildpack images',
  ],
  [/^ps-herokuish/, 'herokuish images: paas builds buildpack apps itself'],
  [/^registry/, 'registry push: this kind of machine has no registry to push to; paas keeps images local'],
  [/^plugin\.bats$/, 'Dokku plugins (plugin:install): paas has no plugin system'],
  [/^logs-2\.bats$/, 'vector log shipping: paas ships no vector container'],
  [/^docker-image-healthcheck/, "Dokku's own docker image (sshd inside a container)"],
  [
    /^nginx-vhosts_(12|15)\.bats$/,
    'custom nginx.conf.sigil templates from the pushed repository (refused: docs/dokku-differences.md)',
  ],
];

function dokkuFiles() {
  const bare = !fs.existsSync(path.join(dokku, 'tests')) && fs.existsSync(path.join(dokku, 'HEAD'));
  if (bare) {
    const git = (...a) => execFileSync('git', ['-C', dokku, ...a], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return git('ls-tree', '--name-only', 'HEAD', 'tests/unit/')
      .split('\n')
      .filter((f) => f.endsWith('.bats'))
      .map((f) => ({ name: path.basename(f), text: git('show', `HEAD:${f}`) }));
  }
  const dir = path.join(dokku, 'tests', 'unit');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.bats'))
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

const norm = (s) => s.replace(/\s+/g, ' ').trim();

/** Our tests with the comment block above each: { file, block, skip }. */
function ourTests() {
  const dir = path.join(root, 'test', 'e2e');
  const tests = [];
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.bats'))) {
    const lines = fs.readFileSync(path.join(dir, f), 'utf8').split('\n');
    let block = [];
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      if (/^#/.test(l)) block.push(l.replace(/^#+ ?/, ''));
      else if (/^@test /.test(l)) {
        let j = i + 1;
        while (j < lines.length && lines[j].trim() === '') j++;
        const skip = /^\s*skip\b/.test(lines[j] ?? '');
        tests.push({ file: f, block: norm(block.join(' ')), skip });
        block = [];
      } else if (l.trim() !== '') block = [];
    }
  }
  return tests;
}

const ours = ourTests().filter((t) => /dokku/i.test(t.block));
const listMissing = process.argv.includes('--missing');
const rows = [];
const totals = { all: 0, run: 0, skip: 0, none: 0, excluded: 0 };
for (const { name, text } of dokkuFiles().sort((a, b) => a.name.localeCompare(b.name))) {
  const titles = [...text.matchAll(/^@test "(.*)" \{/gm)].map((m) => m[1]);
  const excluded = NOT_CARRIED.find(([re]) => re.test(name));
  const row = { name, all: titles.length, run: 0, skip: 0, none: 0, where: new Set(), why: excluded?.[1] };
  for (const title of titles) {
    const short = norm(title.replace(/^\([^)]*\) /, ''));
    // Credits name the whole title, the title after its "(plugin) " prefix, or (listing several tests of one
    // command) just its [bracketed] case; "FILE.bats (every test ..." or "FILE.bats (N tests)" covers the rest.
    const bracket = /(\[[^\]]*\])$/.exec(title)?.[1];
    const names = (t) =>
      t.block.includes(norm(title)) ||
      t.block.includes(`"${short}"`) ||
      (!!bracket && t.block.includes(`"${bracket}"`));
    const whole = (t) =>
      t.block.includes(`${name} (every test`) || t.block.includes(`${name} (${titles.length} tests)`);
    const hit = ours.find((t) => t.block.includes(name) && names(t)) ?? ours.find((t) => whole(t));
    if (!hit) {
      row.none++;
      if (listMissing && !excluded) console.error(`${name}: ${title}`);
    } else {
      row.where.add(hit.file);
      if (hit.skip) row.skip++;
      else row.run++;
    }
  }
  totals.all += row.all;
  totals.run += row.run;
  totals.skip += row.skip;
  if (excluded) totals.excluded += row.none;
  else totals.none += row.none;
  rows.push(row);
}

const out = [];
out.push("# Dokku's test suite in ours");
out.push('');
out.push("Generated by `node scripts/dokku-suite.mjs DOKKU_CHECKOUT` from dokku/dokku's `tests/unit/*.bats` and");
out.push('the credit comments of `test/e2e/*.bats` (`# from dokku tests/unit/FILE.bats "TITLE"`). "Runs": the');
out.push('ported test runs in our suite; "skips": ported, with the reason in its `skip` (most are deliberate');
out.push('differences in [dokku-differences.md](dokku-differences.md)); "not carried": no test of ours credits it.');
out.push('');
out.push(
  `Of ${totals.all} Dokku tests: **${totals.run} run**, ${totals.skip} skip with a reason, ${totals.excluded} are in files paas does not carry (reasons below), ${totals.none} others are not carried.`,
);
out.push('');
out.push('| Dokku file | tests | runs | skips | not carried | ours |');
out.push('|---|---:|---:|---:|---:|---|');
for (const r of rows)
  out.push(
    `| ${r.name} | ${r.all} | ${r.run} | ${r.skip} | ${r.none}${r.why && r.none ? ` (${r.why})` : ''} | ${[...r.where].sort().join(', ')} |`,
  );
out.push('');
const text = out.join('\n');
const target = path.join(root, 'docs', 'dokku-suite.md');
if (flag === '--check') {
  const cur = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (cur !== text) {
    console.error('docs/dokku-suite.md is stale: run node scripts/dokku-suite.mjs DOKKU_CHECKOUT');
    process.exit(1);
  }
} else {
  fs.writeFileSync(target, text);
  console.log(
    `docs/dokku-suite.md: ${totals.run} run, ${totals.skip} skip, ${totals.none} not carried of ${totals.all}`,
  );
}
