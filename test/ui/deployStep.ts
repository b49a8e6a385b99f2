// The UI scenario's deploy: F1 → "ECS: Deploy…" with a saved target for the staging cluster's
// flask-app service. The image is built by the real Docker test engine and pushed to the real
// registry (the fake ECR hands out its credentials); the confirmation is a modal dialog clicked in
// Chromium; the rollout happens in the fake AWS. The output channel shows every step with its time.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { EXECUTION_ROLE_NAME, EXECUTION_ROLE_TRUST_POLICY } from '../../src/aws/iamGateway';
import type { ScenarioContext, Step } from './scenario';

const CLUSTER = 'staging';
const SERVICE = 'flask-app';
const ACCOUNT = '123456789012';

export async function fakePost(fakeAwsUrl: string, route: string, body: unknown): Promise<Response> {
  return fetch(new URL(route, fakeAwsUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function post(fakeAwsUrl: string, route: string, body: unknown): Promise<void> {
  const response = await fakePost(fakeAwsUrl, route, body);
  if (!response.ok) throw new Error(`POST ${route}: ${response.status} ${await response.text()}`);
}

/** Ignores "already exists": the account may have it from the demo fleet. */
async function ignoreExisting(work: Promise<unknown>): Promise<void> {
  await work.catch((e: unknown) => {
    if (!(e instanceof Error) || !/AlreadyExists/.test(e.name)) throw e;
  });
}

/** What a deploy target of the scenario deploys: its service, task-definition family and container. */
export interface ScenarioTarget {
  readonly cluster: string;
  readonly service: string;
  readonly container: string;
  readonly port: number;
  /** The task-definition file, in the workspace's deploy-demo/. */
  readonly file: string;
}

/** The staging cluster's flask-app (the `deploy` step's target; the first in the deploy file). */
export const FLASK_TARGET: ScenarioTarget = {
  cluster: CLUSTER,
  service: SERVICE,
  container: 'web',
  port: 5000,
  file: 'task-definition.json',
};

/**
 * The execution role, each target's repository and the registry the fake ECR points at; the
 * workspace's Dockerfile, a task-definition file per target (family = service) and
 * .vscode/ecs-deploy.json with the targets in this order.
 */
export async function prepareDeploy(
  ctx: ScenarioContext,
  env: Record<string, string>,
  targets: readonly ScenarioTarget[],
): Promise<void> {
  const fakeAwsUrl = ctx.fakeAwsUrl ?? '';
  const config = {
    region: 'us-east-1',
    endpoint: fakeAwsUrl,
    credentials: { accessKeyId: 'AKIAFAKEECSTEST00000', secretAccessKey: 'fake-secret-for-tests' },
  };
  const iam = new IAMClient(config);
  const ecr = new ECRClient(config);
  try {
    await ignoreExisting(
      iam.send(
        new CreateRoleCommand({
          RoleName: EXECUTION_ROLE_NAME,
          AssumeRolePolicyDocument: JSON.stringify(EXECUTION_ROLE_TRUST_POLICY),
        }),
      ),
    );
    for (const t of targets) {
      await ignoreExisting(ecr.send(new CreateRepositoryCommand({ repositoryName: t.service })));
    }
  } finally {
    iam.destroy();
    ecr.destroy();
  }
  await post(fakeAwsUrl, '/__fake/ecr/registry', {
    endpoint: env.DOCKER_TEST_REGISTRY,
    user: env.DOCKER_TEST_REGISTRY_USER ?? 'AWS',
    password: env.DOCKER_TEST_REGISTRY_PASSWORD,
  });
  const dir = path.join(ctx.workspace, 'deploy-demo');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    `FROM ${env.DOCKER_TEST_BASE_IMAGE ?? 'local/busybox:latest'}\nCMD ["sleep", "3600"]\n`,
  );
  const entries = targets.map((t) => {
    const taskDefinition = {
      family: t.service,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/${EXECUTION_ROLE_NAME}`,
      runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
      containerDefinitions: [
        {
          name: t.container,
          image: `${t.service}:latest`,
          essential: true,
          portMappings: [{ containerPort: t.port }],
        },
      ],
    };
    fs.writeFileSync(path.join(dir, t.file), `${JSON.stringify(taskDefinition, null, 2)}\n`);
    return {
      name: t.service,
      dockerfile: 'deploy-demo/Dockerfile',
      taskDefinitionFile: `deploy-demo/${t.file}`,
      container: t.container,
      repository: t.service,
      cluster: t.cluster,
      service: t.service,
      region: 'us-east-1',
    };
  });
  fs.mkdirSync(path.join(ctx.workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(
    path.join(ctx.workspace, '.vscode', 'ecs-deploy.json'),
    `${JSON.stringify({ version: 1, targets: entries }, null, 2)}\n`,
  );
}

export const deployStep: Step = {
  slug: 'deploy',
  title: 'F1 → Deploy: build, push, confirm in the dialog, and the service rolls out (COMPLETED)',
  needs: ['clusters'],
  skipUnless: (ctx) =>
    'unavailable' in ctx.docker ? `no Docker test engine: ${ctx.docker.unavailable}` : undefined,
  async run(ctx) {
    const { wb, log } = ctx;
    if ('unavailable' in ctx.docker) throw new Error(ctx.docker.unavailable);
    await prepareDeploy(ctx, ctx.docker.env, [FLASK_TARGET]);
    await wb.runCommand('ECS: Deploy…');
    const dialog = await wb.dialogText(120_000); // the build and the push come first
    log(`dialog: ${dialog.replace(/\s+/g, ' ').slice(0, 240)}`);
    assert.match(dialog, new RegExp(`${CLUSTER}|${SERVICE}`), 'the confirmation says where it deploys');
    await wb.dialogButton(/^Deploy$/);
    const end = Date.now() + 90_000;
    let toasts: string[];
    for (;;) {
      toasts = (await wb.toasts()).map((t) => t.message);
      if (toasts.some((m) => /COMPLETED/.test(m))) break;
      const failed = toasts.find((m) => /^Deploy of .* (failed|timed out)/.test(m));
      if (failed) assert.fail(failed);
      if (Date.now() > end) assert.fail(`no COMPLETED notification (saw: ${toasts.join(' | ')})`);
      await wb.page.waitForTimeout(500);
    }
    log(`notification: ${toasts.find((m) => /COMPLETED/.test(m)) ?? ''}`);
    await wb.toastButton(/COMPLETED/, 'Open Output'); // the logs channel is in front: show the deploy's
    await wb.page.waitForTimeout(500);
    const output = await wb.outputText();
    log(`output: ${output.replace(/\s+/g, ' ').slice(0, 300)}`);
    // The channel shows its end: the last step with its time, and the summary.
    assert.match(output, /✓ Wait for the rollout: [\d.]+ s/, 'the ECS: Deploy channel times each step');
    assert.match(output, /Deploy succeeded after/, 'and says how the deploy ended');
    const services = await fetch(new URL(`/__fake/ecs/services?cluster=${CLUSTER}`, ctx.fakeAwsUrl));
    const list = (await services.json()) as Array<Record<string, unknown>>;
    const service = list.find((s) => s['name'] === SERVICE);
    assert.match(
      String(service?.['taskDefinitionArn']),
      /:task-definition\/flask-app:3$/,
      'the service runs the new revision',
    );
  },
};
