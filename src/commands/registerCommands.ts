/** Every command of the extension, registered in one table so nothing is forgotten in `subscriptions`. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { registerBuildAndPushImage } from './image/buildAndPushImage';
import { registerBuildImage } from './image/buildImage';
import { registerCompareTaskDefinition } from './taskDefinition/compareTaskDefinition';
import { registerCopyImageUri } from './image/copyImageUri';
import { registerDeploy } from './deploy/deploy';
import { registerRefreshRepositories } from './image/refreshRepositories';
import { registerCopyArn } from './explorer/copyArn';
import { registerEnableContainerInsights } from './metrics/enableContainerInsights';
import { registerShowServiceMetrics } from './metrics/showServiceMetrics';
import { registerCreateExecutionRole } from './taskDefinition/createExecutionRole';
import { registerNewTaskDefinition } from './taskDefinition/newTaskDefinition';
import { registerRegisterTaskDefinition } from './taskDefinition/registerTaskDefinition';
import { registerDeregisterTaskDefinition } from './taskDefinition/deregisterTaskDefinition';
import { registerOpenTaskDefinition } from './taskDefinition/openTaskDefinition';
import { registerRefreshTaskDefinitions } from './taskDefinition/refreshTaskDefinitions';
import { registerSaveTaskDefinitionAsFile } from './taskDefinition/saveTaskDefinitionAsFile';
import { registerFollowLogs } from './logs/followLogs';
import { registerForceNewDeployment } from './service/forceNewDeployment';
import { registerOpenAwsConfig } from './connection/openAwsConfig';
import { registerOpenInConsole } from './explorer/openInConsole';
import { registerRefreshExplorer } from './explorer/refresh';
import { registerScaleService } from './scaling/scaleService';
import { registerConfigureAutoScaling } from './scaling/configureAutoScaling';
import { registerRemoveAutoScaling } from './scaling/removeAutoScaling';
import { registerShowScalingActivity } from './scaling/showScalingActivity';
import { registerUpdateServiceRevision } from './service/updateServiceRevision';
import { registerRollBackService } from './service/rollBackService';
import { registerDeleteService } from './service/deleteService';
import { registerDeleteCluster } from './service/deleteCluster';
import { registerShowServiceEvents } from './service/showServiceEvents';
import { registerCleanUp } from './service/cleanUp';
import { registerSelectProfile } from './connection/selectProfile';
import { registerSelectRegion } from './connection/selectRegion';
import { registerShowLog } from './showLog';
import { registerShowLogs } from './logs/showLogs';
import { registerSsoLogin } from './connection/ssoLogin';
import { registerStopFollowingLogs } from './logs/stopFollowingLogs';
import { registerStopTask } from './service/stopTask';
import { registerRunTask } from './runTask/runTask';
import { registerSwitchConnection } from './connection/switchConnection';

export function registerCommands(services: Services): vscode.Disposable {
  const explorer = services.explorerCommands;
  const connection = services.connectionCommands;
  const taskDefinitions = services.taskDefinitionViewCommands;
  return vscode.Disposable.from(
    registerRefreshExplorer(explorer),
    registerCopyArn(explorer),
    registerOpenInConsole(explorer),
    registerStopTask(explorer),
    registerRunTask(services.runTaskCommands),
    registerScaleService(services.scalingCommands),
    registerForceNewDeployment(explorer),
    registerConfigureAutoScaling(services.scalingCommands),
    registerRemoveAutoScaling(services.scalingCommands),
    registerShowScalingActivity(services.scalingCommands),
    registerUpdateServiceRevision(services.serviceCommands),
    registerRollBackService(services.serviceCommands),
    registerDeleteService(services.serviceCommands),
    registerDeleteCluster(services.serviceCommands),
    registerShowServiceEvents(services.serviceCommands),
    registerCleanUp(services.serviceCommands),
    registerRefreshTaskDefinitions(taskDefinitions),
    registerOpenTaskDefinition(taskDefinitions),
    registerSaveTaskDefinitionAsFile(taskDefinitions),
    registerCompareTaskDefinition(taskDefinitions),
    registerDeregisterTaskDefinition(taskDefinitions),
    registerSwitchConnection(connection),
    registerSelectProfile(connection),
    registerSelectRegion(connection),
    registerSsoLogin(connection),
    registerOpenAwsConfig(connection),
    registerShowLog(services.channel),
    registerNewTaskDefinition(services.taskDefinitionCommands),
    registerRegisterTaskDefinition(services.taskDefinitionCommands),
    registerCreateExecutionRole(services.taskDefinitionCommands),
    registerShowServiceMetrics(services.metricsCommands),
    registerEnableContainerInsights(services.metricsCommands),
    registerShowLogs(services.logCommands),
    registerFollowLogs(services.logCommands),
    registerStopFollowingLogs(services.logCommands),
    registerBuildImage(services.imageCommands),
    registerBuildAndPushImage(services.imageCommands),
    registerCopyImageUri(services.imageCommands),
    registerDeploy(services.deployCommands),
    registerRefreshRepositories({ ...services.imageCommands, repositoriesView: services.repositoriesView }),
  );
}
