import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  contextDirName,
  DockerEndpointError,
  nodeEndpointHost,
  resolveDockerEndpoint,
  type EndpointHost,
} from '../../../src/docker/dockerEndpoint';

describe('resolveDockerEndpoint', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-home-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  const host = (env: Record<string, string>, platform: NodeJS.Platform = 'linux'): EndpointHost => ({
    ...nodeEndpointHost(env),
    homeDir: home,
    platform,
  });
  const write = (rel: string, text: string) => {
    const file = path.join(home, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  const writeContext = (name: string, dockerHost: string) =>
    write(
      `.docker/contexts/meta/${contextDirName(name)}/meta.json`,
      JSON.stringify({
        Name: name,
        Metadata: {},
        Endpoints: { docker: { Host: dockerHost, SkipTLSVerify: false } },
      }),
    );

  it('DOCKER_HOST unix:// → socketPath', () => {
    const e = resolveDockerEndpoint(host({ DOCKER_HOST: 'unix:///tmp/d.sock' }));
    assert.deepEqual(e.options, { socketPath: '/tmp/d.sock' });
    assert.equal(e.source, 'DOCKER_HOST');
    assert.equal(e.description, 'unix:///tmp/d.sock (DOCKER_HOST)');
  });

  it('DOCKER_HOST tcp:// without TLS → http on 2375 by default', () => {
    assert.deepEqual(resolveDockerEndpoint(host({ DOCKER_HOST: 'tcp://10.0.0.5' })).options, {
      protocol: 'http',
      host: '10.0.0.5',
      port: 2375,
    });
  });

  it('DOCKER_HOST tcp:// with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH → https with the PEM files', () => {
    write('certs/ca.pem', 'CA');
    write('certs/cert.pem', 'CERT');
    write('certs/key.pem', 'KEY');
    const e = resolveDockerEndpoint(
      host({
        DOCKER_HOST: 'tcp://docker.example:2376',
        DOCKER_TLS_VERIFY: '1',
        DOCKER_CERT_PATH: path.join(home, 'certs'),
      }),
    );
    assert.deepEqual(e.options, {
      protocol: 'https',
      host: 'docker.example',
      port: 2376,
      ca: 'CA',
      cert: 'CERT',
      key: 'KEY',
    });
    assert.equal(e.description, 'tcp://docker.example:2376 (DOCKER_HOST, TLS)');
  });

  it('DOCKER_TLS_VERIFY without certificates is an error that names the folder', () => {
    assert.throws(
      () => resolveDockerEndpoint(host({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' })),
      (e: unknown) => e instanceof DockerEndpointError && e.message.endsWith(path.join(home, '.docker')),
    );
  });

  it('DOCKER_HOST ssh:// → the ssh protocol with user and port', () => {
    const e = resolveDockerEndpoint(
      host({ DOCKER_HOST: 'ssh://deploy@build-box:2222', SSH_AUTH_SOCK: '/tmp/agent' }),
    );
    assert.deepEqual(e.options, {
      protocol: 'ssh',
      host: 'build-box',
      port: 2222,
      username: 'deploy',
      sshOptions: { agent: '/tmp/agent' },
    });
  });

  it('an unknown scheme is an error naming the address', () => {
    assert.throws(() => resolveDockerEndpoint(host({ DOCKER_HOST: 'fd://' })), /cannot reach .*: fd:\/\//);
  });

  it('the current context from config.json, read from meta/<sha256(name)>/meta.json', () => {
    write('.docker/config.json', JSON.stringify({ currentContext: 'colima' }));
    writeContext('colima', `unix://${home}/.colima/default/docker.sock`);
    const e = resolveDockerEndpoint(host({}));
    assert.equal(e.source, 'context');
    assert.deepEqual(e.options, { socketPath: `${home}/.colima/default/docker.sock` });
    assert.match(e.description, /Docker context "colima" from config\.json currentContext/);
  });

  it('DOCKER_CONTEXT beats config.json; DOCKER_HOST beats both; a context with TLS files uses them', () => {
    write('.docker/config.json', JSON.stringify({ currentContext: 'colima' }));
    writeContext('colima', 'unix:///nope.sock');
    writeContext('remote', 'tcp://remote:2376');
    const tls = `.docker/contexts/tls/${contextDirName('remote')}/docker`;
    write(`${tls}/ca.pem`, 'CA');
    write(`${tls}/cert.pem`, 'CERT');
    write(`${tls}/key.pem`, 'KEY');
    const e = resolveDockerEndpoint(host({ DOCKER_CONTEXT: 'remote' }));
    assert.deepEqual(e.options, {
      protocol: 'https',
      host: 'remote',
      port: 2376,
      ca: 'CA',
      cert: 'CERT',
      key: 'KEY',
    });
    assert.equal(
      resolveDockerEndpoint(host({ DOCKER_CONTEXT: 'remote', DOCKER_HOST: 'unix:///x.sock' })).source,
      'DOCKER_HOST',
    );
  });

  it('DOCKER_CONFIG moves the config folder', () => {
    write('elsewhere/config.json', JSON.stringify({ currentContext: 'ctx' }));
    write(
      `elsewhere/contexts/meta/${contextDirName('ctx')}/meta.json`,
      JSON.stringify({ Endpoints: { docker: { Host: 'unix:///ctx.sock' } } }),
    );
    assert.deepEqual(resolveDockerEndpoint(host({ DOCKER_CONFIG: path.join(home, 'elsewhere') })).options, {
      socketPath: '/ctx.sock',
    });
  });

  it('a current context that does not exist is an error saying how to pick another', () => {
    write('.docker/config.json', JSON.stringify({ currentContext: 'gone' }));
    assert.throws(
      () => resolveDockerEndpoint(host({})),
      /context "gone" .*does not exist; run `docker context ls`/,
    );
  });

  it('"default" context and no configuration → the platform default socket, else a per-user one that exists', () => {
    write('.docker/config.json', JSON.stringify({ currentContext: 'default' }));
    const fakeHost = (
      existing: string[],
      platform: NodeJS.Platform,
      env: Record<string, string> = {},
    ): EndpointHost => ({
      env,
      homeDir: '/home/u',
      platform,
      exists: (f) => existing.includes(f),
      readFile: () => undefined,
    });
    assert.equal(
      resolveDockerEndpoint(fakeHost(['/var/run/docker.sock'], 'linux')).address,
      'unix:///var/run/docker.sock',
    );
    const desktop = resolveDockerEndpoint(fakeHost(['/home/u/.docker/desktop/docker.sock'], 'linux'));
    assert.equal(
      desktop.description,
      "unix:///home/u/.docker/desktop/docker.sock (Docker Desktop's per-user socket)",
    );
    assert.equal(
      resolveDockerEndpoint(fakeHost(['/home/u/.docker/run/docker.sock'], 'darwin')).address,
      'unix:///home/u/.docker/run/docker.sock',
    );
    assert.equal(
      resolveDockerEndpoint(fakeHost(['/home/u/.colima/default/docker.sock'], 'darwin')).address,
      'unix:///home/u/.colima/default/docker.sock',
    );
    const podman = resolveDockerEndpoint(
      fakeHost(['/run/user/1000/podman/podman.sock'], 'linux', { XDG_RUNTIME_DIR: '/run/user/1000' }),
    );
    assert.equal(podman.description, "unix:///run/user/1000/podman/podman.sock (Podman's socket)");
    assert.equal(
      resolveDockerEndpoint(fakeHost([], 'linux')).description,
      'unix:///var/run/docker.sock (the default socket)',
    );
    assert.deepEqual(resolveDockerEndpoint(fakeHost([], 'win32')).options, {
      socketPath: '\\\\.\\pipe\\docker_engine',
    });
  });
});
