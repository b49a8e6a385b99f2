/**
 * The table of contents: every command of the extension, registered in one table so nothing is
 * forgotten in `subscriptions`, grouped like the feature folders under src/commands/ (a new
 * feature adds its folder and its group here).
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { registerSwitchConnection } from './connection/switchConnection';
import { registerSelectProfile } from './connection/selectProfile';
import { registerSelectRegion } from './connection/selectRegion';
import { registerSsoLogin } from './connection/ssoLogin';
import { registerOpenAwsConfig } from './connection/openAwsConfig';
import { registerRefreshExplorer } from './explorer/refresh';
import { registerCopyArn } from './explorer/copyArn';
import { registerOpenInConsole } from './explorer/openInConsole';
import { registerStopTask } from './service/stopTask';
import { registerForceNewDeployment } from './service/forceNewDeployment';
import { registerUpdateServiceRevision } from './service/updateServiceRevision';
import { registerRollBackService } from './service/rollBackService';
import { registerDeleteService } from './service/deleteService';
import { registerDeleteCluster } from './service/deleteCluster';
import { registerShowServiceEvents } from './service/showServiceEvents';
import { registerCleanUp } from './service/cleanUp';
import { registerShowDeployment } from './deployments/showDeployment';
import { registerCompareDeploymentRevisions } from './deployments/compareDeploymentRevisions';
import { registerRollBackDeployment } from './deployments/rollBackDeployment';
import { registerContinueDeployment } from './deployments/continueDeployment';
import { registerConfigureDeploymentStrategy } from './deployments/configureDeploymentStrategy';
import { registerScaleService } from './scaling/scaleService';
import { registerConfigureAutoScaling } from './scaling/configureAutoScaling';
import { registerRemoveAutoScaling } from './scaling/removeAutoScaling';
import { registerShowScalingActivity } from './scaling/showScalingActivity';
import { registerShowServiceMetrics } from './metrics/showServiceMetrics';
import { registerEnableContainerInsights } from './metrics/enableContainerInsights';
import { registerNewTaskDefinition } from './taskDefinition/newTaskDefinition';
import { registerRegisterTaskDefinition } from './taskDefinition/registerTaskDefinition';
import { registerCreateExecutionRole } from './taskDefinition/createExecutionRole';
import { registerAllowLogGroupCreation } from './taskDefinition/allowLogGroupCreation';
import { registerRefreshTaskDefinitions } from './taskDefinition/refreshTaskDefinitions';
import { registerOpenTaskDefinition } from './taskDefinition/openTaskDefinition';
import { registerSaveTaskDefinitionAsFile } from './taskDefinition/saveTaskDefinitionAsFile';
import { registerCompareTaskDefinition } from './taskDefinition/compareTaskDefinition';
import { registerDeregisterTaskDefinition } from './taskDefinition/deregisterTaskDefinition';
import { registerBuildImage } from './image/buildImage';
import { registerBuildAndPushImage } from './image/buildAndPushImage';
import { registerCopyImageUri } from './image/copyImageUri';
import { registerRefreshRepositories } from './image/refreshRepositories';
import { registerDeploy } from './deploy/deploy';
import { registerRunTask } from './runTask/runTask';
import { registerOpenShell } from './exec/openShell';
import { registerRunCommandInContainer } from './exec/runCommandInContainer';
import { registerShowLogs } from './logs/showLogs';
import { registerFollowLogs } from './logs/followLogs';
import { registerStopFollowingLogs } from './logs/stopFollowingLogs';
import { registerShowLog } from './showLog';
import { registerForwardPort } from './exec/forwardPort';
import { registerShowPortForwards } from './exec/showPortForwards';
import { registerStopPortForward } from './exec/stopPortForward';
import { registerRunLocally } from './local/runLocally';
import { registerStopLocalTask } from './local/stopLocalTask';
import { registerOpenLocalShell } from './local/openLocalShell';

export function registerCommands(services: Services): vscode.Disposable {
  const explorer = services.explorerCommands;
  const connection = services.connectionCommands;
  const taskDefinitions = services.taskDefinitionViewCommands;
  return vscode.Disposable.from(
    // Connection: AWS profile, region, SSO, config files (connection/)
    registerSwitchConnection(connection),
    registerSelectProfile(connection),
    registerSelectRegion(connection),
    registerSsoLogin(connection),
    registerOpenAwsConfig(connection),
    // The Clusters view (explorer/)
    registerRefreshExplorer(explorer),
    registerCopyArn(explorer),
    registerOpenInConsole(explorer),
    // Services and tasks (service/)
    registerStopTask(explorer),
    registerForceNewDeployment(explorer),
    registerUpdateServiceRevision(services.serviceCommands),
    registerRollBackService(services.serviceCommands),
    registerDeleteService(services.serviceCommands),
    registerDeleteCluster(services.serviceCommands),
    registerShowServiceEvents(services.serviceCommands),
    registerCleanUp(services.serviceCommands),
    // Service deployments: history, steering, strategy (deployments/)
    registerShowDeployment(services.deploymentCommands),
    registerCompareDeploymentRevisions(services.deploymentCommands),
    registerRollBackDeployment(services.deploymentCommands),
    registerContinueDeployment(services.deploymentCommands),
    registerConfigureDeploymentStrategy(services.deploymentCommands),
    // Scaling (scaling/)
    registerScaleService(services.scalingCommands),
    registerConfigureAutoScaling(services.scalingCommands),
    registerRemoveAutoScaling(services.scalingCommands),
    registerShowScalingActivity(services.scalingCommands),
    // Metrics (metrics/)
    registerShowServiceMetrics(services.metricsCommands),
    registerEnableContainerInsights(services.metricsCommands),
    // Task definitions (taskDefinition/)
    registerNewTaskDefinition(services.taskDefinitionCommands),
    registerRegisterTaskDefinition(services.taskDefinitionCommands),
    registerCreateExecutionRole(services.taskDefinitionCommands),
    registerAllowLogGroupCreation(services.taskDefinitionCommands),
    registerRefreshTaskDefinitions(taskDefinitions),
    registerOpenTaskDefinition(taskDefinitions),
    registerSaveTaskDefinitionAsFile(taskDefinitions),
    registerCompareTaskDefinition(taskDefinitions),
    registerDeregisterTaskDefinition(taskDefinitions),
    // Images: build, push, the Repositories view (image/)
    registerBuildImage(services.imageCommands),
    registerBuildAndPushImage(services.imageCommands),
    registerCopyImageUri(services.imageCommands),
    registerRefreshRepositories({ ...services.imageCommands, repositoriesView: services.repositoriesView }),
    // Deploy (deploy/)
    registerDeploy(services.deployCommands),
    // Run Task (runTask/)
    registerRunTask(services.runTaskCommands),
    // Run Locally on Docker (local/)
    registerRunLocally(services.localCommands),
    registerStopLocalTask(services.localCommands),
    registerOpenLocalShell(services.localCommands),
    // Logs (logs/)
    registerShowLogs(services.logCommands),
    registerFollowLogs(services.logCommands),
    registerStopFollowingLogs(services.logCommands),
    // ECS Exec: shells and one-off commands in containers (exec/)
    registerOpenShell(services.execCommands),
    registerRunCommandInContainer(services.execCommands),
    // Port forwarding over Session Manager (exec/)
    registerForwardPort(services.portForwardCommands),
    registerShowPortForwards(services.portForwardCommands),
    registerStopPortForward(services.portForwardCommands),
    // The extension's own log
    registerShowLog(services.channel),
  );
}
