/**
 * Registry credentials for a local pull: an Amazon ECR image gets the token the push uses
 * (GetAuthorizationToken, cached by the ECR gateway); any other image gets none, so Docker uses its
 * own configuration, as `docker pull` would. Editor-free.
 */
import type { EcrGateway } from '../../aws/ecrGateway';
import type { RegistryAuth } from '../../docker/imagePusher';

const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\//;

/** The ECR registry id (account) and region of an image reference, or undefined. */
export function ecrRegistryOf(image: string): { registryId: string; region: string } | undefined {
  const match = ECR_HOST.exec(image);
  return match?.[1] && match[2] ? { registryId: match[1], region: match[2] } : undefined;
}

export function ecrRegistryAuth(
  ecr: () => EcrGateway,
): (image: string, signal?: AbortSignal) => Promise<RegistryAuth | undefined> {
  return async (image, signal) => {
    const registry = ecrRegistryOf(image);
    if (!registry) return undefined;
    const auth = await ecr().getAuthorization(registry.registryId, signal);
    return { username: auth.username, password: auth.password, serveraddress: auth.proxyEndpoint };
  };
}
