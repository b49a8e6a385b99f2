import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import { findLeftovers, isOwnerAlive, localLabels } from '../../../../src/workflows/local/localLabels';
import { FakeDockerGateway } from '../../../fakes/fakeDockerGateway';

/** A pid that existed and is gone: a child that has already exited. */
function exitedPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('Run Locally leftovers (workflows/local/localLabels.ts)', () => {
  it('an owner is alive while its process runs on this machine; gone once it exited', () => {
    assert.equal(isOwnerAlive(`${process.pid}@${os.hostname()}`), true);
    assert.equal(isOwnerAlive(`${exitedPid()}@${os.hostname()}`), false);
  });

  it("another machine's owner counts as alive (it cannot be checked); a malformed owner as gone", () => {
    assert.equal(isOwnerAlive(`${exitedPid()}@some-other-host`, os.hostname()), true);
    assert.equal(isOwnerAlive('dead@host'), false);
    assert.equal(isOwnerAlive(undefined), false);
  });

  it("another window's running task is not a leftover; a crashed window's task is", async () => {
    const docker = new FakeDockerGateway();
    const live = `${process.pid}@${os.hostname()}`;
    const gone = `${exitedPid()}@${os.hostname()}`;
    await docker.createContainer({
      name: 'other-window-app',
      image: 'busybox',
      labels: localLabels('task-live', 'web', live, 'container', 'app'),
    });
    await docker.createContainer({
      name: 'crashed-window-app',
      image: 'busybox',
      labels: localLabels('task-gone', 'web', gone, 'container', 'app'),
    });
    const found = await findLeftovers(docker);
    assert.deepEqual(found.taskIds, ['task-gone']);
    assert.deepEqual(
      found.containers.map((c) => c.name),
      ['crashed-window-app'],
    );
  });
});
