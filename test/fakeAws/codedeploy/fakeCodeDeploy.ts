/**
 * The fake CodeDeploy for ECS blue/green (deployment controller CODE_DEPLOY): applications, deployment
 * groups (seeded: `createApplication`, `createDeploymentGroup`) and deployments whose ECS lifecycle
 * events (BeforeInstall, Install, AfterInstall, AllowTestTraffic, AfterAllowTestTraffic,
 * BeforeAllowTraffic, AllowTraffic, AfterAllowTraffic) move over the fake clock, one lifecycle step
 * each; Install starts the replacement (green) task set and waits for its tasks to run; AllowTraffic
 * makes it the service's task definition; the original task set stops after the group's termination
 * wait. `failLifecycleEvent` makes an event fail: the deployment is Failed and, with the group's
 * auto rollback, a rollback deployment (creator codeDeployRollback) restores the original task set.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { AwsError } from '../errors';
import { Paginator } from '../pagination';
import { launchGreen, onlyDeployment, releaseBlue, restoreBlue } from '../ecs/deployments/fleet';
import type { FakeEcs } from '../ecs/fakeEcs';
import { reachedAt, scheduledAt } from '../ecs/lifecycle';
import { addEvent, newDeployment } from '../ecs/scheduler';
import type { ServiceRecord } from '../ecs/types';
import { readAppSpec } from './appSpec';
import {
  ECS_LIFECYCLE_EVENTS,
  type ApplicationRecord,
  type CodeDeployDeploymentRecord,
  type DeploymentGroupRecord,
  type EcsLifecycleEventName,
} from './types';

const MINUTE = 60_000;
const ACTIVE = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'];
const HOOK_EVENTS: readonly string[] = [
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic',
];
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export interface DeploymentGroupOptions {
  cluster: string;
  service: string;
  /** Blue and green target group names (default `<service>-blue`, `<service>-green`). */
  targetGroups?: [string, string];
  prodListenerArns?: string[];
  testListenerArns?: string[];
  terminationWaitMinutes?: number;
  /** Default: on, for DEPLOYMENT_FAILURE and DEPLOYMENT_STOP_ON_REQUEST. */
  autoRollback?: boolean;
  serviceRoleArn?: string;
}

export const codeDeployError = (code: string, message: string): AwsError => new AwsError(code, message);

export class FakeCodeDeploy {
  readonly applications = new Map<string, ApplicationRecord>();
  readonly groups = new Map<string, Map<string, DeploymentGroupRecord>>();
  /** Newest last. */
  readonly deployments = new Map<string, CodeDeployDeploymentRecord>();
  /** Lifecycle events that fail when they run ('*': every hook event), with the diagnostics message. */
  readonly failingEvents = new Map<string, string>();
  readonly pages = new Paginator();

  constructor(
    readonly ecs: FakeEcs,
    readonly clock: Clock,
  ) {
    ecs.advancers.push((now) => this.advanceAll(now));
  }

  reset(): void {
    this.applications.clear();
    this.groups.clear();
    this.deployments.clear();
    this.failingEvents.clear();
  }

  private get stepMs(): number {
    return this.ecs.lifecycleStepMs;
  }

  createApplication(name: string): ApplicationRecord {
    const existing = this.applications.get(name);
    if (existing) return existing;
    const record = { id: randomUUID(), name, createTime: this.clock.now() };
    this.applications.set(name, record);
    this.groups.set(name, new Map());
    return record;
  }

