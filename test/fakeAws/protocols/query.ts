/** AWS query protocol (form-encoded requests, XML answers) as IAM and STS speak it. */
import { AwsError, type StandardErrorTable } from '../errors';
import type { CallContext, HttpReply, Protocol } from '../services';
import { escapeXml, toXml } from './xml';

export const queryStandardErrors: StandardErrorTable = {
  throttle: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
  serverError: { code: 'InternalFailure', status: 500, message: 'An internal error occurred.' },
  expiredToken: {
    code: 'ExpiredToken',
    status: 400,
    message: 'The security token included in the request is expired',
  },
  accessDenied: { code: 'AccessDenied', status: 403, message: 'Access denied' },
  missingAuth: {
    code: 'MissingAuthenticationToken',
    status: 403,
    message: 'Request is missing Authentication Token',
  },
  unknownOperation: { code: 'InvalidAction', status: 400, message: 'Could not find operation' },
  malformedRequest: { code: 'MalformedQueryString', status: 400, message: 'Malformed query string' },
};

/** The form fields of a query request. */
export function parseForm(body: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) params[key] = value;
  return params;
}

/** A query-protocol request body (query and EC2 dialects alike); undecodable → MalformedQueryString. */
export function parseQueryBody(body: string): Record<string, string> {
  try {
    return parseForm(body);
  } catch {
    throw new AwsError('MalformedQueryString', 'Malformed query string');
  }
}

export function queryProtocol(xmlns: string): Protocol {
  const headers = (ctx: CallContext): Record<string, string> => ({
    'content-type': 'text/xml',
    'x-amzn-requestid': ctx.requestId,
  });
  return {
    kind: 'query',
    standardErrors: queryStandardErrors,
    parse: parseQueryBody,
    reply(result: unknown, ctx: CallContext): HttpReply {
      const op = ctx.operation;
      const body =
        `<${op}Response xmlns="${xmlns}">` +
        `<${op}Result>${toXml(result)}</${op}Result>` +
        `<ResponseMetadata><RequestId>${ctx.requestId}</RequestId></ResponseMetadata>` +
        `</${op}Response>`;
      return { status: 200, headers: headers(ctx), body };
    },
    error(err: AwsError, ctx: CallContext): HttpReply {
      const body =
        `<ErrorResponse xmlns="${xmlns}"><Error>` +
        `<Type>${err.faultType}</Type><Code>${escapeXml(err.code)}</Code>` +
        `<Message>${escapeXml(err.message)}</Message>` +
        `</Error><RequestId>${ctx.requestId}</RequestId></ErrorResponse>`;
      return { status: err.status, headers: headers(ctx), body };
    },
  };
}
