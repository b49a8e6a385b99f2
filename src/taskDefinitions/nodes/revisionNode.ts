/**
 * One revision of a task definition (`web:7`): registered how long ago, its task size and launch
 * types, INACTIVE when deregistered; the tooltip lists containers and images, roles and network
 * mode. Clicking it opens the revision as read-only JSON.
 *
 * ECS has no batch describe for task definitions (one DescribeTaskDefinition per revision), so a
 * family describes only its newest revisions when listed; older ones show their name until they
 * are refreshed or opened (every action works from the ARN alone).
 */
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import {
  parseTaskDefinitionId,
  type RegisteredTaskDefinition,
  type TaskDefinitionId,
} from '../../aws/taskDefinitionGateway';
import { consoleUrls } from '../../explorer/consoleUrls';
import { ContextValues } from '../../explorer/contextValues';
import type { ExplorerNode, NodeIcon, NodeView } from '../../explorer/nodes/explorerNode';
import { Icons, code, formatAge, localTimeWithAge, md, tooltip } from '../../explorer/nodes/format';
import type { TaskDefinitionsContext } from './taskDefinitionsContext';

/** How many of a list's newest revisions are described when it is listed. */
export const DESCRIBED_REVISIONS = 10;

export const OPEN_REVISION_COMMAND = 'ecsFargate.openTaskDefinition';

export interface RevisionNodeOptions {
  /** Listed with status INACTIVE (known before any describe). */
  readonly inactive: boolean;
  /** The newest ACTIVE revision of its family. */
  readonly latest?: boolean;
  readonly details?: RegisteredTaskDefinition;
  /** Why the describe failed. */
  readonly problem?: string;
}

export class RevisionNode implements ExplorerNode {
  readonly ref: TaskDefinitionId;
  details: RegisteredTaskDefinition | undefined;
  problem: string | undefined;

  constructor(
    readonly parent: ExplorerNode,
    readonly ctx: TaskDefinitionsContext,
    readonly arn: string,
    private readonly options: RevisionNodeOptions,
  ) {
    this.ref = parseTaskDefinitionId(arn) ?? { family: arn, revision: 0 };
    this.details = options.details;
    this.problem = options.problem;
  }

  get id(): string {
    return `${this.parent.id}/rev:${this.ref.revision}`;
  }

  /** `family:revision`. */
  get name(): string {
    return `${this.ref.family}:${this.ref.revision}`;
  }

  /** ACTIVE, INACTIVE or DELETE_IN_PROGRESS: from the describe when there was one, else the listing. */
  get status(): string {
    return this.details?.taskDefinition.status ?? (this.options.inactive ? 'INACTIVE' : 'ACTIVE');
  }

  get isActive(): boolean {
    return this.status === 'ACTIVE';
  }

  /** Where the node's data comes from, for documents and messages. */
  get connection(): { readonly profile: string; readonly region: string } {
    return { profile: this.ctx.profile, region: this.ctx.region };
  }

  consoleUrl(): string {
    return consoleUrls.taskDefinition(this.ctx.region, this.ref.family, this.ref.revision);
  }

  async reload(signal?: AbortSignal): Promise<void> {
    try {
      this.details = await this.ctx.taskDefinitions.describe(this.arn, signal);
      this.problem = undefined;
    } catch (error) {
      if (signal?.aborted) throw error;
      this.problem = problemText(this.ctx, this.arn, error);
    }
  }

  view(): NodeView {
    const td = this.details?.taskDefinition;
    const parts: string[] = [];
    if (this.options.latest && this.isActive) parts.push('latest');
    if (td) {
      if (td.registeredAt) parts.push(`${formatAge(td.registeredAt.getTime(), this.ctx.now())} ago`);
      const size = taskSize(td);
      if (size) parts.push(size);
      const launch = launchTypes(td);
      if (launch) parts.push(launch);
    } else if (this.problem) {
      parts.push('details unavailable');
    }
    if (!this.isActive) parts.push(this.status);
    return {
      label: this.name,
      description: parts.length > 0 ? parts.join(' · ') : undefined,
      tooltip: this.tooltip(td),
      icon: this.icon(),
      collapsible: 'none',
      contextValue: this.isActive
        ? ContextValues.taskDefinitionRevision
        : ContextValues.taskDefinitionRevisionInactive,
      command: { id: OPEN_REVISION_COMMAND, title: 'Open Task Definition', args: [this] },
    };
  }

