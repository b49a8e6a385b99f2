/**
 * What the extension appends to every AWS request's User-Agent (the SDK's `customUserAgent`).
 * CloudTrail records the User-Agent of each call, so "Triggered by" can say a service deployment
 * was started from this extension (docs/aws-facts.md §11). Editor-free.
 */
export const EXTENSION_USER_AGENT = 'ecs-fargate-vscode';
