// The UI scenario: what a person does with the extension in VS Code, step by step, with what the
// page must show after each step. Runs against the demo fleet of the fake AWS endpoint
// (`--fleet demo`). Each step names the steps it builds on: when one of those did not pass, it is
// skipped. Every step ends with a screenshot (test-results/screenshots/NN-slug.png).
//
// `expected` holds the labels of the demo fleet (test/fakeAws/demoFleet.ts) as the tree shows them;
// checked against both as they are now: when either changes, change it here. Selectors (VS Code's
// DOM) live in workbench.ts only.
import * as assert from 'node:assert/strict';
import { type PackageJson } from '../host/harness/paths';
import { canaryDeployStep } from './canaryDeployStep';
import { deployStep } from './deployStep';
import { execShellStep } from './execStep';
import { followLogsStep } from './logsStep';
import { paletteRankingStep } from './paletteStep';
import { statusBarBeforeViewStep } from './statusBarStep';
import { metricsStep } from './metricsStep';
import { runLocallyStep, stopLocallyStep } from './runLocallyStep';
import { type TreeRow, type Workbench } from './workbench';

export const expected = {
  /** aria-label prefix of the activity-bar entry (viewsContainers.activitybar title). */
  viewContainer: 'ECS',
  viewName: 'Clusters',
  clusters: ['production', 'staging'],
  production: {
    services: ['web-frontend', 'orders-api'],
    groups: ['Standalone tasks', 'Stopped tasks'],
    /** web-frontend's description shows running/desired */
    webFrontendDescription: /\b3\s*\/\s*3\b/,
  },
  staging: { services: ['flask-app'] },
  /** a task that can be stopped shows this in its description */
  runningTask: /RUNNING/i,
  /** after Stop Task was confirmed the task's description leaves RUNNING (or the row goes away) */
  stoppingTask: /STOPP|DEACTIVAT|DEPROVISION/i,
  stopTaskMenuItem: /^Stop Task/,
  serviceEventsMenuItem: /^Show Service Events/,
  /** Run Task from F1 on the staging cluster with the tutorial's Flask app: each question and the answer typed. */
  runTask: {
    command: 'ECS: Run Task',
    cluster: 'staging',
    answers: [
      [/Task definition family/, 'flask-app'],
      [/Revision of flask-app/, undefined],
      [/Run Task: Cluster/, 'staging'],
      [/Run Task: Networking/, undefined],
      [/Run Task: Public IP/, undefined],
      [/Run Task: Capacity/, undefined],
      [/Run Task: Count/, undefined],
      [/Run Task: Overrides/, undefined],
      [/Run Task: ECS Exec/, undefined],
    ] as Array<[RegExp, string | undefined]>,
    running: /RUNNING on cluster staging/,
  },
  stopTaskConfirmButton: /Stop Task|^Stop$/,
  /** The connection status-bar item: its accessible name (accessibilityInformation) and its text. */
  connectionStatus: {
    name: 'AWS profile environment, region us-east-1',
    text: /^\s*environment · us-east-1\s*$/,
  },
};

export interface ScenarioContext {
  wb: Workbench;
  baseUrl: string;
  workspace: string;
  manifest: PackageJson;
  fakeAwsUrl?: string;
  /** The Docker test engine and registry the extension was given, or why there is none. */
  docker: { env: Record<string, string> } | { unavailable: string };
  /** Values passed between steps. */
  state: { task?: TreeRow; [key: string]: unknown };
  log: (message: string) => void;
}

export interface Step {
  slug: string;
  title: string;
  needs?: string[];
  /** Why the step cannot run here (e.g. no Docker); undefined: it can. CI fails instead of skipping. */
  skipUnless?(ctx: ScenarioContext): string | undefined;
  run(ctx: ScenarioContext): Promise<void>;
}

async function fakeAdmin<T>(ctx: ScenarioContext, pathAndQuery: string): Promise<T | undefined> {
  if (!ctx.fakeAwsUrl) return undefined;
  const response = await fetch(new URL(pathAndQuery, ctx.fakeAwsUrl));
  if (!response.ok) throw new Error(`GET ${pathAndQuery}: ${response.status}`);
  return (await response.json()) as T;
}

