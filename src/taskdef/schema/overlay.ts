import type { JsonSchema } from './generateSchema';
export interface SdkDocs {
  readonly describedTaskDefinition: Record<string, { description?: string; markdownDescription?: string }>;
}
export function applyOverlay(schema: JsonSchema, _docs: SdkDocs): JsonSchema {
  return schema;
}
