/** Every command of the extension, registered in one table so nothing is forgotten in `subscriptions`. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { registerBuildAndPushImage } from './buildAndPushImage';
import { registerBuildImage } from './buildImage';
import { registerCompareTaskDefinition } from './compareTaskDefinition';
import { registerCopyImageUri } from './copyImageUri';
import { registerDeploy } from './deploy';
import { registerRefreshRepositories } from './refreshRepositories';
import { registerCopyArn } from './copyArn';
import { registerEnableContainerInsights } from './enableContainerInsights';
import { registerShowServiceMetrics } from './showServiceMetrics';
import { registerCreateExecutionRole } from './ensureExecutionRole';
import { registerAllowLogGroupCreation } from './allowLogGroupCreation';
import { registerNewTaskDefinition } from './newTaskDefinition';
import { registerRegisterTaskDefinition } from './registerTaskDefinition';
import { registerDeregisterTaskDefinition } from './deregisterTaskDefinition';
import { registerOpenTaskDefinition } from './openTaskDefinition';
import { registerRefreshTaskDefinitions } from './refreshTaskDefinitions';
import { registerSaveTaskDefinitionAsFile } from './saveTaskDefinitionAsFile';
import { registerFollowLogs } from './followLogs';
import { registerForceNewDeployment } from './forceNewDeployment';
import { registerOpenAwsConfig } from './openAwsConfig';
import { registerOpenInConsole } from './openInConsole';
import { registerRefreshExplorer } from './refreshExplorer';
import { registerScaleService } from './scaleService';
import { registerConfigureAutoScaling } from './configureAutoScaling';
import { registerRemoveAutoScaling } from './removeAutoScaling';
import { registerShowScalingActivity } from './showScalingActivity';
import { registerUpdateServiceRevision } from './updateServiceRevision';
import { registerRollBackService } from './rollBackService';
import { registerDeleteService } from './deleteService';
import { registerDeleteCluster } from './deleteCluster';
import { registerShowServiceEvents } from './showServiceEvents';
import { registerCleanUp } from './cleanUp';
import { registerSelectProfile } from './selectProfile';
import { registerSelectRegion } from './selectRegion';
import { registerShowLog } from './showLog';
import { registerShowLogs } from './showLogs';
import { registerSsoLogin } from './ssoLogin';
import { registerStopFollowingLogs } from './stopFollowingLogs';
import { registerStopTask } from './stopTask';
import { registerRunTask } from './runTask';
import { registerSwitchConnection } from './switchConnection';

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
    registerAllowLogGroupCreation(services.taskDefinitionCommands),
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
