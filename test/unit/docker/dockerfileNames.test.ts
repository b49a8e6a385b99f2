import * as assert from 'node:assert/strict';
import { isDockerfileName } from '../../../src/docker/dockerfileNames';
import { deployTimeoutMinutes } from '../../../src/workflows/deploy/deployDeps';

describe('small shared rules', () => {
  it('isDockerfileName: Dockerfile, Dockerfile.<x>, <x>.dockerfile and Containerfile, any case', () => {
    for (const name of ['Dockerfile', 'dockerfile', 'Dockerfile.dev', 'api.Dockerfile', 'Containerfile'])
      assert.equal(isDockerfileName(name), true, name);
    for (const name of ['Dockerfile-old', 'docker-compose.yml', 'MyDockerfile', 'Containerfile-x'])
      assert.equal(isDockerfileName(name), false, name);
  });

  it('deployTimeoutMinutes: the default for a missing, zero or non-numeric setting, and at least 1', () => {
    assert.equal(deployTimeoutMinutes(undefined), 15);
    assert.equal(deployTimeoutMinutes(0), 15);
    assert.equal(deployTimeoutMinutes('soon'), 15);
    assert.equal(deployTimeoutMinutes(0.5), 1);
    assert.equal(deployTimeoutMinutes(-3), 1);
    assert.equal(deployTimeoutMinutes(30), 30);
  });
});
