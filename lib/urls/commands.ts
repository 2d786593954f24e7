// `paas urls APP` and `paas url APP`: the addresses nginx serves the app on, as Dokku lists them: every
// port mapping of every domain (https ones once it has a certificate), with the port when it is not the
// scheme's default; `url` is the first one of the preferred scheme.
import { CommandSpec, requireArgs } from '../cli/command.js';
import { out } from '../core/log.js';
import { requireApp } from '../apps/store.js';
import { urlOf, urlsOf } from './urls.js';

const urls: CommandSpec = {
  name: 'urls',
  access: 'app',
  usage: '<app>',
  summary: "Show all of an app's URLs",
  app: true,
  async run(ctx) {
    requireArgs(ctx, urls, 1);
    for (const u of urlsOf(requireApp(ctx.args[0]))) out(u);
  },
};

const url: CommandSpec = {
  name: 'url',
  access: 'app',
  usage: '<app>',
  summary: "Show an app's first URL",
  app: true,
  async run(ctx) {
    requireArgs(ctx, url, 1);
    out(urlOf(requireApp(ctx.args[0])));
  },
};

export const commands: CommandSpec[] = [url, urls];
