/**
 * The fake CloudWatch Logs' admin routes under /__fake/logs/ (for the VS Code host tests and the
 * benchmark, which run the fake in another process):
 *   POST /__fake/logs/events   {group, stream, events: [{timestamp?, message}] | messages: [string]}
 *                              → {ingested, eventIds}; creates the group and stream when missing
 *   GET  /__fake/logs/events?group=G&stream=S → [{timestamp, message, ingestionTime, eventId}]
 *   POST /__fake/logs/groups   {name, retentionInDays?} · POST /__fake/logs/streams {group, name}
 *   POST /__fake/logs/liveTail {updateIntervalMs?, sessionLengthMs?, maxEventsPerUpdate?}
 *   POST /__fake/logs/faults   {operations, rate, seed?, kinds?} (rate 0 clears)
 *   GET  /__fake/logs/sessions → {active}
 */
import type { HttpReply } from '../services';
import type { FakeLogs, RandomFaults } from './fakeLogs';
import type { EventInput } from './types';

function json(status: number, value: unknown): HttpReply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

const text = (value: unknown, name: string): string => {
  if (typeof value !== 'string' || value === '') throw new Error(`${name} must be a non-empty string`);
  return value;
};

function events(body: Record<string, unknown>): Array<EventInput | string> {
  if (Array.isArray(body['messages'])) return body['messages'].map((m) => text(m, 'messages[]'));
  if (!Array.isArray(body['events']))
    throw new Error('give events: [{timestamp?, message}] or messages: [string]');
  return (body['events'] as Array<Record<string, unknown>>).map((e) => ({
    message: text(e['message'], 'events[].message'),
    ...(typeof e['timestamp'] === 'number' ? { timestamp: e['timestamp'] } : {}),
  }));
}

/** Answers a /__fake/logs/ route, or undefined when the path is not one. */
export function handleLogsAdmin(
  logs: FakeLogs,
  method: string,
  url: URL,
  body: Record<string, unknown>,
): HttpReply | undefined {
  const path = url.pathname.replace(/\/+$/, '');
  switch (`${method} ${path}`) {
    case 'POST /__fake/logs/events': {
      const stored = logs.putEvents(
        text(body['group'], 'group'),
        text(body['stream'], 'stream'),
        events(body),
      );
      return json(200, { ingested: stored.length, eventIds: stored.map((e) => e.eventId) });
    }
    case 'GET /__fake/logs/events': {
      const group = text(url.searchParams.get('group'), 'group');
      const stream = text(url.searchParams.get('stream'), 'stream');
      return json(
        200,
        logs.events(group, stream).map(({ timestamp, message, ingestionTime, eventId }) => ({
          timestamp,
          message,
          ingestionTime,
          eventId,
        })),
      );
    }
    case 'POST /__fake/logs/groups': {
      const retention = body['retentionInDays'];
      logs.createGroup(
        text(body['name'], 'name'),
        typeof retention === 'number' ? { retentionInDays: retention } : {},
      );
      return json(200, { ok: true });
    }
    case 'POST /__fake/logs/streams':
      logs.createStream(text(body['group'], 'group'), text(body['name'], 'name'));
      return json(200, { ok: true });
    case 'POST /__fake/logs/liveTail': {
      for (const key of ['updateIntervalMs', 'sessionLengthMs', 'maxEventsPerUpdate'] as const) {
        const value = body[key];
        if (value === undefined) continue;
        if (typeof value !== 'number' || value <= 0) throw new Error(`${key} must be a number > 0`);
        logs.liveTail[key] = value;
      }
      return json(200, logs.liveTail);
    }
    case 'POST /__fake/logs/faults':
      logs.injectRandomFaults(body as unknown as RandomFaults);
      return json(200, { ok: true });
    case 'GET /__fake/logs/sessions':
      return json(200, { active: logs.activeSessions });
    default:
      return path.startsWith('/__fake/logs')
        ? json(404, { error: `no admin route ${method} ${path}` })
        : undefined;
  }
}
