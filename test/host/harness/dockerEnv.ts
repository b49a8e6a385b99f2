/**
 * The Docker test engine and registry (docker-test-env.sh) for a VS Code host: started when its
 * variables are missing (as the Docker integration tests do), and its variables for the host's
 * environment. When it cannot start, `unavailable` says why (tests that need it skip, or fail with
 * CI=true).
 */
import { ensureDockerTestEnv } from '../../integration/docker/dockerTestEnv';

const PASSED_THROUGH = [
  'DOCKER_HOST',
  'DOCKER_TEST_REGISTRY',
  'DOCKER_TEST_REGISTRY_USER',
  'DOCKER_TEST_REGISTRY_PASSWORD',
  'DOCKER_TEST_BASE_IMAGE',
] as const;

export interface HostDockerEnv {
  readonly env: Record<string, string>;
  readonly unavailable?: string;
}

export async function dockerEnvForHost(): Promise<HostDockerEnv> {
  const unavailable = await ensureDockerTestEnv().then(
    () => undefined,
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  if (unavailable) env.ECS_TEST_DOCKER_UNAVAILABLE = unavailable;
  return unavailable ? { env, unavailable } : { env };
}
