/**
 * A base image that cannot be pulled (FROM python:3.12-slim with Docker Hub out of reach: a proxy,
 * an offline machine, a rate limit, a private registry without a login). The daemon only says
 * `Get "https://registry-1.docker.io/v2/": proxyconnect tcp: …`; this names the image, its
 * registry (docker.io for short names, as Docker resolves them), the reason, and what to do.
 * The facts it relies on: docs/architecture.md, Errors.
 */
import type { BuildStep } from './streamParser';

/** The registry an image reference is pulled from: its first component when it names a host, else docker.io. */
export function registryOf(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return 'docker.io';
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : 'docker.io';
}

/** The image of a `FROM [--platform=…] image [AS name]` instruction, or undefined for another step. */
export function fromImage(instruction: string): string | undefined {
  const [keyword, ...rest] = instruction.trim().split(/\s+/);
  if (keyword?.toUpperCase() !== 'FROM') return undefined;
  return rest.find((t) => !t.startsWith('--'));
}

const PULL_FAILURE =
  /pull access denied|manifest unknown|manifest for \S+ not found|toomanyrequests|Get "?https?:\/\/[^/"\s]+\/v2\/|error pulling image|failed to resolve source metadata/i;

function reasonOf(message: string, registry: string): string {
  if (/toomanyrequests|rate limit/i.test(message))
    return `${registry} refused it: its pull rate limit was reached`;
  if (/proxyconnect/i.test(message)) {
    return "the Docker daemon's HTTP proxy did not connect (check the proxy set for the daemon, not for this shell)";
  }
  if (
    /connection refused|no such host|i\/o timeout|dial tcp|network is unreachable|TLS handshake timeout|Client\.Timeout/i.test(
      message,
    )
  ) {
    return 'the daemon cannot reach the registry (offline, a firewall, or a proxy)';
  }
  if (/unauthorized|authentication required|pull access denied|denied/i.test(message)) {
    return 'the registry refused it: it needs a login, or the image does not exist';
  }
  if (/manifest unknown|not found/i.test(message)) return 'there is no such image or tag there';
  return 'the pull failed';
}

/** A Docker Hub official image ("python:3.12-slim", "library/python") has a copy on Amazon ECR Public. */
function ecrPublicMirror(image: string): string | undefined {
  if (registryOf(image) !== 'docker.io') return undefined;
  const name = image.replace(/^docker\.io\//, '').replace(/^library\//, '');
  return name.includes('/') ? undefined : `public.ecr.aws/docker/library/${name}`;
}

/**
 * What to tell the user when a build failed pulling its base image, or undefined when the failure
 * is something else. `platform` (linux/amd64…) goes into the `docker pull` it suggests.
 */
export function basePullHint(
  message: string,
  step: BuildStep | undefined,
  platform?: string,
): string | undefined {
  const image = step ? fromImage(step.instruction) : undefined;
  if (step && image === undefined) return undefined; // a RUN or COPY step: not a pull
  if (image === undefined && !PULL_FAILURE.test(message)) return undefined;
  const host = /Get "?https?:\/\/([^/"\s]+)\/v2\//.exec(message)?.[1];
  const registry =
    image && !image.includes('$')
      ? registryOf(image)
      : host === 'registry-1.docker.io'
        ? 'docker.io'
        : (host ?? 'its registry');
  const where = registry === 'docker.io' ? 'docker.io (Docker Hub)' : registry;
  const what = image ? `the base image ${image}` : 'a base image';
  const pull = image
    ? `docker pull ${platform ? `--platform ${platform} ` : ''}${image}`
    : 'docker pull <image>';
  const mirror = image ? ecrPublicMirror(image) : undefined;
  const login = registry === 'docker.io' ? 'docker login' : `docker login ${registry}`;
  const todo = [
    `pull it first (\`${pull}\` once the daemon can reach the registry, or \`docker load\` a saved copy), then build again: an image the daemon has is used as is`,
    `log in (\`${login}\`) if it is private or rate-limited`,
    mirror
      ? `use a mirror: FROM ${mirror} (the same image on Amazon ECR Public), or registry-mirrors in the daemon's daemon.json`
      : "use a mirror (registry-mirrors in the daemon's daemon.json)",
  ];
  return `${what} could not be pulled from ${where}: ${reasonOf(message, registry)}. To fix: ${todo.join('; or ')}`;
}
