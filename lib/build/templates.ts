// Dockerfiles of the built-in builders are nunjucks templates in build-templates/ (top level of the
// checkout, copied by install.sh), rendered here with values the planner already validated.
import nunjucks from 'nunjucks';
import { codeDir } from '../state/paths.js';

let env: nunjucks.Environment | undefined;

/** BuildKit secret id of the app's build-time config; templates source /run/secrets/<id>. */
export const BUILD_ENV_SECRET = 'paas-env';

export function renderBuildTemplate(name: 'node' | 'python' | 'static' | 'php', vars: Record<string, unknown>): string {
  env ??= new nunjucks.Environment(new nunjucks.FileSystemLoader(codeDir('build-templates', 'node.njk')), {
    autoescape: false,
    throwOnUndefined: true,
    trimBlocks: false,
  });
  return env.render(`${name}.njk`, { envSecret: BUILD_ENV_SECRET, extraSteps: '', ...vars });
}
