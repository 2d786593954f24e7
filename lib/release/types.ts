// A release is what one deploy runs: an image plus the config and process list it was made with.
// Stored as apps/APP/releases/N.json; written by paas-release, marked live by paas-deploy.
export interface Release {
  app: string;
  /** 1, 2, 3... per app. */
  number: number;
  /** Image tag the release runs, paas/APP:vN (kept until pruned). */
  image: string;
  /** How it was built: dockerfile, image, node, python, static, or rollback of N. */
  builder: string;
  /** Snapshot of the app's effective environment at release time. */
  config: Record<string, string>;
  /** Procfile process types -> command ('' means the image's default command). */
  processes: Record<string, string>;
  /** Parsed app.json, when the app has one (scripts.dokku.predeploy/postdeploy, healthchecks, formation). */
  appJson?: Record<string, unknown>;
  /** Legacy CHECKS file content, when present. */
  checksFile?: string;
  /** Git revision, or the source image for image deploys. */
  rev: string;
  pushedBy: string;
  createdAt: string;
  /** Set when a deploy of this release passed its checks and took traffic. */
  deployedAt?: string;
  live: boolean;
  /** When this release is a rollback, the release it copied. */
  rollbackOf?: number;
  /** The app's own ENV (without global values) at release time: what a rollback writes back. */
  appConfig?: Record<string, string>;
  /** Procfile `release:` command, run once per deploy before the new processes start. */
  releaseCommand?: string;
  /** The build image the release was made from (paas/APP:build-...), for pruning. */
  buildImage?: string;
  /** Initial scale from DOKKU_SCALE / app.json formation, used only while the app has no stored scale. */
  formation?: Record<string, number>;
  /** Why the release could not be deployed (release task or checks failed). */
  failure?: string;
  /** Set when a predeploy or release task failed: such a release is never deployed. */
  failedTask?: string;
  /** The paas/APP:vN tag was removed by pruning: the release can no longer be deployed. */
  pruned?: boolean;
  /** Set when the release failed while watched after routing and the previous release took over. */
  rolledBack?: { at: string; reason: string; to: number };
}