  createDeploymentGroup(
    applicationName: string,
    name: string,
    opts: DeploymentGroupOptions,
  ): DeploymentGroupRecord {
    this.createApplication(applicationName);
    const arn = (kind: string): string =>
      `arn:aws:elasticloadbalancing:${this.ecs.region}:${this.ecs.accountId}:listener/app/${opts.service}/0f1e2d3c4b5a6978/${kind}`;
    const group: DeploymentGroupRecord = {
      applicationName,
      id: randomUUID(),
      name,
      serviceRoleArn: opts.serviceRoleArn ?? `arn:aws:iam::${this.ecs.accountId}:role/ecsCodeDeployRole`,
      cluster: opts.cluster,
      service: opts.service,
      targetGroups: opts.targetGroups ?? [`${opts.service}-blue`, `${opts.service}-green`],
      prodListenerArns: opts.prodListenerArns ?? [arn('a1b2c3d4e5f60718')],
      testListenerArns: opts.testListenerArns ?? [arn('8190a1b2c3d4e5f6')],
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      terminationWaitMinutes: opts.terminationWaitMinutes ?? 0,
      autoRollback: {
        enabled: opts.autoRollback ?? true,
        events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST'],
      },
    };
    this.groups.get(applicationName)?.set(name, group);
    return group;
  }

  /** From now on this lifecycle event ('*': every hook event) fails with `message`; `fails=false` clears it. */
  failLifecycleEvent(
    event: string,
    message = 'The Lambda function for the lifecycle event failed.',
    fails = true,
  ): void {
    if (fails) this.failingEvents.set(event, message);
    else this.failingEvents.delete(event);
  }

  requireApplication(name: string | undefined): ApplicationRecord {
    if (!name)
      throw codeDeployError(
        'ApplicationNameRequiredException',
        'The minimum number of required application names was not specified.',
      );
    const app = this.applications.get(name);
    if (!app)
      throw codeDeployError('ApplicationDoesNotExistException', `No application found for name: ${name}`);
    return app;
  }

  requireGroup(applicationName: string | undefined, name: string | undefined): DeploymentGroupRecord {
    this.requireApplication(applicationName);
    if (!name)
      throw codeDeployError(
        'DeploymentGroupNameRequiredException',
        'The deployment group name was not specified.',
      );
    const group = this.groups.get(applicationName!)?.get(name);
    if (!group)
      throw codeDeployError(
        'DeploymentGroupDoesNotExistException',
        `No Deployment Group found for name: ${name}`,
      );
    return group;
  }

  requireDeployment(id: string | undefined): CodeDeployDeploymentRecord {
    if (!id)
      throw codeDeployError('DeploymentIdRequiredException', 'At least one deployment ID must be specified.');
    if (!/^d-[A-Z0-9]{9}$/.test(id))
      throw codeDeployError(
        'InvalidDeploymentIdException',
        `Specified DeploymentId is not in the valid format: ${id}`,
      );
    const d = this.deployments.get(id);
    if (!d) throw codeDeployError('DeploymentDoesNotExistException', `Deployment ${id} does not exist.`);
    return d;
  }

  private newId(): string {
    let id = 'd-';
    for (let i = 0; i < 9; i++) id += ID_CHARS[this.ecs.ids.int(ID_CHARS.length)];
    return id;
  }

  serviceOf(group: DeploymentGroupRecord): ServiceRecord | undefined {
    return this.ecs.services.get(group.cluster)?.get(group.service);
  }

  /** CreateDeployment: checks what CodeDeploy checks at once; the AppSpec itself is read when it starts. */
  createDeployment(
    group: DeploymentGroupRecord,
    revision: { revisionType: string; content: string; sha256?: string },
    description?: string,
  ): CodeDeployDeploymentRecord {
    const active = [...this.deployments.values()].find(
      (d) =>
        d.applicationName === group.applicationName &&
        d.groupName === group.name &&
        ACTIVE.includes(d.status),
    );
    if (active) {
      throw codeDeployError(
        'DeploymentLimitExceededException',
        `The Deployment Group '${group.name}' already has an active Deployment '${active.id}'`,
      );
    }
    const spec = readAppSpec(this.ecs, this.serviceOf(group), revision.content);
    const now = this.clock.now();
    const d: CodeDeployDeploymentRecord = {
      id: this.newId(),
      applicationName: group.applicationName,
      groupName: group.name,
      createTime: now,
      status: 'Created',
      revision,
      taskDefinitionArn: spec.taskDefinitionArn,
      containerName: spec.containerName,
      containerPort: spec.containerPort,
      invalid:
        spec.invalid ??
        (this.serviceOf(group)?.status === 'ACTIVE'
          ? undefined
          : `The ECS service ${group.service} is not ACTIVE.`),
      events: ECS_LIFECYCLE_EVENTS.map((name) => ({ name, status: 'Pending' })),
      eventIndex: 0,
      creator: 'user',
      description,
    };
    this.deployments.set(d.id, d);
    group.lastAttemptedDeploymentId = d.id;
    return d;
  }

