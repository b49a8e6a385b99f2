// A task-definition file in the real editor: the Problems panel gets the extension's Fargate
// diagnostics and the JSON language service's schema diagnostics (through the contributed
// jsonValidation schema), a quick fix applies and its diagnostic goes away, and "Register Task
// Definition" refuses a file with errors but registers a clean one in the fake AWS endpoint.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import * as vscode from 'vscode';
import { callsSince, extensionApi, fakeAwsUrl, fakeStats, sleep, stub, waitFor, withStubs } from './helpers';

const SOURCE = 'ECS & Fargate';

/** Every defect is one the issue names; the rest of the file is valid. */
const DEFECTIVE = {
  family: 'hosttest-editor-web',
  revision: 3, // output-only: describe-task-definition returns it, register rejects it
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '700', // not a Fargate size for 0.25 vCPU
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  containerDefinitions: [
    {
      name: 'web',
      image: 'public.ecr.aws/nginx/nginx:1.27',
      essentail: true, // a typo: only the schema knows it is not a property
      portMappings: [{ containerPort: 80, hostPort: 8080 }], // awsvpc: hostPort must equal containerPort
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1' }, // no awslogs-stream-prefix
      },
    },
  ],
};

const CLEAN = {
  family: 'hosttest-editor-clean',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  containerDefinitions: [
    {
      name: 'web',
      image: 'public.ecr.aws/nginx/nginx:1.27',
      essential: true,
      portMappings: [{ containerPort: 80 }],
    },
  ],
};

const FARGATE_RULES = [
  'fargate-cpu-memory',
  'fargate-host-port',
  'awslogs-stream-prefix-required',
  'output-only-field',
];

const ruleOf = (d: vscode.Diagnostic): string | undefined =>
  d.code === undefined ? undefined : typeof d.code === 'object' ? String(d.code.value) : String(d.code);

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);

/** The JSON language service's schema problem for the misspelt property (it sets no source). */
const schemaProblem = (uri: vscode.Uri) =>
  vscode.languages
    .getDiagnostics(uri)
    .find((d) => d.source !== SOURCE && /\bessentail\b.*not allowed/.test(d.message));

/** Quick fixes at a range; the first request can be cancelled while the JSON server starts: retried. */
async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (
        (await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          uri,
          range,
          vscode.CodeActionKind.QuickFix.value,
        )) ?? []
      );
    } catch (e) {
      if (attempt >= 3 || !(e instanceof Error) || !/Canceled/i.test(e.message)) throw e;
      await sleep(300);
    }
  }
}

