import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import {
  consumeDockerStream,
  extractStep,
  LineSplitter,
  parseStreamLine,
  type DockerStreamEvent,
} from '../../../src/docker/streamParser';

describe('streamParser', () => {
  it('extracts "Step 3/9 : RUN …"', () => {
    assert.deepEqual(extractStep('Step 3/9 : RUN npm ci --omit=dev\n'), {
      current: 3,
      total: 9,
      instruction: 'RUN npm ci --omit=dev',
    });
    assert.equal(extractStep(' ---> Running in 1234'), undefined);
  });

  it('parses stream, status with progress, aux and error lines', () => {
    assert.deepEqual(parseStreamLine('{"stream":"Step 1/2 : FROM busybox\\n"}'), [
      {
        kind: 'step',
        step: { current: 1, total: 2, instruction: 'FROM busybox' },
        text: 'Step 1/2 : FROM busybox\n',
      },
    ]);
    assert.deepEqual(
      parseStreamLine(
        '{"status":"Pushing","progressDetail":{"current":512,"total":1024},"progress":"[==>  ]","id":"ca0d96f0701b"}',
      ),
      [
        {
          kind: 'status',
          status: 'Pushing',
          id: 'ca0d96f0701b',
          progressDetail: { current: 512, total: 1024 },
        },
      ],
    );
    assert.deepEqual(parseStreamLine('{"status":"Preparing","progressDetail":{},"id":"ca0d96f0701b"}'), [
      { kind: 'status', status: 'Preparing', id: 'ca0d96f0701b' },
    ]);
    assert.deepEqual(
      parseStreamLine('{"progressDetail":{},"aux":{"Tag":"v1","Digest":"sha256:abc","Size":942}}'),
      [{ kind: 'aux', aux: { Tag: 'v1', Digest: 'sha256:abc', Size: 942 } }],
    );
    assert.deepEqual(
      parseStreamLine(
        '{"errorDetail":{"code":3,"message":"The command \'/bin/sh -c exit 3\' returned a non-zero code: 3"},"error":"The command \'/bin/sh -c exit 3\' returned a non-zero code: 3"}',
      ),
      [{ kind: 'error', message: "The command '/bin/sh -c exit 3' returned a non-zero code: 3", code: 3 }],
    );
    assert.deepEqual(parseStreamLine('{"errorDetail":{"message":"unauthorized: authentication required"}}'), [
      { kind: 'error', message: 'unauthorized: authentication required' },
    ]);
  });

  it('keeps a non-JSON line as text and skips blank lines', () => {
    assert.deepEqual(parseStreamLine('plain text'), [{ kind: 'log', text: 'plain text\n' }]);
    assert.deepEqual(parseStreamLine('   '), []);
    assert.deepEqual(parseStreamLine('[1,2]'), [{ kind: 'log', text: '[1,2]\n' }]);
  });

  it('splits lines across chunk boundaries, CRLF included, and multi-byte characters split mid-way', () => {
    const splitter = new LineSplitter();
    const bytes = Buffer.from('{"stream":"é"}\r\n{"stream":"b"}\n{"str');
    assert.deepEqual(splitter.push(bytes.subarray(0, 12)), []);
    assert.deepEqual(splitter.push(bytes.subarray(12)), ['{"stream":"é"}', '{"stream":"b"}']);
    assert.deepEqual(splitter.push('eam":"c"}'), []);
    assert.deepEqual(splitter.end(), ['{"stream":"c"}']);
  });

  it('consumes a whole stream, every line in order, including the error after a 200', async () => {
    const stream = new PassThrough();
    const events: DockerStreamEvent[] = [];
    const done = consumeDockerStream(stream, (e) => events.push(e));
    stream.write('{"stream":"Step 1/2 : FROM x\\n"}\n{"stream":" ---> abc\\n"}\n{"str');
    stream.write('eam":"Step 2/2 : RUN false\\n"}\n{"error":"boom","errorDetail":{"message":"boom"}}');
    stream.end();
    await done;
    assert.deepEqual(
      events.map((e) => e.kind),
      ['step', 'log', 'step', 'error'],
    );
  });

  it('rejects when the stream fails', async () => {
    const stream = new PassThrough();
    const done = consumeDockerStream(stream, () => undefined);
    stream.destroy(new Error('socket hang up'));
    await assert.rejects(done, /socket hang up/);
  });
});