  /** StopDeployment: Stopped now; the original task set takes the traffic back unless it already moved and no rollback is asked. */
  stopDeployment(d: CodeDeployDeploymentRecord, autoRollbackEnabled: boolean | undefined): void {
    if (!ACTIVE.includes(d.status)) {
      throw codeDeployError(
        'DeploymentAlreadyCompletedException',
        `Deployment ${d.id} has already completed.`,
      );
    }
    const now = this.clock.now();
    const current = d.events[d.eventIndex];
    if (current?.status === 'InProgress') {
      current.status = 'Failed';
      current.endTime = now;
      current.diagnostics = { errorCode: 'UnknownError', message: 'The deployment was stopped.' };
    }
    d.status = 'Stopped';
    d.completeTime = now;
    d.errorInformation = { code: 'MANUAL_STOP', message: 'The deployment was stopped by user.' };
    const group = this.groups.get(d.applicationName)?.get(d.groupName);
    const rollBack = autoRollbackEnabled ?? group?.autoRollback.enabled ?? false;
    const trafficMoved = d.eventIndex >= d.events.length;
    if (trafficMoved && !rollBack) {
      const service = group && this.serviceOf(group);
      const green = service?.deployments.find((x) => x.id === d.greenDeploymentId);
      if (service && green) releaseBlue(this.ecs, service, green, now);
      return;
    }
    this.undo(d, now, 'The deployment was stopped by user.', rollBack);
  }

  advanceAll(now: number): void {
    for (const d of this.deployments.values()) {
      for (let i = 0; i < 100 && ACTIVE.includes(d.status); i++) {
        const next = this.next(d, now);
        if (!next || next.at > now) break;
        next.run();
      }
    }
  }

  private next(d: CodeDeployDeploymentRecord, now: number): { at: number; run: () => void } | undefined {
    const group = this.groups.get(d.applicationName)?.get(d.groupName);
    const service = group && this.serviceOf(group);
    if (!group || !service) return undefined;
    if (d.restoresDeploymentId !== undefined) {
      const back = service.deployments[0];
      if (!back || !onlyDeployment(service, d.restoresDeploymentId)) return undefined;
      const at = Math.max(back.updatedAt, d.createTime);
      return { at, run: () => this.finish(d, 'Succeeded', at) };
    }
    if (d.status === 'Created') {
      const at = d.createTime + this.stepMs;
      return { at, run: () => this.start(d, at) };
    }
    if (d.terminationWaitStartedAt !== undefined) return this.termination(d, service, group);
    const event = d.events[d.eventIndex];
    if (!event?.startTime) return undefined;
    const failing =
      this.failingEvents.get(event.name) ??
      (HOOK_EVENTS.includes(event.name) ? this.failingEvents.get('*') : undefined);
    if (event.name === 'Install') return this.install(d, service, failing, now);
    const at = event.startTime + this.stepMs;
    if (failing !== undefined) {
      return {
        at,
        run: () =>
          this.fail(
            d,
            at,
            'HOOK_EXECUTION_FAILURE',
            failing,
            `The deployment failed because the ${event.name} lifecycle event failed: ${failing}`,
          ),
      };
    }
    return {
      at,
      run: () => {
        if (event.name === 'AllowTraffic') {
          const green = service.deployments.find((x) => x.id === d.greenDeploymentId);
          if (green) service.taskDefinitionArn = green.taskDefinitionArn;
          addEvent(
            this.ecs,
            service,
            at,
            `(service ${service.name}) (deployment ${d.id}) rerouted production traffic to the replacement task set.`,
          );
        }
        this.completeEvent(d, at);
      },
    };
  }

