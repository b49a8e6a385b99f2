/**
 * Links into the AWS console (the "v2" ECS console), always with the explicit region so the
 * page opens where the resource is, not in the console's last-used region.
 */
const base = (region: string) => `https://${region}.console.aws.amazon.com/ecs/v2`;
const enc = encodeURIComponent;

export const consoleUrls = {
  cluster: (region: string, cluster: string) =>
    `${base(region)}/clusters/${enc(cluster)}/services?region=${region}`,
  service: (region: string, cluster: string, service: string) =>
    `${base(region)}/clusters/${enc(cluster)}/services/${enc(service)}/health?region=${region}`,
  task: (region: string, cluster: string, taskId: string) =>
    `${base(region)}/clusters/${enc(cluster)}/tasks/${enc(taskId)}/configuration?region=${region}`,
  taskDefinition: (region: string, family: string, revision: number | string) =>
    `${base(region)}/task-definitions/${enc(family)}/${enc(String(revision))}/containers?region=${region}`,
};
