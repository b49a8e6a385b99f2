/** The command that carries out a problem's suggested fix (a button on a toast, a click on an error node). */
import type { AwsProblemAction } from '../aws/awsErrors';

export const problemActionCommands: Record<AwsProblemAction['kind'], string | undefined> = {
  ssoLogin: 'ecsFargate.ssoLogin',
  selectProfile: 'ecsFargate.selectProfile',
  openConfig: 'ecsFargate.openAwsConfig',
  retry: undefined,
  // In a tree the error node's own retry re-lists its parent; a toast refreshes the views (errors.ts).
  refresh: undefined,
};

/** What a toast's "Refresh" runs: every view, since the missing thing may show in any of them. */
export const REFRESH_VIEW_COMMANDS: readonly string[] = [
  'ecsFargate.refresh',
  'ecsFargate.refreshTaskDefinitions',
  'ecsFargate.refreshRepositories',
];

export interface NodeCommand {
  readonly id: string;
  readonly title: string;
  readonly args: readonly unknown[];
}

export function commandForAction(action: AwsProblemAction | undefined): NodeCommand | undefined {
  const id = action ? problemActionCommands[action.kind] : undefined;
  return action && id ? { id, title: action.title, args: action.profile ? [action.profile] : [] } : undefined;
}
