import '../support/vscodeStub';
import * as assert from 'node:assert/strict';
import { silentLogger } from '../../../src/shared/logger';
import type { FollowDeps } from '../../../src/logs/serviceFollower';
import {
  LogChannels,
  MAX_IDLE_CHANNELS,
  type LogChannel,
  type LogSettings,
} from '../../../src/ui/logChannels';
import { aTask } from '../../fakes/ecsBuilders';

const TOKEN = 'IQoJb3JpZ2luX2VjSESSIONTOKENSENTINEL';

class RecordingChannel implements LogChannel {
  text = '';
  append = (text: string): void => {
    this.text += text;
  };
  replace = (text: string): void => {
    this.text = text;
  };
  clear = (): void => {
    this.text = '';
  };
  show = (): void => undefined;
  dispose = (): void => undefined;
}

const settings: LogSettings = {
  timestamps: () => 'none',
  maxLines: () => 1000,
  mode: () => 'polling',
  followAfterRun: () => true,
};

describe('LogChannels', () => {
  it('writes nothing to its channels once disposed (VS Code throws "Channel has been closed")', async () => {
    class ClosingChannel extends RecordingChannel {
      closed = false;
      override append = (text: string): void => {
        if (this.closed) throw new Error('Channel has been closed');
        this.text += text;
      };
      override dispose = (): void => {
        this.closed = true;
      };
    }
    const channel = new ClosingChannel();
    // The task definition is read until the follow is stopped.
    const pending = (signal?: AbortSignal) =>
      new Promise<never>((_, reject) =>
        signal?.addEventListener('abort', () =>
          reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
        ),
      );
    const followDeps: FollowDeps = {
      ecs: {
        listTasks: (_cluster, _filter, signal) => pending(signal),
        describeTasks: (_cluster, _tasks, signal) => pending(signal),
      },
      taskDefinitions: { describe: (_arn, signal) => pending(signal) },
      logs: () => undefined,
      region: 'eu-west-1',
    };
    const channels = new LogChannels({
      logger: silentLogger,
      redact: (text) => text,
      followDeps: () => followDeps,
      settings,
      createChannel: () => channel,
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      channels.follow({ kind: 'task', cluster: 'production', task: aTask() });
      await new Promise((r) => setTimeout(r, 20));
      channels.dispose(); // the extension is deactivated while the follow runs
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('redacts the notices it writes (they quote AWS error messages)', async () => {
    const channel = new RecordingChannel();
    const followDeps: FollowDeps = {
      ecs: {
        listTasks: () => Promise.reject(new Error('not used')),
        describeTasks: () => Promise.reject(new Error('not used')),
      },
      // A SignatureDoesNotMatch message quotes the canonical request, session token header included.
      taskDefinitions: {
        describe: () =>
          Promise.reject(
            new Error(`The request signature we calculated does not match: x-amz-security-token:${TOKEN}`),
          ),
      },
      logs: () => undefined,
      region: 'eu-west-1',
    };
    const channels = new LogChannels({
      logger: silentLogger,
      redact: (text) => text.split(TOKEN).join('[redacted]'),
      followDeps: () => followDeps,
      settings,
      createChannel: () => channel,
    });
    try {
      channels.show({ kind: 'task', cluster: 'production', task: aTask() });
      // The history read ends by itself (nothing to read): wait for it.
      for (let i = 0; i < 100 && channels.active.length > 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(channels.active.length, 0, 'the read ended');
      assert.match(channel.text, /Cannot read task definition web-frontend:7/);
      assert.ok(!channel.text.includes(TOKEN), `the channel shows the token:\n${channel.text}`);
      assert.match(channel.text, /\[redacted\]/);
    } finally {
      channels.dispose();
    }
  });

  it(`keeps at most ${MAX_IDLE_CHANNELS} idle channels, closing the least recently used (never one being written to)`, async () => {
    class TrackedChannel extends RecordingChannel {
      disposed = false;
      constructor(readonly name: string) {
        super();
      }
      override dispose = (): void => {
        this.disposed = true;
      };
    }
    const created: TrackedChannel[] = [];
    // Task definitions that cannot be read: each history read ends at once (an error notice).
    const followDeps: FollowDeps = {
      ecs: {
        listTasks: () => Promise.reject(new Error('no')),
        describeTasks: () => Promise.reject(new Error('no')),
      },
      taskDefinitions: { describe: () => Promise.reject(new Error('no')) },
      logs: () => undefined,
      region: 'eu-west-1',
    };
    const channels = new LogChannels({
      logger: silentLogger,
      redact: (text) => text,
      followDeps: () => followDeps,
      settings,
      createChannel: (name) => {
        const channel = new TrackedChannel(name);
        created.push(channel);
        return channel;
      },
    });
    const task = (n: number) => aTask(`${String(n).padStart(8, '0')}000000000000000000000000`);
    try {
      for (let n = 1; n <= MAX_IDLE_CHANNELS; n++)
        channels.show({ kind: 'task', cluster: 'c', task: task(n) });
      await new Promise((r) => setTimeout(r, 20)); // every read ended: all idle
      channels.show({ kind: 'task', cluster: 'c', task: task(1) }); // task 1 is used again
      await new Promise((r) => setTimeout(r, 20));
      channels.show({ kind: 'task', cluster: 'c', task: task(MAX_IDLE_CHANNELS + 1) });
      const closed = created.filter((c) => c.disposed).map((c) => c.name);
      assert.equal(closed.length, 1, 'one channel closed to make room');
      assert.match(closed[0]!, /00000002/, 'the least recently used one (task 2; task 1 was used again)');
      assert.equal(created.at(-1)?.disposed, false);
    } finally {
      channels.dispose();
    }
  });
});
