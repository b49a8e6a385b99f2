import * as assert from 'node:assert/strict';
import { parseDockerfile, readInstructions, targetChoices } from '../../../src/docker/dockerfile';

describe('dockerfile', () => {
  const text = [
    '# syntax=docker/dockerfile:1',
    'ARG NODE_VERSION=20',
    'FROM --platform=$BUILDPLATFORM node:${NODE_VERSION} AS deps',
    'ARG NPM_TOKEN',
    'RUN npm ci \\',
    '  # a comment inside a continuation',
    '  --omit=dev',
    'EXPOSE 9229',
    '',
    'FROM node:20-slim as runtime',
    'ARG APP_ENV="production" BUILD_ID',
    'EXPOSE 8080 8443/tcp 5353/udp 7000-7002',
    'FROM runtime',
    'EXPOSE $PORT 3000',
  ].join('\n');

  it('finds the stages with names, base images and platforms', () => {
    const info = parseDockerfile(text);
    assert.deepEqual(
      info.stages.map((s) => [s.index, s.name, s.baseImage, s.platform, s.line]),
      [
        [0, 'deps', 'node:${NODE_VERSION}', '$BUILDPLATFORM', 3],
        [1, 'runtime', 'node:20-slim', undefined, 10],
        [2, undefined, 'runtime', undefined, 13],
      ],
    );
    assert.deepEqual(targetChoices(info), ['deps', 'runtime', '2']);
  });

  it('lists global and per-stage ARGs with defaults, quotes removed', () => {
    assert.deepEqual(parseDockerfile(text).args, [
      { name: 'NODE_VERSION', defaultValue: '20' },
      { name: 'NPM_TOKEN', stage: 0 },
      { name: 'APP_ENV', defaultValue: 'production', stage: 1 },
      { name: 'BUILD_ID', stage: 1 },
    ]);
  });

  it('EXPOSE of the final stage only (variables skipped, ranges expanded)', () => {
    assert.deepEqual(parseDockerfile(text).exposedPorts, [{ port: 3000, protocol: 'tcp' }]);
    const single = parseDockerfile('FROM x\nEXPOSE 8080 8443/tcp 5353/udp 7000-7002\n');
    assert.deepEqual(
      single.exposedPorts.map((p) => `${p.port}/${p.protocol}`),
      ['8080/tcp', '8443/tcp', '5353/udp', '7000/tcp', '7001/tcp', '7002/tcp'],
    );
  });

  it('joins continuation lines, honours the escape directive', () => {
    const instructions = readInstructions(text);
    assert.deepEqual(
      instructions.find((i) => i.keyword === 'RUN'),
      { keyword: 'RUN', args: 'npm ci  --omit=dev', line: 5 },
    );
    const windows = readInstructions('# escape=`\nFROM mcr/windows\nRUN dir `\n  c:\\\\\n');
    assert.equal(windows[1]?.args, 'dir  c:\\\\');
  });
});
