/** The AWS documentation pages the rules link to (one place, so a moved page is one edit). */
const GUIDE = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide';
const API = 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference';

export const DOCS = {
  taskParameters: `${GUIDE}/task_definition_parameters.html`,
  taskSize: `${GUIDE}/task_definition_parameters.html#task_size`,
  cpuMemoryError: 'https://docs.aws.amazon.com/AmazonECS/latest/userguide/task-cpu-memory-error.html',
  networkMode: `${GUIDE}/fargate-task-networking.html`,
  requiresCompatibilities: `${GUIDE}/task_definition_parameters.html#requires_compatibilities`,
  containerDefinition: `${API}/API_ContainerDefinition.html`,
  containerDependency: `${API}/API_ContainerDependency.html`,
  portMapping: `${API}/API_PortMapping.html`,
  executionRole: `${GUIDE}/task_execution_IAM_role.html`,
  awslogs: `${GUIDE}/using_awslogs.html`,
  healthCheck: `${API}/API_HealthCheck.html`,
  fargate: `${GUIDE}/fargate-tasks-services.html`,
  linuxParameters: `${API}/API_LinuxParameters.html`,
  runtimePlatform: `${API}/API_RuntimePlatform.html`,
  platformVersions: `${GUIDE}/platform-linux-fargate.html`,
  ephemeralStorage: `${GUIDE}/fargate-task-storage.html`,
  secrets: `${GUIDE}/specifying-sensitive-data.html`,
  registerTaskDefinition: `${API}/API_RegisterTaskDefinition.html`,
  describeTaskDefinition: `${API}/API_DescribeTaskDefinition.html`,
} as const;
