/**
 * A hand-written, in-memory EcsGateway for the layers above the gateway (nodes, live updates,
 * commands). It records calls and can fail per method, so tests can assert what was asked.
 */
import type { Cluster, Service, Task } from '@aws-sdk/client-ecs';
import type { EcsGateway, ServiceChange, TaskFilter } from '../../src/aws/ecsGateway';
import type { Described, DescribeFailure } from '../../src/aws/listAndDescribe';

type Method = keyof EcsGateway;

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
    return Promise.resolve({ items: all.filter((t) => tasks.includes(t.taskArn ?? '')), failures: [] });
  }

  stopTask(cluster: string, task: string, reason: string): Promise<Task | undefined> {
    this.record('stopTask', cluster, task, reason);
    const t = (this.tasks.get(cluster) ?? []).find((x) => x.taskArn === task);
    if (t) Object.assign(t, { desiredStatus: 'STOPPED', stoppedReason: reason, stopCode: 'UserInitiated' });
    return Promise.resolve(t);
  }

  updateService(cluster: string, service: string, change: ServiceChange): Promise<Service | undefined> {
    this.record('updateService', cluster, service, change);
    const s = (this.services.get(cluster) ?? []).find(
      (x) => x.serviceArn === service || x.serviceName === service,
    );
    if (s && change.desiredCount !== undefined) s.desiredCount = change.desiredCount;
    return Promise.resolve(s);
  }
}