  private icon(): NodeIcon {
    if (this.problem && !this.details) return Icons.warning('file-code');
    return this.isActive ? { id: 'file-code' } : Icons.idle('file-code');
  }

  private tooltip(td: TaskDefinition | undefined): string {
    if (!td) {
      return tooltip(`Task definition ${this.name}`, [
        ['Status', md(this.status)],
        [
          'Details',
          this.problem
            ? md(this.problem)
            : `not loaded (the ${DESCRIBED_REVISIONS} newest revisions are); refresh this revision to load them`,
        ],
        ['ARN', code(this.arn)],
      ]);
    }
    const containers = (td.containerDefinitions ?? [])
      .map((c) => `${md(c.name)}: ${code(c.image)}`)
      .join('  \n');
    return tooltip(`Task definition ${this.name}`, [
      ['Status', md(td.status)],
      ['Containers', containers || undefined],
      ['CPU / memory', taskSize(td) ? md(taskSize(td)) : undefined],
      ['Network mode', td.networkMode ? md(td.networkMode) : undefined],
      [
        'Requires',
        td.requiresCompatibilities?.length ? md(td.requiresCompatibilities.join(', ')) : undefined,
      ],
      ['Compatible with', td.compatibilities?.length ? md(td.compatibilities.join(', ')) : undefined],
      ['Execution role', td.executionRoleArn ? code(td.executionRoleArn) : undefined],
      ['Task role', td.taskRoleArn ? code(td.taskRoleArn) : undefined],
      ['Registered', localTimeWithAge(td.registeredAt, this.ctx.now())],
      ['Registered by', td.registeredBy ? code(td.registeredBy) : undefined],
      ['Deregistered', localTimeWithAge(td.deregisteredAt, this.ctx.now())],
      ['ARN', code(td.taskDefinitionArn ?? this.arn)],
    ]);
  }
}

/** "0.25 vCPU · 512 MiB", "1 vCPU · 2 GB"; undefined without task-level sizes (EC2). */
export function taskSize(td: Pick<TaskDefinition, 'cpu' | 'memory'>): string | undefined {
  const parts: string[] = [];
  const cpu = Number(td.cpu);
  if (td.cpu && Number.isFinite(cpu)) parts.push(`${cpu / 1024} vCPU`);
  else if (td.cpu) parts.push(td.cpu);
  const memory = Number(td.memory);
  if (td.memory && Number.isFinite(memory)) {
    parts.push(memory >= 1024 && memory % 512 === 0 ? `${memory / 1024} GB` : `${memory} MiB`);
  } else if (td.memory) parts.push(td.memory);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** What it was registered for (requiresCompatibilities), else what ECS found it compatible with. */
function launchTypes(td: TaskDefinition): string | undefined {
  const list = td.requiresCompatibilities?.length ? td.requiresCompatibilities : td.compatibilities;
  return list?.length ? list.join('+') : undefined;
}

/** What failed, why and what to do, redacted (never the SDK's raw message). */
function problemText(ctx: TaskDefinitionsContext, arn: string, error: unknown): string {
  return ctx.describeError(error, { step: `Reading ${arn.slice(arn.lastIndexOf('/') + 1)}` }).message;
}

/**
 * Revision nodes for a listing (ARNs newest first): the newest DESCRIBED_REVISIONS are described
 * (through the gateway's limiter); a failed describe becomes that node's problem, not the list's.
 */
export async function revisionNodes(
  parent: ExplorerNode,
  ctx: TaskDefinitionsContext,
  arns: readonly string[],
  inactive: boolean,
  signal?: AbortSignal,
): Promise<RevisionNode[]> {
  const described = await Promise.all(
    arns.slice(0, DESCRIBED_REVISIONS).map(async (arn) => {
      try {
        return { details: await ctx.taskDefinitions.describe(arn, signal) };
      } catch (error) {
        if (signal?.aborted) throw error;
        return { problem: problemText(ctx, arn, error) };
      }
    }),
  );
  return arns.map(
    (arn, i) =>
      new RevisionNode(parent, ctx, arn, { inactive, latest: !inactive && i === 0, ...(described[i] ?? {}) }),
  );
}
