/**
 * A hand-written ServiceDeploymentsGateway for the layers above it: each deployment ARN answers a
 * script of snapshots (one per DescribeServiceDeployments, the last one repeating), list pages are
 * set by the test, and every call is recorded so tests can count them.
 */
import type {
  DeploymentConfiguration,
  DeploymentLifecycleHookAction,
  LoadBalancer,
  Service,
  ServiceDeployment,
  ServiceDeploymentBrief,
  ServiceRevision,
  StopServiceDeploymentStopType,
} from '@aws-sdk/client-ecs';
import type { Described } from '../../src/aws/listAndDescribe';
import type {
  ServiceDeploymentFilter,
  ServiceDeploymentPage,
  ServiceDeploymentsGateway,
} from '../../src/aws/serviceDeploymentsGateway';

type Method = keyof ServiceDeploymentsGateway;

export class FakeServiceDeploymentsGateway implements ServiceDeploymentsGateway {
  readonly calls: Array<{ method: Method; args: unknown[] }> = [];
  /** Snapshots per ARN, answered in turn (the last repeats). */
  readonly scripts = new Map<string, ServiceDeployment[]>();
  /** Pages of ListServiceDeployments by token ('' is the first page). */
  readonly pages = new Map<string, ServiceDeploymentPage>();
  readonly revisions: ServiceRevision[] = [];
  private readonly served = new Map<string, number>();
  updated?: Service;

  script(arn: string, ...snapshots: ServiceDeployment[]): this {
    this.scripts.set(
      arn,
      snapshots.map((s) => ({ serviceDeploymentArn: arn, ...s })),
    );
    return this;
  }

  callsTo(method: Method): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  listServiceDeployments(
    cluster: string,
    service: string,
    options: ServiceDeploymentFilter & { nextToken?: string; maxResults?: number } = {},
  ): Promise<ServiceDeploymentPage> {
    this.calls.push({ method: 'listServiceDeployments', args: [cluster, service, options] });
    const page = this.pages.get(options.nextToken ?? '');
    if (page) return Promise.resolve(page);
    const items: ServiceDeploymentBrief[] = [...this.scripts.keys()].map((arn) => ({
      serviceDeploymentArn: arn,
      createdAt: this.scripts.get(arn)?.[0]?.createdAt,
    }));
    return Promise.resolve({ items });
  }

  describeServiceDeployments(arns: readonly string[]): Promise<Described<ServiceDeployment>> {
    this.calls.push({ method: 'describeServiceDeployments', args: [arns] });
    if (arns.length > 20) return Promise.reject(new Error('InvalidParameterException: at most 20 ARNs'));
    const items: ServiceDeployment[] = [];
    const failures = [];
    for (const arn of arns) {
      const script = this.scripts.get(arn);
      if (!script || script.length === 0) {
        failures.push({ arn, reason: 'MISSING' });
        continue;
      }
      const n = this.served.get(arn) ?? 0;
      this.served.set(arn, n + 1);
      items.push(script[Math.min(n, script.length - 1)] as ServiceDeployment);
    }
    return Promise.resolve({ items, failures });
  }

  describeServiceRevisions(arns: readonly string[]): Promise<Described<ServiceRevision>> {
    this.calls.push({ method: 'describeServiceRevisions', args: [arns] });
    return Promise.resolve({
      items: this.revisions.filter((r) => arns.includes(r.serviceRevisionArn ?? '')),
      failures: [],
    });
  }

  stopServiceDeployment(arn: string, stopType: StopServiceDeploymentStopType): Promise<void> {
    this.calls.push({ method: 'stopServiceDeployment', args: [arn, stopType] });
    return Promise.resolve();
  }

  continueServiceDeployment(
    arn: string,
    hookId: string,
    action: DeploymentLifecycleHookAction,
  ): Promise<void> {
    this.calls.push({ method: 'continueServiceDeployment', args: [arn, hookId, action] });
    return Promise.resolve();
  }

  updateDeploymentConfiguration(
    cluster: string,
    service: string,
    configuration: DeploymentConfiguration,
    loadBalancers: readonly LoadBalancer[] | undefined,
  ): Promise<Service | undefined> {
    this.calls.push({
      method: 'updateDeploymentConfiguration',
      args: [cluster, service, configuration, loadBalancers],
    });
    return Promise.resolve(this.updated);
  }
}
