import * as assert from 'node:assert/strict';
import { applyEveryFix, doc, parseDoc, problemsOf, ruleCases, web } from './helpers';

const ID = 'fargate-unsupported-parameter';

ruleCases(ID, {
  pass: [
    ['privileged false', doc((td) => (web(td).privileged = false))],
    ['empty links', doc((td) => (web(td).links = []))],
    ['pidMode task', doc((td) => (td.pidMode = 'task'))],
    ['a task-scoped bind mount', doc((td) => (td.volumes = [{ name: 'scratch', host: {} }]))],
    [
      'EFS',
      doc((td) => (td.volumes = [{ name: 'efs', efsVolumeConfiguration: { fileSystemId: 'fs-1234' } }])),
    ],
    [
      'EC2 may be privileged',
      doc(
        (td) => (
          (td.requiresCompatibilities = ['EC2']),
          (td.networkMode = 'bridge'),
          (web(td).privileged = true)
        ),
      ),
    ],
    ['initProcessEnabled', doc((td) => (web(td).linuxParameters = { initProcessEnabled: true }))],
  ],
  fail: [
    ['privileged', doc((td) => (web(td).privileged = true)), '"privileged"'],
    ['links', doc((td) => (web(td).links = ['db:db'])), '"links"'],
    [
      'dockerSecurityOptions',
      doc((td) => (web(td).dockerSecurityOptions = ['no-new-privileges'])),
      '"dockerSecurityOptions"',
    ],
    ['dnsServers', doc((td) => (web(td).dnsServers = ['10.0.0.2'])), '"dnsServers"'],
    [
      'extraHosts',
      doc((td) => (web(td).extraHosts = [{ hostname: 'db', ipAddress: '10.0.0.5' }])),
      '"extraHosts"',
    ],
    ['hostname', doc((td) => (web(td).hostname = 'web')), '"hostname"'],
    [
      'hostname in an EC2 awsvpc task too',
      doc((td) => ((td.requiresCompatibilities = ['EC2']), (web(td).hostname = 'web'))),
      '"hostname"',
    ],
    [
      'placementConstraints',
      doc((td) => (td.placementConstraints = [{ type: 'memberOf', expression: 'attribute:x == y' }])),
      '"placementConstraints"',
    ],
    ['ipcMode', doc((td) => (td.ipcMode = 'host')), '"ipcMode"'],
    ['pidMode host', doc((td) => (td.pidMode = 'host')), '"pidMode"'],
    [
      'Docker volumes',
      doc((td) => (td.volumes = [{ name: 'd', dockerVolumeConfiguration: { scope: 'task' } }])),
      '"dockerVolumeConfiguration"',
    ],
    [
      'host sourcePath',
      doc((td) => (td.volumes = [{ name: 'd', host: { sourcePath: '/var/data' } }])),
      '"sourcePath"',
    ],
    [
      'devices',
      doc((td) => (web(td).linuxParameters = { devices: [{ hostPath: '/dev/fuse' }] })),
      '"devices"',
    ],
    [
      'tmpfs',
      doc((td) => (web(td).linuxParameters = { tmpfs: [{ containerPath: '/run', size: 64 }] })),
      '"tmpfs"',
    ],
    ['swap', doc((td) => (web(td).linuxParameters = { maxSwap: 1024 })), '"maxSwap"'],
    ['GPU', doc((td) => (web(td).resourceRequirements = [{ type: 'GPU', value: '1' }])), '"type"'],
  ],
});

ruleCases('fargate-log-driver', {
  pass: [
    ['awsfirelens', doc((td) => (web(td).logConfiguration = { logDriver: 'awsfirelens' }))],
    [
      'splunk',
      doc(
        (td) => (web(td).logConfiguration = { logDriver: 'splunk', options: { 'splunk-url': 'https://s' } }),
      ),
    ],
  ],
  fail: [['json-file', doc((td) => (web(td).logConfiguration = { logDriver: 'json-file' })), '"json-file"']],
});

ruleCases('fargate-linux-capability', {
  pass: [
    [
      'SYS_PTRACE',
      doc((td) => (web(td).linuxParameters = { capabilities: { add: ['SYS_PTRACE'], drop: ['NET_RAW'] } })),
    ],
  ],
  fail: [
    [
      'NET_ADMIN',
      doc((td) => (web(td).linuxParameters = { capabilities: { add: ['SYS_PTRACE', 'NET_ADMIN'] } })),
      '"NET_ADMIN"',
    ],
  ],
});

describe('unsupported parameter quick fixes', () => {
  it('removes the parameter (not preferred: removing changes behaviour)', () => {
    const text = doc((td) => (web(td).privileged = true));
    const [p] = problemsOf(text, ID);
    assert.equal(
      p!.message,
      '"privileged" in container "web": Fargate does not run privileged containers. Remove it.',
    );
    assert.equal(p!.fixes![0]!.isPreferred, undefined);
    const [fixed] = applyEveryFix(text, ID);
    assert.equal(web(parseDoc(fixed!)).privileged, undefined);
  });

  it('removes a GPU requirement from its list and a capability from add', () => {
    const [gpu] = applyEveryFix(
      doc(
        (td) =>
          (web(td).resourceRequirements = [
            { type: 'GPU', value: '1' },
            { type: 'InferenceAccelerator', value: 'x' },
          ]),
      ),
      ID,
    );
    assert.deepEqual(web(parseDoc(gpu!)).resourceRequirements, [
      { type: 'InferenceAccelerator', value: 'x' },
    ]);
    const [cap] = applyEveryFix(
      doc((td) => (web(td).linuxParameters = { capabilities: { add: ['SYS_PTRACE', 'NET_ADMIN'] } })),
      'fargate-linux-capability',
    );
    assert.deepEqual(web(parseDoc(cap!)).linuxParameters!.capabilities!.add, ['SYS_PTRACE']);
  });
});
