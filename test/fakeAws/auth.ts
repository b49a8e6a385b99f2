/** Reads (never verifies) the SigV4 Authorization header: who signed, for which region and service. */
export interface SigV4Scope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

export type AuthHeader = { kind: 'missing' } | { kind: 'malformed' } | { kind: 'signed'; scope: SigV4Scope };

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

export function readAuthorization(header: string | string[] | undefined): AuthHeader {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return { kind: 'missing' };
  const match = CREDENTIAL.exec(value);
  if (!value.startsWith('AWS4-HMAC-SHA256 ') || !match || !/Signature=[0-9a-f]+/.test(value)) {
    return { kind: 'malformed' };
  }
  const [, accessKeyId, date, region, service] = match as unknown as [string, string, string, string, string];
  return { kind: 'signed', scope: { accessKeyId, date, region, service } };
}
