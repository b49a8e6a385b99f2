/**
 * Which Docker Engine to talk to, decided the way the Docker CLI decides it:
 * 1. DOCKER_HOST (unix://, tcp:// with DOCKER_TLS_VERIFY/DOCKER_CERT_PATH, ssh://, npipe://);
 * 2. the context named by DOCKER_CONTEXT, else `currentContext` in $DOCKER_CONFIG/config.json
 *    (default ~/.docker), read from `contexts/meta/<sha256(name)>/meta.json` with its TLS files in
 *    `contexts/tls/<sha256(name)>/docker/`;
 * 3. the platform's default socket, else the first per-user socket that exists (Docker Desktop,
 *    rootless Docker, Colima, Podman).
 * Returns dockerode options plus a sentence saying which endpoint was chosen and why, so an
 * "unreachable" error can name it. Editor-free; every file access goes through `EndpointHost`.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DockerOptions } from 'dockerode';

export type EndpointSource = 'DOCKER_HOST' | 'context' | 'default';

export interface DockerEndpoint {
  readonly options: DockerOptions;
  /** The endpoint as a URL-ish string: unix:///var/run/docker.sock, tcp://host:2376, ssh://user@host. */
  readonly address: string;
  readonly source: EndpointSource;
  /** "unix:///var/run/docker.sock (the default socket)", "tcp://10.0.0.5:2376 (DOCKER_HOST, TLS)". */
  readonly description: string;
}

export interface EndpointHost {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  readonly platform: NodeJS.Platform;
  exists(file: string): boolean;
  /** The file's text, or undefined when it cannot be read. */
  readFile(file: string): string | undefined;
}

export function nodeEndpointHost(
  env: Readonly<Record<string, string | undefined>> = process.env,
): EndpointHost {
  return {
    env,
    homeDir: os.homedir(),
    platform: process.platform,
    exists: (file) => fs.existsSync(file),
    readFile: (file) => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

export class DockerEndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DockerEndpointError';
  }
}

interface TlsSettings {
  /** Use TLS for tcp:// (DOCKER_TLS_VERIFY or DOCKER_TLS set; a context with TLS files). */
  readonly enabled: boolean;
  /** Directory with ca.pem, cert.pem, key.pem. */
  readonly certPath?: string;
}

function readPem(host: EndpointHost, dir: string | undefined, name: string): string | undefined {
  return dir === undefined ? undefined : host.readFile(path.join(dir, name));
}

