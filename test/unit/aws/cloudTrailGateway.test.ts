import * as assert from 'node:assert/strict';
import type { CloudTrailClient, LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { CLOUDTRAIL_LIMITS, createCloudTrailGateway } from '../../../src/aws/cloudTrailGateway';

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const WINDOW = { start: new Date(NOW - 60 * 60_000), end: new Date(NOW - 30 * 60_000) };

/** A client that answers every LookupEvents with one event and records what it was asked. */
function client() {
  const inputs: LookupEventsCommandInput[] = [];
  const c = {
    send: (command: { input: LookupEventsCommandInput }) => {
      inputs.push(command.input);
      return Promise.resolve({ Events: [{ EventId: `e${inputs.length}`, EventName: 'UpdateService' }] });
    },
  } as unknown as CloudTrailClient;
  return { c, inputs };
}

describe('CloudTrail gateway (LookupEvents limits, cache per attribute, per-connection memory)', () => {
  it('sends the one attribute asked for and caches per attribute + window', async () => {
    const { c, inputs } = client();
    const g = createCloudTrailGateway(() => c, { now: () => NOW, pause: () => Promise.resolve() });
    await g.lookupEvents({ key: 'ResourceName', value: 'arn:svc' }, WINDOW);
    await g.lookupEvents({ key: 'EventName', value: 'UpdateService' }, WINDOW);
    await g.lookupEvents({ key: 'EventName', value: 'UpdateService' }, WINDOW);
    assert.deepEqual(
      inputs.map((i) => i.LookupAttributes),
      [
        [{ AttributeKey: 'ResourceName', AttributeValue: 'arn:svc' }],
        [{ AttributeKey: 'EventName', AttributeValue: 'UpdateService' }],
      ],
      'the same attribute and window again is answered by the cache',
    );
  });

  it('spaces its requests: no two start closer than minRequestIntervalMs (two a second per account)', async () => {
    const { c } = client();
    const pauses: number[] = [];
    const g = createCloudTrailGateway(() => c, {
      now: () => NOW, // the clock stands still: every request after the first must wait the whole interval
      pause: (ms) => {
        pauses.push(ms);
        return Promise.resolve();
      },
    });
    await Promise.all([
      g.lookupEvents({ key: 'EventName', value: 'UpdateService' }, WINDOW),
      g.lookupEvents({ key: 'EventName', value: 'CreateService' }, WINDOW),
      g.lookupEvents({ key: 'EventName', value: 'StopServiceDeployment' }, WINDOW),
    ]);
    assert.deepEqual(pauses, [
      CLOUDTRAIL_LIMITS.minRequestIntervalMs,
      CLOUDTRAIL_LIMITS.minRequestIntervalMs,
    ]);
  });

  it('remembers which attribute finds a service’s events, per gateway (per connection)', () => {
    const { c } = client();
    const first = createCloudTrailGateway(() => c);
    const second = createCloudTrailGateway(() => c);
    assert.equal(first.serviceEventsKey(), 'ResourceName');
    first.rememberServiceEventsKey('EventName');
    assert.equal(first.serviceEventsKey(), 'EventName');
    assert.equal(second.serviceEventsKey(), 'ResourceName');
  });
});
