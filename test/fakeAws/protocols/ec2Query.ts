/**
 * The EC2 dialect of the query protocol. Requests are form-encoded like IAM's and STS's, but answers
 * differ: no `<OpResult>` wrapper and no ResponseMetadata (`<requestId>` sits in the response
 * element), element names are camelCase, lists are `<xxxSet><item>…</item></xxxSet>`, and errors are
 * `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`.
 */
import { type AwsError, type StandardErrorTable } from '../errors';
import type { CallContext, HttpReply, Protocol } from '../services';
import { parseQueryBody } from './query';
import { escapeXml } from './xml';

export const ec2StandardErrors: StandardErrorTable = {
  throttle: { code: 'RequestLimitExceeded', status: 503, message: 'Request limit exceeded.' },
  serverError: { code: 'InternalError', status: 500, message: 'An internal error has occurred.' },
  // EC2 reports an expired session token as an expired request, not ExpiredToken.
  expiredToken: { code: 'RequestExpired', status: 400, message: 'Request has expired.' },
  accessDenied: {
    code: 'UnauthorizedOperation',
    status: 403,
    message: 'You are not authorized to perform this operation.',
  },
  missingAuth: {
    code: 'AuthFailure',
    status: 401,
    message: 'AWS was not able to validate the provided access credentials',
  },
  unknownOperation: {
    code: 'InvalidAction',
    status: 400,
    message: 'The action is not valid for this web service.',
  },
  malformedRequest: { code: 'MalformedQueryString', status: 400, message: 'Malformed query string' },
};

const UNAUTHORIZED_LEAD = 'You are not authorized to perform this operation.';

/** Objects become camelCase elements as written; arrays become `<item>` lists. */
export function toEc2Xml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => `<item>${toEc2Xml(item)}</item>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${toEc2Xml(v)}</${k}>`)
      .join('');
  }
  if (typeof value === 'string') return escapeXml(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`cannot write ${typeof value} as XML`);
}

export function ec2QueryProtocol(xmlns: string): Protocol {
  const headers = (ctx: CallContext): Record<string, string> => ({
    'content-type': 'text/xml;charset=UTF-8',
    'x-amzn-requestid': ctx.requestId,
  });
  return {
    kind: 'query',
    standardErrors: ec2StandardErrors,
    parse: parseQueryBody,
    reply(result: unknown, ctx: CallContext): HttpReply {
      const op = ctx.operation;
      const body =
        `<?xml version="1.0" encoding="UTF-8"?>\n` +
        `<${op}Response xmlns="${xmlns}"><requestId>${ctx.requestId}</requestId>` +
        `${toEc2Xml(result)}</${op}Response>`;
      return { status: 200, headers: headers(ctx), body };
    },
    error(err: AwsError, ctx: CallContext): HttpReply {
      // EC2 opens every authorization failure with this sentence, then names the user and action.
      const message =
        err.code === 'UnauthorizedOperation' && !err.message.startsWith(UNAUTHORIZED_LEAD)
          ? `${UNAUTHORIZED_LEAD} ${err.message}`
          : err.message;
      const body =
        `<?xml version="1.0" encoding="UTF-8"?>\n` +
        `<Response><Errors><Error><Code>${escapeXml(err.code)}</Code>` +
        `<Message>${escapeXml(message)}</Message></Error></Errors>` +
        `<RequestID>${ctx.requestId}</RequestID></Response>`;
      return { status: err.status, headers: headers(ctx), body };
    },
  };
}
