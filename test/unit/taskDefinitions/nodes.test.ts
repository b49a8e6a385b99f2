import * as assert from 'node:assert/strict';
import { describeAwsError } from '../../../src/aws/awsErrors';
import { ContextValues } from '../../../src/explorer/contextValues';
import { loadChildren } from '../../../src/explorer/loadChildren';
import type { ExplorerContext, ExplorerNode } from '../../../src/explorer/nodes/explorerNode';
import { MessageNode } from '../../../src/explorer/nodes/messageNode';
import { FamilyNode, taskDefinitionsRoot } from '../../../src/taskDefinitions/nodes/familyNode';
import { InactiveRevisionsNode } from '../../../src/taskDefinitions/nodes/inactiveRevisionsNode';
import {
  DESCRIBED_REVISIONS,
  OPEN_REVISION_COMMAND,
  type RevisionNode,
  taskSize,
} from '../../../src/taskDefinitions/nodes/revisionNode';
import { silentLogger } from '../../../src/shared/logger';
import type { TaskDefinitionsContext } from '../../../src/taskDefinitions/nodes/taskDefinitionsContext';
import { NOW, REGION } from '../../fakes/ecsBuilders';
import { FakeEcsGateway } from '../../fakes/fakeEcsGateway';
import {
  aTaskDefinition,
  FakeTaskDefinitionGateway,
  taskDefinitionArn,
} from '../../fakes/fakeTaskDefinitionGateway';

const SECRET = 'wJalrXUtnFEMISECRETSENTINEL';

function setup() {
  const gateway = new FakeTaskDefinitionGateway();
  const ctx: TaskDefinitionsContext = {
    ecs: new FakeEcsGateway(),
    taskDefinitions: gateway,
    profile: 'dev',
    region: REGION,
    now: () => NOW,
    describeError: (error, { step }) =>
      describeAwsError(error, { step, redact: (text) => text.split(SECRET).join('[redacted]') }),
  };
  return { gateway, ctx };
}

const labels = (nodes: ExplorerNode[]) => nodes.map((n) => n.view().label);

async function familyChildren(ctx: TaskDefinitionsContext, family: string) {
  const node = new FamilyNode(ctx, family);
  return { node, children: await node.getChildren() };
}