/** Command `id` as the palette lists it ("ECS: Refresh"), or undefined when package.json lacks it. */
export function paletteCommand(manifest: PackageJson, id: string): { id: string; title: string } | undefined {
  const pick = manifest.contributes?.commands?.find((c) => c.command === id);
  if (!pick) return undefined;
  return { id: pick.command, title: pick.category ? `${pick.category}: ${pick.title}` : pick.title };
}

export const steps: Step[] = [
  {
    slug: 'workbench',
    title: 'the workbench opens on the workspace folder',
    async run({ wb, baseUrl, workspace }) {
      await wb.open(baseUrl, workspace);
      await wb.page.waitForTimeout(1500); // let the startup notifications and views settle
    },
  },
  paletteRankingStep, // before any command is run from F1: recent use would rank it first
  statusBarBeforeViewStep, // before the ECS view is opened
  {
    slug: 'ecs-view',
    title: `the ${expected.viewContainer} view opens from the activity bar`,
    needs: ['workbench'],
    async run({ wb, log }) {
      await wb.openViewContainer(expected.viewContainer);
      await wb.widenSideBar(620);
      const title = await wb.sideBarTitle();
      const headers = await wb.viewHeaders();
      log(`side bar: "${title}", views: ${JSON.stringify(headers)}`);
      const shown = `${title} ${headers.join(' ')}`.toUpperCase();
      assert.ok(
        shown.includes(expected.viewName.toUpperCase()),
        `the side bar shows the ${expected.viewName} view`,
      );
    },
  },
  {
    slug: 'clusters',
    title: 'the clusters of the account are listed',
    needs: ['ecs-view'],
    async run({ wb, log }) {
      for (const name of expected.clusters) await wb.waitForRow(name, { level: 1 });
      const roots = (await wb.rows()).filter((r) => r.level === 1);
      log(`clusters: ${roots.map((r) => `${r.label} (${r.description})`).join(', ')}`);
    },
  },
  {
    slug: 'cluster-expanded',
    title: 'a cluster expands to its services and task groups',
    needs: ['clusters'],
    async run({ wb, log }) {
      const children = await wb.expand('production', { level: 1 });
      await wb.waitForRow(expected.production.services[0]!, { level: 2 });
      const rows = await wb.childrenOf(await wb.waitForRow('production', { level: 1 }));
      log(`production: ${rows.map((r) => `${r.label} [${r.description}]`).join(', ')}`);
      const labels = rows.map((r) => r.label);
      for (const want of [...expected.production.services, ...expected.production.groups]) {
        assert.ok(labels.includes(want), `"${want}" is under production (saw ${labels.join(', ')})`);
      }
      const web = rows.find((r) => r.label === 'web-frontend');
      assert.match(
        web?.description ?? '',
        expected.production.webFrontendDescription,
        'web-frontend shows 3/3',
      );
      assert.ok(children.length >= labels.length);
    },
  },
  {
    slug: 'service-expanded',
    title: 'a service expands to its tasks, each with a status',
    needs: ['cluster-expanded'],
    async run({ wb, log, state }) {
      const tasks = await wb.expand('web-frontend', { level: 2 });
      log(`web-frontend tasks: ${tasks.map((t) => `${t.label} [${t.description}]`).join(', ')}`);
      for (const t of tasks) assert.ok(t.description, `task ${t.label} shows a description`);
      state.task = tasks.find((t) => expected.runningTask.test(t.description));
      assert.ok(state.task, 'a running task is listed');
    },
  },
  {
    slug: 'task-details',
    title: 'hovering a task shows its details: status, task definition, ARN',
    needs: ['service-expanded'],
    async run({ wb, log, state }) {
      const task = await wb.waitForRow(state.task!.label, { level: state.task!.level });
      const details = await wb.hoverDetails(task);
      log(`tooltip: ${details.replace(/\s+/g, ' ').slice(0, 200)}`);
      assert.match(details, /Task definition/);
      assert.match(details, /arn:aws:ecs:[a-z0-9-]+:\d{12}:task\//);
      assert.ok(details.includes(task.label), 'the tooltip names the task');
    },
  },
  execShellStep, // before Stop Task stops the task it uses
  {
    slug: 'stop-task-dialog',
    title: 'right-click a task → Stop Task asks for confirmation in a modal dialog',
    needs: ['service-expanded'],
    async run({ wb, log, state }) {
      const task = await wb.waitForRow(state.task!.label, { level: state.task!.level });
      await wb.contextMenu(task, expected.stopTaskMenuItem);
      const text = await wb.dialogText();
      log(`dialog: ${text.replace(/\s+/g, ' ')}`);
      // It names this task and its cluster (a dialog about some other stop would not do).
      assert.ok(text.includes(`Stop task ${task.label}`), `the dialog asks to stop task ${task.label}`);
      assert.match(text, /in cluster production\?/, 'the dialog names the task’s cluster');
    },
  },
  {
    slug: 'stop-task-confirmed',
    title: 'confirming stops the task: its status leaves RUNNING and the fake AWS saw StopTask',
    needs: ['stop-task-dialog'],
    async run(ctx) {
      const { wb, log, state } = ctx;
      await wb.dialogButton(expected.stopTaskConfirmButton);
      const label = state.task!.label;
      const end = Date.now() + 20_000;
      for (;;) {
        const row = (await wb.rows()).find((r) => r.label === label);
        if (!row || expected.stoppingTask.test(row.description)) {
          log(`task ${label}: ${row ? row.description : 'no longer listed'}`);
          break;
        }
        if (Date.now() > end) assert.fail(`task ${label} still shows "${row.description}"`);
        await wb.page.waitForTimeout(300);
      }
      // What the fake AWS saw: exactly one StopTask, and the task is no longer RUNNING there.
      const stats = await fakeAdmin<{ byOperation: Record<string, number> }>(ctx, '/__fake/stats');
      if (stats) assert.equal(stats.byOperation.StopTask, 1, 'the fake AWS endpoint received one StopTask');
      const tasks = await fakeAdmin<Record<string, unknown>[]>(ctx, '/__fake/ecs/tasks?cluster=production');
      const stopped = tasks?.find((t) => JSON.stringify(t).includes(label));
      if (tasks) assert.notEqual(stopped?.lastStatus, 'RUNNING', `task ${label} is stopping in the fake`);
    },
  },
  {
    slug: 'service-events',
    title: 'right-click a service → Show Service Events lists its deployments and events',
    needs: ['cluster-expanded'],
    async run({ wb, log }) {
      const service = await wb.waitForRow('web-frontend', { level: 2 });
      await wb.contextMenu(service, expected.serviceEventsMenuItem);
      const text = await wb.outputText();
      log(`output: ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
      assert.match(text, /web-frontend/, 'the channel names the service');
      assert.match(text, /PRIMARY/, 'the deployments are listed with their status');
      assert.match(text, /has reached a steady state/, 'the service events are listed');
    },
  },
  metricsStep,
  {
    slug: 'run-task',
    title: 'F1 → Run Task: answer each question, and the task runs on Fargate and shows in the tree',
    needs: ['clusters'],
    async run(ctx) {
      const { wb, log } = ctx;
      const tasksPath = `/__fake/ecs/tasks?cluster=${expected.runTask.cluster}`;
      const ours = (tasks: Record<string, unknown>[] | undefined) =>
        tasks?.filter((t) => t['startedBy'] === 'ecs-fargate-vscode').length;
      const before = ours(await fakeAdmin<Record<string, unknown>[]>(ctx, tasksPath));
      await wb.page.keyboard.press('F1');
      await wb.page.locator('.quick-input-widget input').fill(`>${expected.runTask.command}`);
      const entry = wb.page
        .locator('.quick-input-list .monaco-list-row')
        .filter({ hasText: expected.runTask.command })
        .first();
      await entry.waitFor({ timeout: 15_000 });
      await wb.page.keyboard.press('Enter');
      for (const [question, answer] of expected.runTask.answers) {
        log(`asked "${await wb.answerQuickInput(question, answer)}" → ${answer ?? '(default)'}`);
      }
      const end = Date.now() + 30_000;
      let toasts: string[];
      for (;;) {
        toasts = (await wb.toasts()).map((t) => t.message);
        if (toasts.some((m) => expected.runTask.running.test(m))) break;
        if (Date.now() > end) assert.fail(`no "RUNNING" notification (saw: ${toasts.join(' | ')})`);
        await wb.page.waitForTimeout(300);
      }
      log(`notification: ${toasts.find((m) => expected.runTask.running.test(m)) ?? ''}`);
      const after = ours(await fakeAdmin<Record<string, unknown>[]>(ctx, tasksPath));
      if (before !== undefined && after !== undefined) {
        assert.equal(after - before, 1, 'the fake AWS endpoint holds one more task started by the extension');
      }
      await wb.expand(expected.runTask.cluster, { level: 1 });
      const standalone = await wb.expand('Standalone tasks', { level: 2, under: expected.runTask.cluster });
      log(`standalone tasks: ${standalone.map((r) => `${r.label} [${r.description}]`).join(', ')}`);
      assert.ok(
        standalone.some((r) => /flask-app:2/.test(`${r.description} ${r.ariaLabel}`)),
        'the new task shows under Standalone tasks',
      );
    },
  },
  followLogsStep,
  deployStep,
  canaryDeployStep, // after deploy: the deploy file then holds both targets, as this step writes it
  {
    slug: 'staging',
    title: 'another cluster expands to its own services',
    needs: ['clusters'],
    async run({ wb, log }) {
      const children = await wb.expand('staging', { level: 1 });
      log(`staging: ${children.map((r) => `${r.label} [${r.description}]`).join(', ')}`);
      for (const s of expected.staging.services) {
        assert.ok(
          children.some((c) => c.label === s),
          `"${s}" is under staging`,
        );
      }
    },
  },
  {
    slug: 'command-palette',
    title: 'F1 → ECS: Refresh runs: the Clusters view asks AWS for its clusters again',
    needs: ['clusters'],
    async run(ctx) {
      const { wb, log, manifest } = ctx;
      const command = paletteCommand(manifest, 'ecsFargate.refresh');
      assert.ok(command, 'package.json declares ecsFargate.refresh');
      assert.ok(ctx.fakeAwsUrl, 'the fake AWS endpoint runs (it counts the calls the command makes)');
      // Nothing else lists clusters while the view is idle (live updates only re-describe).
      const listClusters = async (): Promise<number> =>
        (await fakeAdmin<{ byOperation: Record<string, number> }>(ctx, '/__fake/stats'))?.byOperation
          .ListClusters ?? 0;
      const before = await listClusters();
      log(`F1 → ${command.title} (${command.id})`);
      await wb.runCommand(command.title);
      const end = Date.now() + 15_000;
      while ((await listClusters()) <= before) {
        if (Date.now() > end)
          assert.fail(`${command.id} ran, but the Clusters view listed no clusters again`);
        await wb.page.waitForTimeout(200);
      }
      log(`ListClusters calls: ${before} → ${await listClusters()}`);
    },
  },
  {
    // The extension host cannot read a status-bar item; the page can (test/host/suite/connection.test.ts).
    slug: 'status-bar',
    title: 'the status bar shows the AWS profile and region',
    needs: ['clusters'],
    async run({ wb, log }) {
      // Found by its accessible name (the extension's accessibilityInformation), not by VS Code's DOM.
      const item = wb.page.getByRole('button', { name: expected.connectionStatus.name, exact: true });
      await item.first().waitFor({ timeout: 15_000 });
      const text = (await item.first().textContent()) ?? '';
      log(`status bar: "${text.trim()}"`);
      assert.match(text, expected.connectionStatus.text);
    },
  },
  runLocallyStep, // last: it opens an editor and the Local view
  stopLocallyStep,
];
