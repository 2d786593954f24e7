// What cron does when an app changes (Dokku's cron post-deploy and post-delete triggers): the host
// crontab is written again from every app's live release, so it follows a deploy, a rollback (also the
// watcher's), a destroy and a rename. The cron props (maintenance, suspended tasks, last runs) and the
// cron log move with the app's props and directory.
import { AppEventHandlers } from '../core/app-events.js';
import { writeCrontab } from './crontab.js';

export const appEvents: AppEventHandlers = {
  async releaseLive() {
    await writeCrontab();
  },
  // Called before the app's files go: leave it out explicitly.
  async destroyed(app) {
    await writeCrontab({ without: app });
  },
  // Ids include the app name: the old name's lines go; the new name's come with its next deploy.
  async renamed(from) {
    await writeCrontab({ without: from });
  },
};
