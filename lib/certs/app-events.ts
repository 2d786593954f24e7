// What the certs namespace does when an app is cloned: the clone starts without Let's Encrypt (its
// domains differ and it has no certificate), as dokku-letsencrypt's post-app-clone-setup. Its settings
// (email, server...) are copied with the other props.
import { AppEventHandlers } from '../core/app-events.js';
import { setLetsencryptEnabled } from './letsencrypt-settings.js';

export const appEvents: AppEventHandlers = {
  cloned: (_from, to) => setLetsencryptEnabled(to, false),
};
