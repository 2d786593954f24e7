#!/usr/bin/env node
// The layer rule, checked in `npm run lint`: what each part of lib/ may import.
//   lib/core     the bottom: errors, log, who is calling; imports nothing else in lib/
//   lib/state    paths, atomic writes, locks, props; imports only core
//   lib/docker   the engine client; imports only core and state
//   stores       */store.ts, */settings.ts, */*-store.ts, */*-settings.ts own their namespace's state:
//                they import no orchestration (cli, deploy, a lifecycle, an apply, commands)
// lib/cli is the top: only command modules and front doors import it.
// Properties: each namespace's props (props/NS/...) are read and written only in the folder that owns
// NS (OWNER below); another folder calls that namespace's typed accessors instead.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// A fixture tree can be checked instead (the unit test of this rule): node scripts/check-layers.mjs DIR
const lib = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'lib');

const bottom = {
  core: ['core'],
  state: ['core', 'state'],
  docker: ['core', 'state', 'docker'],
};
const isStore = (rel) => /(^|\/|-)(store|settings)\.ts$/.test(rel);
const orchestration = (target) =>
  /^(cli|deploy|lifecycle)\//.test(target) || /\/(lifecycle|apply|commands|[a-z-]+-commands)\.ts$/.test(target);
const mayImportCli = (rel) =>
  /(^|\/)([a-z-]+-)?commands?\.ts$/.test(rel) ||
  /(^|\/)report\.ts$/.test(rel) ||
  rel.startsWith('cli/') ||
  rel === 'ssh/ssh-command.ts';

// Property namespace -> the lib/ folder that owns it, where the two names differ.
const OWNER = {
  releases: 'release',
  'ssh-keys': 'ssh',
  builder: 'build',
  'builder-dockerfile': 'build',
  letsencrypt: 'certs',
  'scheduler-docker-local': 'scheduler',
};
const PROP_FUNCTIONS = [
  'readProp',
  'writeProp',
  'removeProp',
  'hasProp',
  'readPropWithGlobal',
  'setOrClearProp',
  'readListProp',
  'writeListProp',
  'listPropKeys',
  'snapshotProp',
  'paths\\.prop',
  'paths\\.propsDir',
  'paths\\.propsNamespace',
];
const propCall = new RegExp(
  `(?<![\\w.])(?:${PROP_FUNCTIONS.join('|')})\\(\\s*(?:'([^']*)'|([A-Za-z_$][\\w$]*)\\s*[,)])`,
  'g',
);
const ownerOf = (ns) => OWNER[ns] ?? (fs.existsSync(path.join(lib, ns)) ? ns : undefined);
/** `const NAME = 'literal'` at the top level of a file. */
const constants = (text) =>
  new Map([...text.matchAll(/^(?:export )?const ([A-Za-z_$][\w$]*) = '([^']*)';/gm)].map((m) => [m[1], m[2]]));
/** The namespace string an identifier stands for: a constant of the file or one it imports from lib/. */
function resolveNamespace(file, text, name) {
  const local = constants(text).get(name);
  if (local !== undefined) return local;
  for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(\.{1,2}\/[^']+)'/g)) {
    for (const part of m[1].split(',')) {
      const [imported, alias] = part.trim().split(/\s+as\s+/);
      if ((alias ?? imported) !== name) continue;
      const source = path.resolve(path.dirname(file), m[2]).replace(/\.js$/, '.ts');
      if (fs.existsSync(source)) return constants(fs.readFileSync(source, 'utf8')).get(imported);
    }
  }
  return undefined;
}

function* walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

const problems = [];
for (const file of walk(lib)) {
  const rel = path.relative(lib, file);
  const layer = rel.split('/')[0];
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
  for (const spec of specs) {
    const target = path.relative(lib, path.resolve(path.dirname(file), spec)).replace(/\.js$/, '.ts');
    if (target.startsWith('..')) continue;
    const targetLayer = target.split('/')[0];
    if (bottom[layer] && !bottom[layer].includes(targetLayer))
      problems.push(
        `lib/${rel} imports lib/${target}: lib/${layer} may import only ${bottom[layer].map((l) => `lib/${l}`).join(', ')}`,
      );
    if (isStore(rel) && orchestration(target))
      problems.push(`lib/${rel} imports lib/${target}: a store or settings module imports no orchestration`);
    if (targetLayer === 'cli' && !mayImportCli(rel))
      problems.push(`lib/${rel} imports lib/${target}: only command modules and front doors import lib/cli`);
  }
  if (layer === 'state') continue;
  for (const m of text.matchAll(propCall)) {
    const ns = m[1] ?? resolveNamespace(file, text, m[2]);
    if (ns === undefined) continue; // a parameter: the caller names the namespace, and is checked there
    const owner = ownerOf(ns);
    const line = text.slice(0, m.index).split('\n').length;
    if (owner === undefined)
      problems.push(`lib/${rel}:${line}: property namespace '${ns}' has no owning folder (add it to OWNER)`);
    else if (owner !== layer)
      problems.push(
        `lib/${rel}:${line}: reads or writes '${ns}' properties, owned by lib/${owner}: use an accessor of lib/${owner}`,
      );
  }
}
if (problems.length) {
  for (const p of problems) console.error(` !     ${p}`);
  console.error(` !     ${problems.length} layer rule violation(s); see scripts/check-layers.mjs for the rule`);
  process.exit(1);
}
console.log('layers: ok');
