/** AWS JSON 1.0/1.1 (X-Amz-Target) wire format: request parsing, replies, errors. */
import { AwsError, type StandardErrorTable } from '../errors';
import type { CallContext, HttpReply, Protocol } from '../services';

export const jsonStandardErrors: StandardErrorTable = {
  throttle: { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
  serverError: { code: 'InternalFailure', status: 500, message: 'An internal error occurred.' },
  expiredToken: {
    code: 'ExpiredTokenException',
    status: 400,
    message: 'The security token included in the request is expired',
  },
  accessDenied: { code: 'AccessDeniedException', status: 400, message: 'Access denied' },
  missingAuth: {
    code: 'MissingAuthenticationTokenException',
    status: 403,
    message: 'Missing Authentication Token',
  },
  unknownOperation: { code: 'UnknownOperationException', status: 400, message: 'Unknown operation' },
  malformedRequest: { code: 'SerializationException', status: 400, message: 'Malformed request body' },
};

/** JSON.stringify where Date becomes epoch seconds (with fractions), as awsJson timestamps are. */
export function toWireJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : v;
  });
}

export function awsJsonProtocol(
  errorNamespace: string,
  contentType = 'application/x-amz-json-1.1',
): Protocol {
  const headers = (extra: Record<string, string>, ctx: CallContext): Record<string, string> => ({
    'content-type': contentType,
    'x-amzn-requestid': ctx.requestId,
    ...extra,
  });
  return {
    kind: 'json',
    standardErrors: jsonStandardErrors,
    parse(body: string): unknown {
      if (body.trim() === '') return {};
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new AwsError('SerializationException', 'Malformed JSON in request body');
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new AwsError('SerializationException', 'Start of list found where not expected');
      }
      return parsed;
    },
    reply(result: unknown, ctx: CallContext): HttpReply {
      return { status: 200, headers: headers({}, ctx), body: toWireJson(result ?? {}) };
    },
    error(err: AwsError, ctx: CallContext): HttpReply {
      return {
        status: err.status,
        headers: headers({ 'x-amzn-errortype': err.code }, ctx),
        body: JSON.stringify({ __type: `${errorNamespace}#${err.code}`, message: err.message }),
      };
    },
  };
}