  private start(d: CodeDeployDeploymentRecord, at: number): void {
    if (d.invalid) {
      this.finish(d, 'Failed', at);
      d.errorInformation = { code: 'INVALID_REVISION', message: d.invalid };
      return;
    }
    d.status = 'InProgress';
    d.startTime = at;
    const first = d.events[0]!;
    first.status = 'InProgress';
    first.startTime = at;
  }

  private completeEvent(d: CodeDeployDeploymentRecord, at: number): void {
    const event = d.events[d.eventIndex]!;
    event.status = 'Succeeded';
    event.endTime = at;
    d.eventIndex++;
    const next = d.events[d.eventIndex];
    if (next) {
      next.status = 'InProgress';
      next.startTime = at;
    } else d.terminationWaitStartedAt = at;
  }

  /** Install: the green task set starts (once); done when all its tasks run; fails if one stops on its own. */
  private install(
    d: CodeDeployDeploymentRecord,
    service: ServiceRecord,
    failing: string | undefined,
    now: number,
  ): { at: number; run: () => void } | undefined {
    const event = d.events[d.eventIndex]!;
    const start = event.startTime!;
    if (failing !== undefined) {
      const at = start + this.stepMs;
      return {
        at,
        run: () =>
          this.fail(d, at, 'ECS_UPDATE_ERROR', failing, `The ECS service cannot be updated: ${failing}`),
      };
    }
    if (d.greenDeploymentId === undefined) {
      return {
        at: start,
        run: () => {
          const blue = service.deployments[0];
          const green = newDeployment(this.ecs, service, d.taskDefinitionArn!, start, 'IN_PROGRESS');
          // The service keeps its task definition until the traffic moves (AllowTraffic).
          service.taskDefinitionArn = blue?.taskDefinitionArn ?? green.taskDefinitionArn;
          d.greenDeploymentId = green.id;
          d.blueDeploymentId = blue?.id;
          d.blueTaskDefinitionArn = blue?.taskDefinitionArn;
          launchGreen(this.ecs, service, green, start);
        },
      };
    }
    const tasks = this.ecs
      .serviceTasks(service.cluster, service.name)
      .filter((t) => t.deploymentId === d.greenDeploymentId);
    const exited = tasks.map((t) =>
      t.stopCode && t.stopCode !== 'ServiceSchedulerInitiated'
        ? (scheduledAt(t, 'STOPPED') ?? t.stoppingAt)
        : undefined,
    );
    const firstExit = exited.filter((x): x is number => x !== undefined).sort((a, b) => a - b)[0];
    if (firstExit !== undefined) {
      const at = Math.max(firstExit, start);
      const reason =
        tasks.find((t) => t.stoppedReason)?.stoppedReason ?? 'A task of the replacement task set stopped.';
      return {
        at,
        run: () =>
          this.fail(
            d,
            at,
            'ECS_UPDATE_ERROR',
            reason,
            `The ECS service cannot reach a steady state: ${reason}`,
          ),
      };
    }
    const live = tasks.filter((t) => t.desiredStatus === 'RUNNING');
    if (live.length < service.desiredCount || live.some((t) => t.plannedExit)) return undefined;
    let latest = start + this.stepMs;
    for (const t of live) {
      const at = reachedAt(t, 'RUNNING', now);
      if (at === undefined) return undefined;
      latest = Math.max(latest, at);
    }
    return { at: latest, run: () => this.completeEvent(d, latest) };
  }

