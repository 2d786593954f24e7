// Dockerfiles of the built-in builders are nunjucks templates in build-templates/ (top level of the
// checkout, copied by install.sh), rendered here with values the planner already validated.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

let env: nunjucks.Environment | undefined;

/** BuildKit secret id of the app's build-time config; templates source /run/secrets/<id>. */
export const BUILD_ENV_SECRET = 'paas-env';

/** build-templates/ is found by walking up from this file: lib/build (tests) or dist/lib/build (installed). */
export function templatesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'build-templates');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('build-templates directory not found next to the paas code');
}

export function renderBuildTemplate(name: 'node' | 'python' | 'static' | 'php', vars: Record<string, unknown>): string {
  env ??= new nunjucks.Environment(new nunjucks.FileSystemLoader(templatesDir()), {
    autoescape: false,
    throwOnUndefined: true,
    trimBlocks: false,
  });
  return env.render(`${name}.njk`, { envSecret: BUILD_ENV_SECRET, extraSteps: '', ...vars });
}
