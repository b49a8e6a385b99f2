/**
 * A hand-written, in-memory EcsGateway for the layers above the gateway (nodes, live updates,
 * commands). It records calls and can fail per method, so tests can assert what was asked.
 */
import type {
  Cluster,
  CreateServiceCommandInput,
  RunTaskCommandInput,
  Service,
  Task,
} from '@aws-sdk/client-ecs';
import type {
  ContainerInsightsValue,
  EcsGateway,
  ExecCommandInput,
  ExecSession,
  NewCluster,
  RunTaskResult,
  ServiceChange,
  TaskFilter,
} from '../../src/aws/ecsGateway';
import type { Described, DescribeFailure } from '../../src/aws/listAndDescribe';

type Method = keyof EcsGateway;

function abortError(): Error {
  const error = new Error('Request aborted');
  error.name = 'AbortError';
  return error;
}

export class FakeEcsGateway implements EcsGateway {
  clusters: Cluster[] = [];
  services = new Map<string, Service[]>();
  tasks = new Map<string, Task[]>();
  failures: DescribeFailure[] = [];
  readonly calls: Array<{ method: Method; args: unknown[] }> = [];
  private readonly errors = new Map<Method, Error>();

  failNext(method: Method, error: Error): this {
    this.errors.set(method, error);
    return this;
  }

  private record(method: Method, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const error = this.errors.get(method);
    if (error) {
      this.errors.delete(method);
      throw error;
    }
  }

  callsTo(method: Method): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  listClusters(): Promise<Described<Cluster>> {
    this.record('listClusters');
    return Promise.resolve({ items: this.clusters, failures: this.failures });
  }

  listServices(cluster: string): Promise<Described<Service>> {
    this.record('listServices', cluster);
    return Promise.resolve({ items: this.services.get(cluster) ?? [], failures: this.failures });
  }

  listTasks(cluster: string, filter: TaskFilter = {}): Promise<Described<Task>> {
    this.record('listTasks', cluster, filter);
    const wantStopped = filter.desiredStatus === 'STOPPED';
    const items = (this.tasks.get(cluster) ?? []).filter(
      (t) =>
        (t.desiredStatus === 'STOPPED') === wantStopped &&
        (!filter.serviceName || t.group === `service:${filter.serviceName}`),
    );
    return Promise.resolve({ items, failures: [] });
  }

  describeServices(cluster: string, services: readonly string[]): Promise<Described<Service>> {
    this.record('describeServices', cluster, services);
    const all = this.services.get(cluster) ?? [];
    return Promise.resolve({
      items: all.filter(
        (s) => services.includes(s.serviceArn ?? '') || services.includes(s.serviceName ?? ''),
      ),
      failures: [],
    });
  }

  describeTasks(cluster: string, tasks: readonly string[]): Promise<Described<Task>> {
    this.record('describeTasks', cluster, tasks);
    const all = this.tasks.get(cluster) ?? [];
    const items = all.filter((t) => tasks.includes(t.taskArn ?? ''));
    // As ECS does: an unknown (or expired) task is a MISSING failure, not an error.
    const failures = tasks
      .filter((arn) => !items.some((t) => t.taskArn === arn))
      .map((arn) => ({ arn, reason: 'MISSING' }));
    return Promise.resolve({ items, failures });
  }

  stopTask(cluster: string, task: string, reason: string): Promise<Task | undefined> {
    this.record('stopTask', cluster, task, reason);
    const t = (this.tasks.get(cluster) ?? []).find((x) => x.taskArn === task);
    if (t) Object.assign(t, { desiredStatus: 'STOPPED', stoppedReason: reason, stopCode: 'UserInitiated' });
    return Promise.resolve(t);
  }

  updateService(
    cluster: string,
    service: string,
    change: ServiceChange,
    signal?: AbortSignal,
  ): Promise<Service | undefined> {
    // As the SDK does: an aborted signal rejects before anything is sent (and recorded).
    if (signal?.aborted) return Promise.reject(abortError());
    this.record('updateService', cluster, service, change);
    const s = (this.services.get(cluster) ?? []).find(
      (x) => x.serviceArn === service || x.serviceName === service,
    );
    if (s && change.desiredCount !== undefined) s.desiredCount = change.desiredCount;
    if (s && change.taskDefinition !== undefined) s.taskDefinition = change.taskDefinition;
    return Promise.resolve(s);
  }

  describeClusters(clusters: readonly string[]): Promise<Described<Cluster>> {
    this.record('describeClusters', clusters);
    const items = this.clusters.filter(
      (c) => clusters.includes(c.clusterArn ?? '') || clusters.includes(c.clusterName ?? ''),
    );
    return Promise.resolve({ items, failures: [] });
  }

  /** What runTask answers; tests set it. */
  runTaskResult: RunTaskResult = { tasks: [], failures: [] };

  runTask(input: RunTaskCommandInput): Promise<RunTaskResult> {
    this.record('runTask', input);
    return Promise.resolve(this.runTaskResult);
  }

  createCluster(input: NewCluster): Promise<Cluster | undefined> {
    this.record('createCluster', input);
    const cluster: Cluster = { clusterName: input.name, status: 'ACTIVE' };
    this.clusters.push(cluster);
    return Promise.resolve(cluster);
  }

  createService(input: CreateServiceCommandInput): Promise<Service | undefined> {
    this.record('createService', input);
    const service: Service = { serviceName: input.serviceName, desiredCount: input.desiredCount };
    const cluster = input.cluster ?? 'default';
    this.services.set(cluster, [...(this.services.get(cluster) ?? []), service]);
    return Promise.resolve(service);
  }

  deleteService(cluster: string, service: string, force?: boolean): Promise<Service | undefined> {
    this.record('deleteService', cluster, service, force);
    const s = (this.services.get(cluster) ?? []).find(
      (x) => x.serviceArn === service || x.serviceName === service,
    );
    if (s) s.status = 'DRAINING';
    return Promise.resolve(s);
  }

  deleteCluster(cluster: string): Promise<Cluster | undefined> {
    this.record('deleteCluster', cluster);
    const c = this.clusters.find((x) => x.clusterArn === cluster || x.clusterName === cluster);
    if (c) c.status = 'INACTIVE';
    return Promise.resolve(c);
  }

  setContainerInsights(cluster: string, value: ContainerInsightsValue): Promise<Cluster | undefined> {
    this.record('setContainerInsights', cluster, value);
    const c = this.clusters.find((x) => x.clusterArn === cluster || x.clusterName === cluster);
    if (c) c.settings = [{ name: 'containerInsights', value }];
    return Promise.resolve(c);
  }

  /** What executeCommand answers (tests set it); undefined: an error saying no session was set. */
  execSession: ExecSession | undefined;

  executeCommand(input: ExecCommandInput): Promise<ExecSession> {
    try {
      this.record('executeCommand', input);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return this.execSession
      ? Promise.resolve(this.execSession)
      : Promise.reject(new Error('FakeEcsGateway: no execSession set'));
  }
}
