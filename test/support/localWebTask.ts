/**
 * The one-container task of the Run Locally host test and UI scenario: busybox httpd serving `page`
 * on `port` (essential, one port mapping, a short stopTimeout), written as the task-definition file a
 * user keeps in the workspace, and a free port for it. Plain Node with no `vscode` and nothing of src/:
 * the host suite imports it inside the extension host (compiled to out/test) and the UI runner in
 * plain Node, so both run the same task.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export interface LocalWebTask {
  readonly family: string;
  /** The test engine's busybox (DOCKER_TEST_BASE_IMAGE). */
  readonly image: string;
  /** The container port, published as is (awsvpc): pick it with freePort(). */
  readonly port: number;
  /** The text of the served index.html. */
  readonly page: string;
}

/** Writes the task-definition file at `file` (its folder is created). */
export function writeLocalWebTask(file: string, task: LocalWebTask): void {
  const taskDefinition = {
    family: task.family,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      {
        name: 'web',
        image: task.image,
        essential: true,
        command: [
          'sh',
          '-c',
          `mkdir -p /www && echo "${task.page}" > /www/index.html && exec httpd -f -p ${task.port} -h /www`,
        ],
        portMappings: [{ containerPort: task.port, protocol: 'tcp' }],
        stopTimeout: 2,
      },
    ],
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(taskDefinition, null, 2)}\n`);
}

/** A port nobody listens on now (the kernel picks it): awsvpc publishes the container port as is. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}
