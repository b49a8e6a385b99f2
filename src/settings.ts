/**
 * Typed reads of the `ecsFargate.*` settings; the only module that calls getConfiguration().
 * A unit test checks every key here is declared in package.json with the same default.
 */
import * as vscode from 'vscode';

import { DEFAULT_LOG_RETENTION_DAYS, isValidRetention } from './shared/logRetention';
import { SETTINGS_SECTION, settingDefaults, type SettingKey } from './shared/settingDefaults';

export class Settings {
  get<K extends SettingKey>(key: K): (typeof settingDefaults)[K] {
    const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<(typeof settingDefaults)[K]>(key);
    return value ?? settingDefaults[key];
  }

  /** Requests in flight per ECS API action, clamped to what the setting's schema allows. */
  maxConcurrentRequests(): number {
    const n = Math.floor(Number(this.get('maxConcurrentRequests')));
    return Number.isFinite(n) ? Math.min(32, Math.max(1, n)) : settingDefaults.maxConcurrentRequests;
  }

  /** ecsFargate.logs.newGroupRetentionDays, or the default when it is not a value CloudWatch accepts. */
  logRetentionDays(): number {
    const days = Number(this.get('logs.newGroupRetentionDays'));
    return isValidRetention(days) ? days : DEFAULT_LOG_RETENTION_DAYS;
  }

  /**
   * The extra task-definition globs (for a file: its folder's value, the setting is resource-scoped),
   * without the non-string or empty entries a hand-edited setting may have.
   */
  taskDefinitionFiles(resource?: vscode.Uri): string[] {
    const value: unknown = vscode.workspace
      .getConfiguration(SETTINGS_SECTION, resource)
      .get('taskDefinitionFiles', settingDefaults.taskDefinitionFiles);
    return Array.isArray(value)
      ? value.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim())
      : [];
  }

  /**
   * A read kept until the setting changes, for values read on hot paths: the request limiter asks
   * for `maxConcurrentRequests` at every scheduling decision, hundreds of times in one big listing,
   * and each getConfiguration costs about 0.1 ms in the extension host (docs/performance.md §3).
   * The listener is disposed with `subscriptions`.
   */
  cachedRead<T>(key: SettingKey, read: () => T, subscriptions: vscode.Disposable[]): () => T {
    let cache: { value: T } | undefined;
    subscriptions.push(this.onDidChange(key, () => (cache = undefined)));
    return () => (cache ??= { value: read() }).value;
  }

  onDidChange(key: SettingKey, listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SETTINGS_SECTION}.${key}`)) listener();
    });
  }
}
