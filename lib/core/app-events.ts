// What a namespace does when something happens to an app. lib/lifecycle/ calls the registered
// handlers in order and returns failures to the caller (Dokku's post-create/post-delete/post-app-rename).
export interface AppEventHandlers {
  /** The app was created (apps:create or a first push). `by` names who created it. */
  created?(app: string, by: string): Promise<void> | void;
  /** The app is being destroyed: remove everything this namespace keeps for it. */
  destroyed?(app: string): Promise<void> | void;
  /** The app was renamed: move this namespace's state from `from` to `to`. */
  renamed?(from: string, to: string): Promise<void> | void;
  /** The app was cloned: copy what should follow the clone from `from` to `to`. */
  cloned?(from: string, to: string): Promise<void> | void;
  /** Release `release` of the app went live (after routing). */
  releaseLive?(app: string, release: number): Promise<void> | void;
}
