/**
 * The explorer's node model, kept free of the editor API so every node's label, description,
 * tooltip, icon and children can be tested in plain Node. The tree data provider turns a
 * NodeView into a vscode.TreeItem; nodes never show messages (errors become MessageNodes).
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { EcsGateway } from '../../aws/ecsGateway';
import type { CloudTrailGateway } from '../../aws/cloudTrailGateway';
import type { ServiceDeploymentsGateway } from '../../aws/serviceDeploymentsGateway';
import type { NodeCommand } from '../problemActions';

export type Collapsible = 'none' | 'collapsed' | 'expanded';

/** A codicon id and an optional theme color id (e.g. 'testing.iconPassed'). */
export interface NodeIcon {
  readonly id: string;
  readonly color?: string;
}

export interface NodeView {
  readonly label: string;
  readonly description?: string;
  /**
   * Markdown; user-provided text in it is escaped. The tree reads it only when the row is hovered
   * (resolveTreeItem), so a node with a costly tooltip (services, tasks: thousands of rows) makes it a
   * getter and builds it then (docs/performance.md §3).
   */
  readonly tooltip?: string;
  readonly icon?: NodeIcon;
  readonly collapsible: Collapsible;
  readonly contextValue: string;
  /** Run when the node is clicked (error nodes: the suggested fix). */
  readonly command?: NodeCommand;
}

export interface ExplorerNode {
  /** Stable across refreshes, so VS Code keeps expansion and selection. */
  readonly id: string;
  readonly parent: ExplorerNode | undefined;
  view(): NodeView;
  /** `progress` is given by the tree: a node whose children arrive over time (a long list) uses it. */
  getChildren?(signal?: AbortSignal, progress?: ChildrenProgress): Promise<ExplorerNode[]>;
  /** Re-reads this node's own resource (used by "Refresh" on the node). */
  reload?(signal?: AbortSignal): Promise<void>;
  /** The resource ARN, for "Copy ARN". */
  readonly arn?: string;
  /** The AWS console page of the resource, for "Open in Console". */
  consoleUrl?(): string;
}

/** How a node whose children arrive over time talks back to the tree. */
export interface ChildrenProgress {
  /** The node has more (or final) children: the tree asks for them again. */
  changed(node: ExplorerNode): void;
  /** An error row under the node for a failure part-way, with the fix (and retry) on it. */
  problem(node: ExplorerNode, error: unknown): ExplorerNode;
}

/** Dependencies every node receives (one per connection: profile + region). */
export interface ExplorerContext {
  readonly ecs: EcsGateway;
  /** Service deployments (the "Deployments" node under each service); absent: no such node. */
  readonly deployments?: ServiceDeploymentsGateway;
  /** CloudTrail's event history: who started each service deployment; absent: no "Triggered by". */
  readonly cloudTrail?: CloudTrailGateway;
  readonly region: string;
  /** Epoch milliseconds; injected so ages render deterministically in tests. */
  now(): number;
  /**
   * Extra facts about a cluster's services (utilization, auto scaling), fetched in batches once the
   * services are listed. Never throws: what it cannot get it leaves out or explains in `note`.
   */
  decorateServices?(
    cluster: string,
    services: readonly Service[],
    signal?: AbortSignal,
  ): Promise<ServiceDecorations>;
}

/** Keyed by service name. */
export type ServiceDecorations = ReadonlyMap<string, ServiceDecoration>;

export interface ServiceDecoration {
  /** Average CPU / memory utilization in percent (1-minute average of the last 5 minutes). */
  readonly cpuPercent?: number;
  readonly memoryPercent?: number;
  /** Why utilization is missing, e.g. "no data (Container Insights off?)". */
  readonly metricsNote?: string;
  /** The service's auto scaling range and policies, when it has a scalable target. */
  readonly scaling?: { readonly min: number; readonly max: number; readonly policies: readonly string[] };
}

/** A node whose resource is still changing (a task starting or stopping, a rollout in progress). */
export interface LiveNode extends ExplorerNode {
  readonly live: {
    readonly kind: 'task' | 'service' | 'serviceDeployment';
    readonly cluster: string;
    readonly arn: string;
  };
  isTransitional(): boolean;
}

export function isLiveNode(node: ExplorerNode): node is LiveNode {
  return 'live' in node && typeof (node as Partial<LiveNode>).isTransitional === 'function';
}
