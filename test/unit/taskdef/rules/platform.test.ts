import { doc, ruleCases, web } from './helpers';

ruleCases('arm64-requires-linux', {
  pass: [
    [
      'ARM64 Linux',
      doc((td) => (td.runtimePlatform = { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' })),
    ],
    ['ARM64 with the OS left out (Linux)', doc((td) => (td.runtimePlatform = { cpuArchitecture: 'ARM64' }))],
  ],
  fail: [
    [
      'ARM64 Windows',
      doc((td) => {
        td.cpu = '1024';
        td.memory = '2048';
        td.runtimePlatform = { cpuArchitecture: 'ARM64', operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' };
      }),
      '"ARM64"',
    ],
  ],
});

ruleCases('fargate-os-family', {
  pass: [
    [
      'Windows Server 2025',
      doc(
        (td) => (
          (td.cpu = '2048'),
          (td.memory = '4096'),
          (td.runtimePlatform = { operatingSystemFamily: 'WINDOWS_SERVER_2025_FULL' })
        ),
      ),
    ],
  ],
  fail: [
    [
      'Windows Server 2016 (EC2 only)',
      doc(
        (td) => (
          (td.cpu = '2048'),
          (td.memory = '4096'),
          (td.runtimePlatform = { operatingSystemFamily: 'WINDOWS_SERVER_2016_FULL' })
        ),
      ),
      '"WINDOWS_SERVER_2016_FULL"',
    ],
  ],
});

ruleCases('ephemeral-storage-range', {
  pass: [
    ['21 GiB', doc((td) => (td.ephemeralStorage = { sizeInGiB: 21 }))],
    ['200 GiB', doc((td) => (td.ephemeralStorage = { sizeInGiB: 200 }))],
  ],
  fail: [
    [
      '20 GiB (the default: leave it out)',
      doc((td) => (td.ephemeralStorage = { sizeInGiB: 20 })),
      '"sizeInGiB": |20|',
    ],
    ['201 GiB', doc((td) => (td.ephemeralStorage = { sizeInGiB: 201 })), '"sizeInGiB": |201|'],
  ],
});

ruleCases('fargate-container-timeout', {
  pass: [['2 and 120', doc((td) => ((web(td).startTimeout = 2), (web(td).stopTimeout = 120)))]],
  fail: [
    ['stopTimeout 121', doc((td) => (web(td).stopTimeout = 121)), '"stopTimeout": |121|'],
    ['startTimeout 1', doc((td) => (web(td).startTimeout = 1)), '"startTimeout": |1|'],
  ],
});