describe('task definitions view nodes', () => {
  describe('families (the root)', () => {
    it('lists the families that have an ACTIVE revision, by name', async () => {
      const { gateway, ctx } = setup();
      gateway.addFamily('worker', 2).addFamily('api', 1).addFamily('retired', 2, { inactive: 2 });
      const nodes = await taskDefinitionsRoot.list(ctx);
      assert.deepEqual(labels(nodes), ['api', 'worker']);
      assert.deepEqual(gateway.callsTo('listFamilies'), [['ACTIVE']]);
      const view = nodes[0]!.view();
      assert.equal(view.contextValue, ContextValues.taskDefinitionFamily);
      assert.equal(view.collapsible, 'collapsed');
      assert.equal(view.description, undefined, 'no count before the revisions were listed');
    });

    it('gives an empty region no nodes, so loadChildren reports the "empty" welcome state', async () => {
      const { ctx } = setup();
      const loaded = await loadChildren(undefined, {
        context: () => Promise.resolve(ctx),
        root: taskDefinitionsRoot,
        logger: silentLogger,
        describeError: (error) => ({ kind: 'unknown', message: String(error) }),
      });
      assert.deepEqual(loaded, { children: [], state: 'empty' });
    });

    it('refuses an explorer context without a task definition gateway, saying why', async () => {
      const explorerOnly: ExplorerContext = { ecs: new FakeEcsGateway(), region: REGION, now: () => NOW };
      await assert.rejects(
        taskDefinitionsRoot.list(explorerOnly),
        /needs a context with a task definition gateway/,
      );
    });
  });

  describe('revisions', () => {
    it('lists ACTIVE revisions newest first, then the inactive group, and counts them on the family', async () => {
      const { gateway, ctx } = setup();
      gateway.addFamily('web', 5, { inactive: 2 });
      const { node, children } = await familyChildren(ctx, 'web');
      assert.deepEqual(labels(children), ['web:5', 'web:4', 'web:3', 'Inactive revisions']);
      assert.ok(children[3] instanceof InactiveRevisionsNode);
      assert.deepEqual(gateway.callsTo('listRevisions'), [['web', 'ACTIVE']], 'inactive ones only on demand');
      assert.equal(node.view().description, '3 revisions · latest 5');
    });

    it('describes a revision: latest, age, size, launch type; tooltip with containers, roles, network mode', async () => {
      const { gateway, ctx } = setup();
      gateway.addFamily('web', 3);
      const { children } = await familyChildren(ctx, 'web');
      const latest = children[0] as RevisionNode;
      const view = latest.view();
      assert.equal(view.label, 'web:3');
      assert.equal(view.description, 'latest · 7d ago · 0.25 vCPU · 512 MiB · FARGATE');
      assert.equal(children[1]!.view().description, '8d ago · 0.25 vCPU · 512 MiB · FARGATE');
      assert.equal(view.contextValue, ContextValues.taskDefinitionRevision);
      assert.equal(view.collapsible, 'none');
      assert.deepEqual(view.command, {
        id: OPEN_REVISION_COMMAND,
        title: 'Open Task Definition',
        args: [latest],
      });
      const tooltip = view.tooltip ?? '';
      assert.match(
        tooltip,
        /\*\*Containers:\*\* web: `123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/web:1\.3\.0`/,
      );
      assert.match(tooltip, /\*\*Execution role:\*\* `arn:aws:iam::123456789012:role\/ecsTaskExecutionRole`/);
      assert.match(tooltip, /\*\*Network mode:\*\* awsvpc/);
      assert.equal(latest.arn, taskDefinitionArn('web', 3));
      assert.equal(
        latest.consoleUrl(),
        'https://us-east-1.console.aws.amazon.com/ecs/v2/task-definitions/web/3/containers?region=us-east-1',
      );
      assert.deepEqual(latest.connection, { profile: 'dev', region: REGION });
    });

    it(`describes only the ${DESCRIBED_REVISIONS} newest revisions (no batch describe exists); older ones load on refresh`, async () => {
      const { gateway, ctx } = setup();
      gateway.addFamily('web', 15);
      const { children } = await familyChildren(ctx, 'web');
      assert.equal(children.length, 16);
      assert.equal(gateway.callsTo('describe').length, DESCRIBED_REVISIONS);
      const old = children[14] as RevisionNode;
      assert.equal(old.view().label, 'web:1');
      assert.equal(old.view().description, undefined);
      assert.match(old.view().tooltip ?? '', /not loaded/);
      await old.reload();
      assert.match(old.view().description ?? '', /0\.25 vCPU/);
    });

    it('keeps a revision whose describe failed, says so, and recovers on reload', async () => {
      const { gateway, ctx } = setup();
      gateway.addFamily('web', 2);
      const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      gateway.failingDescribes.set('web:2', throttled);
      const { children } = await familyChildren(ctx, 'web');
      const failed = children[0] as RevisionNode;
      assert.equal(failed.view().description, 'latest · details unavailable');
      assert.equal(failed.view().icon?.color, 'list.warningForeground');
      // What failed, why and what to do (describeAwsError), not the SDK's raw message.
      assert.match(failed.view().tooltip ?? '', /Reading web:2 failed — AWS kept throttling the requests/);
      assert.match(children[1]!.view().description ?? '', /0\.25 vCPU/, 'its sibling is unaffected');
      gateway.failingDescribes.set(
        'web:2',
        Object.assign(new Error(`Signature mismatch for aws_secret_access_key ${SECRET}`), {
          name: 'SignatureDoesNotMatch',
        }),
      );
      await failed.reload();
      assert.ok(!(failed.view().tooltip ?? '').includes(SECRET), 'the tooltip is redacted');
      gateway.failingDescribes.clear();
      await failed.reload();
      assert.match(failed.view().description ?? '', /^latest · 8d ago/);
    });

    it('lists INACTIVE revisions when the group is expanded, marked and with their own context value', async () => {
      const { gateway, ctx } = setup();
      gateway.addFamily('web', 4, { inactive: 2 });
      const { children } = await familyChildren(ctx, 'web');
      const group = children.at(-1) as InactiveRevisionsNode;
      assert.equal(group.view().contextValue, ContextValues.taskDefinitionInactiveGroup);
      const inactive = await group.getChildren();
      assert.deepEqual(labels(inactive), ['web:2', 'web:1']);
      const view = inactive[0]!.view();
      assert.match(view.description ?? '', /· INACTIVE$/);
      assert.doesNotMatch(view.description ?? '', /latest/);
      assert.equal(view.contextValue, ContextValues.taskDefinitionRevisionInactive);
      assert.equal((inactive[0] as RevisionNode).isActive, false);
    });

    it('says when a family has no active or no inactive revisions', async () => {
      const { gateway, ctx } = setup();
      gateway.addFamily('web', 1, { inactive: 1 });
      const { children } = await familyChildren(ctx, 'web');
      assert.ok(children[0] instanceof MessageNode);
      assert.deepEqual(labels(children), ['No active revisions', 'Inactive revisions']);
      gateway.addFamily('api', 1);
      const api = await familyChildren(ctx, 'api');
      assert.deepEqual(labels(await (api.children[1] as InactiveRevisionsNode).getChildren()), [
        'No inactive revisions',
      ]);
    });

    it('a deregistered revision leaves the ACTIVE list when the family is listed again', async () => {
      const { gateway, ctx } = setup();
      gateway.addFamily('web', 3);
      await gateway.deregister('web:3');
      const { node, children } = await familyChildren(ctx, 'web');
      assert.deepEqual(labels(children), ['web:2', 'web:1', 'Inactive revisions']);
      assert.equal(node.view().description, '2 revisions · latest 2');
    });

    it('gives every node a unique id that is stable across listings', async () => {
      const { gateway, ctx } = setup();
      gateway.addFamily('web', 3, { inactive: 1 }).addFamily('api', 2);
      const ids = async () => {
        const families = await taskDefinitionsRoot.list(ctx);
        const out = families.map((f) => f.id);
        for (const f of families) {
          const children = (await f.getChildren?.()) ?? [];
          out.push(...children.map((c) => c.id));
          const group = children.at(-1) as InactiveRevisionsNode;
          out.push(...(await group.getChildren()).map((c) => c.id));
        }
        return out;
      };
      const first = await ids();
      assert.deepEqual(await ids(), first);
      assert.equal(new Set(first).size, first.length);
      assert.ok(first.includes('us-east-1/taskdef:web/rev:3'));
      assert.ok(first.includes('us-east-1/taskdef:web/inactive/rev:1'));
    });
  });

  describe('task size', () => {
    it('reads CPU units as vCPU and MiB as GB when whole or half', () => {
      assert.equal(taskSize({ cpu: '256', memory: '512' }), '0.25 vCPU · 512 MiB');
      assert.equal(taskSize({ cpu: '1024', memory: '3072' }), '1 vCPU · 3 GB');
      assert.equal(taskSize({ cpu: '4096', memory: '1536' }), '4 vCPU · 1.5 GB');
      assert.equal(taskSize({}), undefined);
      assert.equal(taskSize(aTaskDefinition('x', 1, { cpu: undefined, memory: '300' })), '300 MiB');
    });
  });
});
