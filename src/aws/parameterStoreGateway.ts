/**
 * What a local run asks of SSM Parameter Store: parameter values by name or ARN, decrypted
 * (GetParameters WithDecryption), 10 names a call (the API's limit, docs/local-run.md §4). Values are
 * returned to the caller only: never logged, never cached here. Editor-free.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { sdk } from './sdkModules';

/** GetParameters takes at most 10 names. */
export const GET_PARAMETERS_BATCH = 10;

export interface ParameterValues {
  /** Requested name (as asked, selector included) → value. */
  readonly values: ReadonlyMap<string, string>;
  /** Requested names SSM does not know (or the caller may not read). */
  readonly invalid: readonly string[];
}

export interface ParameterStoreGateway {
  getParameters(names: readonly string[], signal?: AbortSignal): Promise<ParameterValues>;
}

export function createParameterStoreGateway(client: SSMClient): ParameterStoreGateway {
  return {
    async getParameters(names, signal) {
      const unique = [...new Set(names)];
      const values = new Map<string, string>();
      const invalid: string[] = [];
      for (let i = 0; i < unique.length; i += GET_PARAMETERS_BATCH) {
        const batch = unique.slice(i, i + GET_PARAMETERS_BATCH);
        const out = await client.send(
          new (sdk.ssm().GetParametersCommand)({ Names: batch, WithDecryption: true }),
          signal ? { abortSignal: signal } : {},
        );
        for (const p of out.Parameters ?? []) {
          const selector = p.Selector ?? '';
          // SSM answers with the name (and, for a `name:version` request, the selector apart).
          const asked = batch.find(
            (n) => n === `${p.Name ?? ''}${selector}` || (p.ARN !== undefined && n === `${p.ARN}${selector}`),
          );
          if (asked !== undefined && p.Value !== undefined) values.set(asked, p.Value);
        }
        invalid.push(...(out.InvalidParameters ?? []));
      }
      return { values, invalid };
    },
  };
}
