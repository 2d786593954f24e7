// What a non-admin caller (a user key) may set with docker-options: an allow-list of flags that keep the
// container a container. Anything that reaches the host (binds outside the storage root, docker.sock,
// --privileged, --device, host namespaces, capabilities beyond a few network ones, security-opt that
// loosens, log drivers that write to sockets or the network) is admin-only.
import { parseMountSpec } from '../storage/mount-spec.js';
import { bindSourceProblem, mountProblem } from '../storage/confine.js';
import { isAnonymousVolume, mountFields, type ParsedOption, type Phase } from './parse.js';

/** Capabilities that act only inside the container's own network namespace. */
const USER_CAPS = new Set(['NET_ADMIN', 'NET_RAW', 'NET_BIND_SERVICE']);
const USER_LOG_DRIVERS = new Set(['json-file', 'local', 'journald', 'none']);
const USER_LOG_OPTS = new Set(['max-size', 'max-file', 'compress', 'mode', 'max-buffer-size', 'tag', 'labels', 'env']);
/** Namespaced sysctls (runc only accepts these with a private namespace anyway). */
const USER_SYSCTL_RE = /^(net\.|kernel\.shm|kernel\.msg|kernel\.sem$|fs\.mqueue\.)/;
const USER_SECURITY_OPTS = new Set(['no-new-privileges', 'no-new-privileges=true', 'no-new-privileges:true']);

type Check = (value: string, phase: Phase) => string | null;

const ok: Check = () => null;

function mountFlagProblem(v: string): string | null {
  const { type, source } = mountFields(v);
  return type === 'bind' ? bindSourceProblem(source) : null;
}

/** Flags a user may set, each with the check of its value (null: allowed). */
const USER_FLAGS: Record<string, Check> = {
  // An anonymous volume (`-v /tmp`) is docker's own storage, as a named volume is.
  '--volume': (v) => (isAnonymousVolume(v) ? null : mountProblem(parseMountSpec(v))),
  '--mount': mountFlagProblem,
  '--publish': ok,
  '--expose': ok,
  '--env': ok,
  '--cap-add': (v) => {
    const cap = v.toUpperCase().replace(/^CAP_/, '');
    return USER_CAPS.has(cap)
      ? null
      : `capability ${v} is admin-only (a user key may add ${[...USER_CAPS].join(', ')})`;
  },
  '--cap-drop': ok,
  '--sysctl': (v) =>
    USER_SYSCTL_RE.test(v)
      ? null
      : `sysctl ${v} is admin-only (a user key may set net.*, kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*)`,
  '--network': (v) =>
    /^(host|container:.*)$/i.test(v) ? `network ${v} shares a namespace with the host or another container` : null,
  '--restart': ok,
  '--log-driver': (v) =>
    USER_LOG_DRIVERS.has(v)
      ? null
      : `log driver ${v} is admin-only (a user key may use ${[...USER_LOG_DRIVERS].join(', ')})`,
  '--log-opt': (v) => {
    const k = v.split('=')[0];
    return USER_LOG_OPTS.has(k)
      ? null
      : `log option ${k} is admin-only (a user key may set ${[...USER_LOG_OPTS].join(', ')})`;
  },
  '--label': ok,
  '--shm-size': ok,
  '--ulimit': ok,
  '--init': ok,
  '--no-healthcheck': ok,
  '--read-only': ok,
  '--memory': ok,
  '--memory-swap': ok,
  '--memory-reservation': ok,
  '--cpus': ok,
  '--cpu-shares': ok,
  '--pids-limit': ok,
  '--add-host': ok,
  '--hostname': ok,
  '--domainname': ok,
  '--dns': ok,
  '--security-opt': (v) =>
    USER_SECURITY_OPTS.has(v) ? null : `security option ${v} is admin-only (a user key may only add no-new-privileges)`,
  '--tmpfs': ok,
  '--user': ok,
  '--group-add': ok,
  '--workdir': ok,
  '--stop-signal': ok,
  '--stop-timeout': ok,
  '--build-arg': ok,
  '--no-cache': ok,
  '--pull': ok,
  '--target': ok,
};

/** Why a non-admin may not set this option, or null when it is on the safe list. */
export function userOptionProblem(o: ParsedOption, phase: Phase): string | null {
  const check = USER_FLAGS[o.flag];
  if (!check) return `${o.flag} is admin-only (it reaches the host)`;
  if ((o.value ?? '').includes('docker.sock')) return 'the docker socket is admin-only';
  return check(o.value ?? '', phase);
}
