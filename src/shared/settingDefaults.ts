/** The `ecsFargate.*` settings and their defaults; a unit test keeps package.json in step with this. */
export const SETTINGS_SECTION = 'ecsFargate';

export const settingDefaults = {
  maxConcurrentRequests: 8,
  'explorer.liveUpdates': true,
  /** Extra globs (VS Code glob syntax) of files to check as task definitions, besides *task-definition*.json & co. */
  taskDefinitionFiles: [] as readonly string[],
} as const;

export type SettingKey = keyof typeof settingDefaults;