  private termination(
    d: CodeDeployDeploymentRecord,
    service: ServiceRecord,
    group: DeploymentGroupRecord,
  ): { at: number; run: () => void } | undefined {
    const green = service.deployments.find((x) => x.id === d.greenDeploymentId);
    if (!green) return undefined;
    if (green.hold !== undefined) {
      const at = d.terminationWaitStartedAt! + group.terminationWaitMinutes * MINUTE;
      return { at, run: () => releaseBlue(this.ecs, service, green, at) };
    }
    if (!onlyDeployment(service, green)) return undefined;
    const at = Math.max(green.updatedAt, d.terminationWaitStartedAt!);
    return {
      at,
      run: () => {
        this.finish(d, 'Succeeded', at);
        group.lastSuccessfulDeploymentId = d.id;
      },
    };
  }

  private finish(
    d: CodeDeployDeploymentRecord,
    status: 'Succeeded' | 'Failed' | 'Stopped',
    at: number,
  ): void {
    d.status = status;
    d.completeTime = at;
  }

  private fail(
    d: CodeDeployDeploymentRecord,
    at: number,
    code: string,
    diagnostics: string,
    message: string,
  ): void {
    const event = d.events[d.eventIndex];
    if (event) {
      event.status = 'Failed';
      event.endTime = at;
      event.diagnostics = { errorCode: 'ScriptFailed', message: diagnostics };
    }
    this.finish(d, 'Failed', at);
    d.errorInformation = { code, message };
    const group = this.groups.get(d.applicationName)?.get(d.groupName);
    this.undo(
      d,
      at,
      message,
      group?.autoRollback.enabled === true && group.autoRollback.events.includes('DEPLOYMENT_FAILURE'),
    );
  }

  /** The original task set takes the traffic back; with `rollback`, as a rollback deployment of its own. */
  private undo(d: CodeDeployDeploymentRecord, at: number, reason: string, rollback: boolean): void {
    const group = this.groups.get(d.applicationName)?.get(d.groupName);
    const service = group && this.serviceOf(group);
    if (!group || !service || d.greenDeploymentId === undefined) return;
    const green = service.deployments.find((x) => x.id === d.greenDeploymentId);
    const blue = service.deployments.find((x) => x.id === d.blueDeploymentId);
    const back = restoreBlue(this.ecs, service, green, blue, d.blueTaskDefinitionArn, at, reason);
    if (!rollback || !back) return;
    const r: CodeDeployDeploymentRecord = {
      id: this.newId(),
      applicationName: d.applicationName,
      groupName: d.groupName,
      createTime: at,
      startTime: at,
      status: 'InProgress',
      revision: d.revision,
      taskDefinitionArn: d.blueTaskDefinitionArn,
      containerName: d.containerName,
      containerPort: d.containerPort,
      events: ECS_LIFECYCLE_EVENTS.map((name) => ({
        name,
        status: name === 'AllowTraffic' ? 'Succeeded' : 'Skipped',
        startTime: name === 'AllowTraffic' ? at : undefined,
        endTime: name === 'AllowTraffic' ? at : undefined,
      })),
      eventIndex: ECS_LIFECYCLE_EVENTS.length,
      creator: 'codeDeployRollback',
      rollbackInfo: { rollbackTriggeringDeploymentId: d.id },
      restoresDeploymentId: back.id,
    };
    this.deployments.set(r.id, r);
    d.rollbackInfo = {
      rollbackDeploymentId: r.id,
      rollbackMessage: `Deployment ${d.id} was rolled back by the automatic rollback deployment ${r.id}.`,
    };
  }

  /** A lifecycle event's name, checked (for the admin switch). */
  static isEvent(name: string): name is EcsLifecycleEventName | '*' {
    return name === '*' || (ECS_LIFECYCLE_EVENTS as readonly string[]).includes(name);
  }
}
