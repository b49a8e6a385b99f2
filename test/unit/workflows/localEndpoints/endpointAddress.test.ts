import * as assert from 'node:assert/strict';
import {
  ENDPOINTS_HOST,
  ENDPOINTS_NETWORK,
  EndpointsUnreachableError,
  placeEndpoints,
  releaseEndpoints,
  type EndpointsNetworkDocker,
} from '../../../../src/workflows/local/endpoints/endpointAddress';

function docker(
  os: string,
  gateway: string | undefined = ENDPOINTS_HOST,
): EndpointsNetworkDocker & { created: unknown[]; removed: string[] } {
  const created: unknown[] = [];
  const removed: string[] = [];
  return {
    created,
    removed,
    operatingSystem: () => Promise.resolve(os),
    ensureNetwork: (spec) => {
      created.push(spec);
      return Promise.resolve({ gateway, created: true });
    },
    removeNetwork: (name) => {
      removed.push(name);
      return Promise.resolve('removed');
    },
  };
}

describe('where the local endpoints listen', () => {
  it('on a Linux engine: the link-local network whose gateway is 169.254.170.2, bound there', async () => {
    const d = docker('Debian GNU/Linux 12 (bookworm)');
    const placement = await placeEndpoints(d, () => Promise.resolve(true));
    assert.deepEqual(placement, {
      kind: 'linkLocal',
      bindHost: '169.254.170.2',
      urlHost: '169.254.170.2',
      network: ENDPOINTS_NETWORK,
    });
    assert.deepEqual(d.created, [
      {
        name: ENDPOINTS_NETWORK,
        subnet: '169.254.170.0/24',
        gateway: '169.254.170.2',
        labels: { 'ecs-fargate.local': 'endpoints' },
      },
    ]);
    await releaseEndpoints(d, placement);
    assert.deepEqual(d.removed, [ENDPOINTS_NETWORK]);
  });

  it('on Docker Desktop: 127.0.0.1, reached as host.docker.internal, with the SDK warning', async () => {
    const d = docker('Docker Desktop');
    const placement = await placeEndpoints(d, () => Promise.resolve(false));
    assert.equal(placement.kind, 'desktop');
    assert.equal(placement.bindHost, '127.0.0.1');
    assert.equal(placement.urlHost, 'host.docker.internal');
    assert.match(placement.kind === 'desktop' ? placement.warning : '', /169\.254\.170\.2 or a loopback/);
    assert.deepEqual(d.created, [], 'no network on Desktop');
  });

  it('refuses an engine on another machine (its gateway is not an address here)', async () => {
    await assert.rejects(
      placeEndpoints(docker('Ubuntu 24.04'), () => Promise.resolve(false)),
      (e: unknown) => e instanceof EndpointsUnreachableError && /not on this machine/.test(e.message),
    );
  });

  it('refuses a leftover network with another gateway, saying how to remove it', async () => {
    await assert.rejects(
      placeEndpoints(docker('Ubuntu', '172.30.0.1'), () => Promise.resolve(true)),
      /docker network rm ecs-fargate-local-endpoints/,
    );
  });
});
