/**
 * The three-container task of the Run Locally tests and benchmark, on busybox (the test engine's
 * base image): an init container (not essential) that must succeed, a sidecar serving a page on
 * localhost:9000 with a health check, and the app (essential) that starts once the sidecar is
 * HEALTHY, fetches the sidecar's page over localhost and serves it on `appPort`.
 */
import type { JsonObject } from '../../src/taskdef/normalize';

export const SIDECAR_PORT = 9000;

export function threeContainerTask(image: string, appPort: number): JsonObject {
  return {
    family: 'local-three',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      {
        name: 'init',
        image,
        essential: false,
        command: ['sh', '-c', 'echo init done'],
      },
      {
        name: 'sidecar',
        image,
        essential: false,
        dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }],
        command: [
          'sh',
          '-c',
          `mkdir -p /s && echo "hello from the sidecar" > /s/index.html && exec httpd -f -p ${SIDECAR_PORT} -h /s`,
        ],
        healthCheck: {
          command: ['CMD-SHELL', `wget -qO- http://localhost:${SIDECAR_PORT}/ || exit 1`],
          interval: 5,
          timeout: 2,
          retries: 3,
        },
        stopTimeout: 2,
      },
      {
        name: 'app',
        image,
        essential: true,
        dependsOn: [{ containerName: 'sidecar', condition: 'HEALTHY' }],
        portMappings: [{ containerPort: appPort, protocol: 'tcp' }],
        command: [
          'sh',
          '-c',
          `mkdir -p /w && wget -qO /w/index.html http://localhost:${SIDECAR_PORT}/ && exec httpd -f -p ${appPort} -h /w`,
        ],
        stopTimeout: 2,
      },
    ],
  };
}
