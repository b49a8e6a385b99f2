/**
 * Admin routes of the fake CodeDeploy (the host tests and the demo run the fake in another process):
 * POST /__fake/codedeploy/group seeds an application and ECS deployment group; POST
 * /__fake/codedeploy/fail makes a lifecycle event fail (or pass again).
 */
import type { HttpReply } from '../services';
import { FakeCodeDeploy } from './fakeCodeDeploy';

function json(status: number, value: unknown): HttpReply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

export function handleCodeDeployAdmin(
  fake: FakeCodeDeploy,
  method: string,
  url: URL,
  body: Record<string, unknown>,
): HttpReply | undefined {
  const key = `${method} ${url.pathname.replace(/\/+$/, '')}`;
  if (key === 'POST /__fake/codedeploy/group') {
    const { application, group, cluster, service } = body;
    if (
      typeof application !== 'string' ||
      typeof group !== 'string' ||
      typeof cluster !== 'string' ||
      typeof service !== 'string'
    ) {
      return json(400, {
        error: 'expected {application, group, cluster, service, terminationWaitMinutes?, autoRollback?}',
      });
    }
    const record = fake.createDeploymentGroup(application, group, {
      cluster,
      service,
      terminationWaitMinutes:
        typeof body['terminationWaitMinutes'] === 'number' ? body['terminationWaitMinutes'] : undefined,
      autoRollback: typeof body['autoRollback'] === 'boolean' ? body['autoRollback'] : undefined,
    });
    return json(200, { ok: true, deploymentGroupId: record.id });
  }
  if (key === 'POST /__fake/codedeploy/fail') {
    const event = body['event'];
    if (typeof event !== 'string' || !FakeCodeDeploy.isEvent(event)) {
      return json(400, {
        error: 'expected {event: "Install" | "AfterAllowTestTraffic" | … | "*", message?, fails?}',
      });
    }
    const message = typeof body['message'] === 'string' ? body['message'] : undefined;
    fake.failLifecycleEvent(event, message, body['fails'] !== false);
    return json(200, { ok: true });
  }
  return undefined;
}