/** dockerode options for one endpoint address (the DOCKER_HOST syntax). */
export function optionsForAddress(address: string, tls: TlsSettings, host: EndpointHost): DockerOptions {
  const trimmed = address.trim();
  if (trimmed.startsWith('unix://')) return { socketPath: trimmed.slice('unix://'.length) };
  if (trimmed.startsWith('npipe://')) {
    // npipe:////./pipe/docker_engine → //./pipe/docker_engine
    return { socketPath: trimmed.slice('npipe://'.length).replace(/\//g, '\\') };
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new DockerEndpointError(`The Docker endpoint is not a valid address: ${address}`);
  }
  if (url.protocol === 'ssh:') {
    return {
      protocol: 'ssh',
      host: url.hostname,
      port: url.port ? Number(url.port) : 22,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(host.env.SSH_AUTH_SOCK ? { sshOptions: { agent: host.env.SSH_AUTH_SOCK } } : {}),
    };
  }
  if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
    const useTls = url.protocol === 'https:' || tls.enabled;
    const port = url.port ? Number(url.port) : useTls ? 2376 : 2375;
    if (!useTls) return { protocol: 'http', host: url.hostname, port };
    const ca = readPem(host, tls.certPath, 'ca.pem');
    const cert = readPem(host, tls.certPath, 'cert.pem');
    const key = readPem(host, tls.certPath, 'key.pem');
    if (tls.certPath !== undefined && (cert === undefined || key === undefined)) {
      throw new DockerEndpointError(
        `DOCKER_CERT_PATH has no cert.pem/key.pem for the TLS connection to ${address}: ${tls.certPath}`,
      );
    }
    return {
      protocol: 'https',
      host: url.hostname,
      port,
      ...(ca !== undefined ? { ca } : {}),
      ...(cert !== undefined ? { cert } : {}),
      ...(key !== undefined ? { key } : {}),
    };
  }
  throw new DockerEndpointError(
    `The Docker endpoint uses a scheme this extension cannot reach (use unix://, tcp://, ssh:// or npipe://): ${address}`,
  );
}

function dockerConfigDir(host: EndpointHost): string {
  return host.env.DOCKER_CONFIG || path.join(host.homeDir, '.docker');
}

/** The directory name Docker stores a context under: the hex SHA-256 of its name. */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

interface ContextMeta {
  Name?: string;
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

function currentContextName(host: EndpointHost): { name: string; from: string } | undefined {
  const fromEnv = host.env.DOCKER_CONTEXT;
  if (fromEnv) return { name: fromEnv, from: 'DOCKER_CONTEXT' };
  const text = host.readFile(path.join(dockerConfigDir(host), 'config.json'));
  if (text === undefined) return undefined;
  try {
    const config = JSON.parse(text) as { currentContext?: unknown };
    return typeof config.currentContext === 'string' && config.currentContext !== ''
      ? { name: config.currentContext, from: 'config.json currentContext' }
      : undefined;
  } catch {
    return undefined;
  }
}

function contextEndpoint(host: EndpointHost): DockerEndpoint | undefined {
  const current = currentContextName(host);
  if (!current || current.name === 'default') return undefined;
  const dir = contextDirName(current.name);
  const metaFile = path.join(dockerConfigDir(host), 'contexts', 'meta', dir, 'meta.json');
  const text = host.readFile(metaFile);
  if (text === undefined) {
    throw new DockerEndpointError(
      `The Docker context "${current.name}" (from ${current.from}) does not exist; run \`docker context ls\` to pick another: ${metaFile}`,
    );
  }
  let meta: ContextMeta;
  try {
    meta = JSON.parse(text) as ContextMeta;
  } catch {
    throw new DockerEndpointError(`The Docker context's metadata is not valid JSON: ${metaFile}`);
  }
  const address = meta.Endpoints?.docker?.Host;
  if (!address) {
    throw new DockerEndpointError(`The Docker context "${current.name}" has no docker endpoint: ${metaFile}`);
  }
  const tlsDir = path.join(dockerConfigDir(host), 'contexts', 'tls', dir, 'docker');
  const hasTls = host.exists(path.join(tlsDir, 'cert.pem')) || host.exists(path.join(tlsDir, 'ca.pem'));
  const options = optionsForAddress(
    address,
    { enabled: hasTls, ...(hasTls ? { certPath: tlsDir } : {}) },
    host,
  );
  return {
    options,
    address,
    source: 'context',
    description: `${address} (Docker context "${current.name}" from ${current.from})`,
  };
}

/** The sockets tried when nothing is configured, in order, each with its name. */
export function defaultSocketCandidates(host: EndpointHost): Array<{ address: string; label: string }> {
  if (host.platform === 'win32') {
    return [
      { address: 'npipe:////./pipe/docker_engine', label: 'the default Docker Desktop pipe' },
      { address: 'npipe:////./pipe/podman-machine-default', label: "Podman's default machine pipe" },
    ];
  }
  const home = host.homeDir;
  const runtime = host.env.XDG_RUNTIME_DIR;
  const candidates: Array<{ address: string; label: string }> = [
    { address: 'unix:///var/run/docker.sock', label: 'the default socket' },
  ];
  if (host.platform === 'darwin') {
    candidates.push({
      address: `unix://${home}/.docker/run/docker.sock`,
      label: "Docker Desktop's per-user socket",
    });
  } else {
    candidates.push({
      address: `unix://${home}/.docker/desktop/docker.sock`,
      label: "Docker Desktop's per-user socket",
    });
  }
  if (runtime) candidates.push({ address: `unix://${runtime}/docker.sock`, label: 'rootless Docker' });
  candidates.push({ address: `unix://${home}/.colima/default/docker.sock`, label: "Colima's socket" });
  candidates.push({ address: `unix://${home}/.colima/docker.sock`, label: "Colima's socket" });
  if (runtime) candidates.push({ address: `unix://${runtime}/podman/podman.sock`, label: "Podman's socket" });
  if (host.platform === 'darwin') {
    candidates.push({
      address: `unix://${home}/.local/share/containers/podman/machine/podman.sock`,
      label: "Podman machine's socket",
    });
  }
  candidates.push({ address: 'unix:///run/podman/podman.sock', label: "Podman's system socket" });
  return candidates;
}

function defaultEndpoint(host: EndpointHost): DockerEndpoint {
  const candidates = defaultSocketCandidates(host);
  const present =
    host.platform === 'win32'
      ? candidates[0]
      : (candidates.find((c) => host.exists(c.address.slice('unix://'.length))) ?? candidates[0]);
  const chosen = present ?? { address: 'unix:///var/run/docker.sock', label: 'the default socket' };
  return {
    options: optionsForAddress(chosen.address, { enabled: false }, host),
    address: chosen.address,
    source: 'default',
    description: `${chosen.address} (${chosen.label})`,
  };
}

/** The endpoint the Docker CLI would use in this environment. */
export function resolveDockerEndpoint(host: EndpointHost = nodeEndpointHost()): DockerEndpoint {
  const dockerHost = host.env.DOCKER_HOST?.trim();
  if (dockerHost) {
    // Like the CLI: any non-empty DOCKER_TLS_VERIFY (or DOCKER_TLS) turns TLS on; the certificates
    // come from DOCKER_CERT_PATH, else the Docker config directory.
    const enabled = Boolean(host.env.DOCKER_TLS_VERIFY) || Boolean(host.env.DOCKER_TLS);
    const certPath = enabled ? host.env.DOCKER_CERT_PATH || dockerConfigDir(host) : undefined;
    const options = optionsForAddress(dockerHost, { enabled, ...(certPath ? { certPath } : {}) }, host);
    return {
      options,
      address: dockerHost,
      source: 'DOCKER_HOST',
      description: `${dockerHost} (DOCKER_HOST${options.protocol === 'https' ? ', TLS' : ''})`,
    };
  }
  return contextEndpoint(host) ?? defaultEndpoint(host);
}