describe('task-definition editor (diagnostics, quick fix, register)', function () {
  let folder: string;
  let defective: vscode.Uri;
  let clean: vscode.Uri;

  before(async function () {
    if (!fakeAwsUrl()) this.skip();
    await extensionApi();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'a workspace folder');
    folder = root;
    defective = vscode.Uri.file(path.join(folder, 'web-task-definition.json'));
    clean = vscode.Uri.file(path.join(folder, 'clean-task-definition.json'));
    fs.writeFileSync(defective.fsPath, `${JSON.stringify(DEFECTIVE, null, 2)}\n`);
    fs.writeFileSync(clean.fsPath, `${JSON.stringify(CLEAN, null, 2)}\n`);
  });

  after(async () => {
    for (const doc of vscode.workspace.textDocuments) if (doc.isDirty && !doc.isUntitled) await doc.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of [defective, clean]) if (uri) fs.rmSync(uri.fsPath, { force: true });
  });

  it('the Problems panel gets the Fargate diagnostics and the schema’s', async () => {
    const document = await vscode.workspace.openTextDocument(defective);
    await vscode.window.showTextDocument(document);
    const rules = await waitFor(
      `diagnostics ${FARGATE_RULES.join(', ')} from ${SOURCE}`,
      () => {
        const found = ours(defective).map(ruleOf);
        return FARGATE_RULES.every((r) => found.includes(r)) ? found : undefined;
      },
      { timeoutMs: 15_000 },
    );
    console.log(`      ${SOURCE}: ${rules.join(', ')}`);
    for (const d of ours(defective).filter((x) => FARGATE_RULES.includes(ruleOf(x) ?? ''))) {
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error, `${ruleOf(d)} is an error`);
    }
    const hostPort = ours(defective).find((d) => ruleOf(d) === 'fargate-host-port')!;
    assert.equal(document.getText(hostPort.range), '8080', 'the hostPort diagnostic marks the value');
    const memory = ours(defective).find((d) => ruleOf(d) === 'fargate-cpu-memory')!;
    assert.equal(document.getText(memory.range), '"700"');

    // The schema (jsonValidation → dist/task-definition.schema.json) is what knows the typo.
    const schema = await waitFor(
      'the JSON schema diagnostic for "essentail"',
      () => schemaProblem(defective),
      {
        timeoutMs: 20_000,
      },
    );
    assert.equal(document.getText(schema.range), '"essentail"');
    console.log(`      schema: ${schema.message}`);
  });

  it('the preferred quick fix for hostPort applies, and its diagnostic goes away', async () => {
    const document = await vscode.workspace.openTextDocument(defective);
    const hostPort = await waitFor('the hostPort diagnostic', () =>
      ours(defective).find((d) => ruleOf(d) === 'fargate-host-port'),
    );
    const actions = await quickFixes(defective, hostPort.range);
    // The command returns the actions without their diagnostics: at the hostPort value there are
    // only the hostPort fixes.
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Set hostPort to 80', 'Remove hostPort'],
    );
    const preferred = actions.find((a) => a.isPreferred);
    assert.equal(preferred?.title, 'Set hostPort to 80');
    assert.ok(preferred.edit, 'the fix carries its edit');
    assert.equal(await vscode.workspace.applyEdit(preferred.edit), true);
    assert.match(document.getText(), /"hostPort": 80\b/);
    await waitFor('the hostPort diagnostic to go away', () =>
      ours(defective).every((d) => ruleOf(d) !== 'fargate-host-port'),
    );
    assert.ok(
      ours(defective).some((d) => ruleOf(d) === 'fargate-cpu-memory'),
      'the other problems stay until they are fixed',
    );
    await document.save();
  });

  it('Register Task Definition refuses a file with errors, listing them, and registers nothing', async () => {
    const stats = await fakeStats();
    const modal = stub(vscode.window, 'showErrorMessage', () => Promise.resolve(undefined));
    const result = await withStubs([modal], () =>
      vscode.commands.executeCommand('ecsFargate.registerTaskDefinition', defective),
    );
    assert.equal(result, undefined);
    assert.equal(modal.calls.length, 1, 'one refusal');
    const [message, options] = modal.calls[0]! as [string, vscode.MessageOptions & { detail?: string }];
    assert.equal(options.modal, true);
    assert.match(message, /^web-task-definition\.json was not registered: fix these \d+ errors first\.$/);
    const detail = options.detail ?? '';
    for (const want of [/"revision"/, /700 MiB is not valid/, /awslogs-stream-prefix/, /essentail/]) {
      assert.match(detail, want);
    }
    assert.equal(await callsSince(stats, 'RegisterTaskDefinition'), 0, 'no RegisterTaskDefinition call');
  });

  it('Register Task Definition registers a clean file: the fake has the new revision', async () => {
    const stats = await fakeStats();
    const errors = stub(vscode.window, 'showErrorMessage', () => Promise.resolve(undefined));
    const info = stub(vscode.window, 'showInformationMessage', () => Promise.resolve(undefined));
    const registered = await withStubs([errors, info], () =>
      vscode.commands.executeCommand<{ family?: string; revision?: number; taskDefinitionArn?: string }>(
        'ecsFargate.registerTaskDefinition',
        clean,
      ),
    );
    assert.equal(errors.calls.length, 0, `no error shown: ${JSON.stringify(errors.calls[0] ?? [])}`);
    assert.equal(registered?.family, CLEAN.family);
    assert.equal(await callsSince(stats, 'RegisterTaskDefinition'), 1, 'one RegisterTaskDefinition call');
    assert.match(
      String(info.calls[0]?.[0]),
      new RegExp(`^Registered the task definition: ${CLEAN.family}:\\d+$`),
    );

    const ecs = new ECSClient({ endpoint: fakeAwsUrl() });
    try {
      const out = await ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: `${CLEAN.family}:${registered?.revision}` }),
      );
      assert.equal(out.taskDefinition?.taskDefinitionArn, registered?.taskDefinitionArn);
      assert.equal(out.taskDefinition?.memory, '512');
      assert.equal(
        out.taskDefinition?.containerDefinitions?.[0]?.image,
        CLEAN.containerDefinitions[0]!.image,
      );
    } finally {
      ecs.destroy();
    }
  });

  it('Register Task Definition creates the missing awslogs log group first, with a 30-day retention', async () => {
    const group = `/ecs/hosttest-loggroup-${Date.now()}`;
    const withLogs = vscode.Uri.file(path.join(folder, 'logs-task-definition.json'));
    const definition = structuredClone(CLEAN) as typeof CLEAN & {
      containerDefinitions: Array<{ logConfiguration?: object }>;
    };
    definition.family = 'hosttest-editor-logs';
    Object.assign(definition, { executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole' });
    definition.containerDefinitions[0]!.logConfiguration = {
      logDriver: 'awslogs',
      options: { 'awslogs-group': group, 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs' },
    };
    fs.writeFileSync(withLogs.fsPath, `${JSON.stringify(definition, null, 2)}\n`);
    const logs = new CloudWatchLogsClient({ endpoint: fakeAwsUrl() });
    try {
      const errors = stub(vscode.window, 'showErrorMessage', () => Promise.resolve(undefined));
      const info = stub(vscode.window, 'showInformationMessage', () => Promise.resolve(undefined));
      await withStubs([errors, info], () =>
        vscode.commands.executeCommand('ecsFargate.registerTaskDefinition', withLogs),
      );
      assert.equal(errors.calls.length, 0, `no error shown: ${JSON.stringify(errors.calls[0] ?? [])}`);
      assert.match(
        String(info.calls[0]?.[0]),
        new RegExp(
          `^Registered the task definition and created its log group ${group}: hosttest-editor-logs:\\d+$`,
        ),
      );
      const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
      assert.equal(out.logGroups?.[0]?.logGroupName, group);
      assert.equal(out.logGroups?.[0]?.retentionInDays, 30);
    } finally {
      logs.destroy();
      fs.rmSync(withLogs.fsPath, { force: true });
    }
  });
});
