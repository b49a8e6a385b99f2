/**
 * What the deploy asks of AWS CodeDeploy for a service whose deployment controller is CODE_DEPLOY
 * (UpdateService cannot change its task definition; docs/deployments.md §4): the deployment group
 * that manages the service (ListApplications → ListDeploymentGroups → GetDeploymentGroup, matched
 * on its ecsServices), CreateDeployment with an AppSpec as content, GetDeployment, and the ECS
 * target's lifecycle events (ListDeploymentTargets once, GetDeploymentTarget per poll).
 * The client module loads on first use (sdkModules.ts). Editor-free.
 */
import type {
  CodeDeployClient,
  DeploymentGroupInfo,
  DeploymentInfo,
  LifecycleEvent,
} from '@aws-sdk/client-codedeploy';
import { sdk } from './sdkModules';

export interface CodeDeployGateway {
  /** The deployment group whose ecsServices name this cluster and service, or undefined. */
  findDeploymentGroup(
    cluster: string,
    service: string,
    signal?: AbortSignal,
  ): Promise<DeploymentGroupInfo | undefined>;
  /** CreateDeployment with the AppSpec (YAML or JSON text) as AppSpecContent; the deployment id. */
  createDeployment(
    group: { readonly applicationName: string; readonly deploymentGroupName: string },
    appSpec: string,
    description: string,
    signal?: AbortSignal,
  ): Promise<string>;
  getDeployment(deploymentId: string, signal?: AbortSignal): Promise<DeploymentInfo | undefined>;
  /** The lifecycle events of the deployment's ECS target (empty while it has none yet). */
  lifecycleEvents(deploymentId: string, signal?: AbortSignal): Promise<readonly LifecycleEvent[]>;
}

/** ECS cluster names in a deployment group may be given as names; ours may be an ARN. */
function clusterName(cluster: string): string {
  return cluster.includes('/') ? (cluster.split('/').pop() ?? cluster) : cluster;
}

export function createCodeDeployGateway(codeDeployClient: () => CodeDeployClient): CodeDeployGateway {
  // The client (and its module) is made on the first call: most connections never deploy with CodeDeploy.
  const client = {
    send: ((...args: Parameters<CodeDeployClient['send']>) =>
      codeDeployClient().send(...args)) as CodeDeployClient['send'],
  };
  const cd = sdk.codeDeploy;
  const targetIds = new Map<string, string>();

  const allPages = async <T>(
    page: (nextToken: string | undefined) => Promise<{ items?: T[]; nextToken?: string }>,
  ): Promise<T[]> => {
    const out: T[] = [];
    let token: string | undefined;
    do {
      const next = await page(token);
      out.push(...(next.items ?? []));
      token = next.nextToken;
    } while (token);
    return out;
  };

  return {
    findDeploymentGroup: async (cluster, service, signal) => {
      const options = { abortSignal: signal };
      const applications = await allPages(async (nextToken) => {
        const out = await client.send(new (cd().ListApplicationsCommand)({ nextToken }), options);
        return { items: out.applications, nextToken: out.nextToken };
      });
      const wantCluster = clusterName(cluster);
      for (const applicationName of applications) {
        const groups = await allPages(async (nextToken) => {
          const out = await client.send(
            new (cd().ListDeploymentGroupsCommand)({ applicationName, nextToken }),
            options,
          );
          return { items: out.deploymentGroups, nextToken: out.nextToken };
        });
        for (const deploymentGroupName of groups) {
          const out = await client.send(
            new (cd().GetDeploymentGroupCommand)({ applicationName, deploymentGroupName }),
            options,
          );
          const info = out.deploymentGroupInfo;
          const match = info?.ecsServices?.some(
            (s) => s.serviceName === service && clusterName(s.clusterName ?? '') === wantCluster,
          );
          if (info && match) return info;
        }
      }
      return undefined;
    },

    createDeployment: async (group, appSpec, description, signal) => {
      const out = await client.send(
        new (cd().CreateDeploymentCommand)({
          applicationName: group.applicationName,
          deploymentGroupName: group.deploymentGroupName,
          description,
          revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appSpec } },
        }),
        { abortSignal: signal },
      );
      if (!out.deploymentId) throw new Error('CodeDeploy returned no deployment id.');
      return out.deploymentId;
    },

    getDeployment: async (deploymentId, signal) => {
      const out = await client.send(new (cd().GetDeploymentCommand)({ deploymentId }), {
        abortSignal: signal,
      });
      return out.deploymentInfo;
    },

    lifecycleEvents: async (deploymentId, signal) => {
      let targetId = targetIds.get(deploymentId);
      if (!targetId) {
        const out = await client.send(new (cd().ListDeploymentTargetsCommand)({ deploymentId }), {
          abortSignal: signal,
        });
        targetId = out.targetIds?.[0];
        if (!targetId) return [];
        targetIds.set(deploymentId, targetId);
      }
      const out = await client.send(new (cd().GetDeploymentTargetCommand)({ deploymentId, targetId }), {
        abortSignal: signal,
      });
      return out.deploymentTarget?.ecsTarget?.lifecycleEvents ?? [];
    },
  };
}
