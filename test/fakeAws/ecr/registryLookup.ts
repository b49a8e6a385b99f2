/**
 * The fake ECR's view of the real test registry: the digest a `<repository>:<reference>` has there
 * (a HEAD on the manifest, with basic auth), so images pushed by a real `docker push` become images
 * of the fake ECR (and get their scan on push) the first time ECR is asked about them.
 */
import * as http from 'node:http';
import type { RegistryLookup } from './fakeEcr';

const ACCEPT = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

export function registryLookup(registry: string, username: string, password: string): RegistryLookup {
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return (repository, reference) =>
    new Promise((resolve, reject) => {
      const req = http.request(
        `http://${registry}/v2/${repository}/manifests/${encodeURIComponent(reference)}`,
        { method: 'HEAD', headers: { Accept: ACCEPT, Authorization: authorization } },
        (res) => {
          res.resume();
          const digest = res.headers['docker-content-digest'];
          resolve(res.statusCode === 200 && typeof digest === 'string' ? digest : undefined);
        },
      );
      req.on('error', reject);
      req.end();
    });
}
