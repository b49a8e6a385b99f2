/**
 * An in-memory DockerGateway for the layers above the Docker engine (workflows, commands) where the
 * real engine is not the point: it records what was built and pushed, reports the platform it is
 * told to (a daemon with a cached base image of another architecture does that), and can be made
 * unreachable. The engine itself is tested against a real dockerd (test/integration/docker).
 */
import { DockerUnavailableError } from '../../src/docker/dockerErrors';
import type { DockerGateway } from '../../src/docker/dockerGateway';
import type { BuildRequest, BuiltImage } from '../../src/docker/imageBuilder';
import type { PushedImage, PushRequest } from '../../src/docker/imagePusher';

export class FakeDockerGateway implements DockerGateway {
  readonly description = 'unix:///fake/docker.sock (in memory)';
  readonly builds: BuildRequest[] = [];
  readonly pushes: PushRequest[] = [];
  /** The platform the "daemon" builds, whatever was asked; default: what was asked. */
  builtPlatform: string | undefined;
  unreachable = false;

  ensureReachable(): Promise<void> {
    if (this.unreachable)
      return Promise.reject(new DockerUnavailableError(this.description, new Error('connect ENOENT')));
    return Promise.resolve();
  }

  build(request: BuildRequest): Promise<BuiltImage> {
    this.builds.push(request);
    const platform = this.builtPlatform ?? request.platform ?? 'linux/amd64';
    const [os = 'linux', architecture = 'amd64'] = platform.split('/');
    return Promise.resolve({
      imageId: `sha256:${String(this.builds.length).padStart(64, '0')}`,
      tags: request.tags,
      platform,
      os,
      architecture,
    });
  }

  push(request: PushRequest): Promise<PushedImage> {
    this.pushes.push(request);
    const digest = `sha256:${'d'.repeat(63)}${this.pushes.length}`;
    return Promise.resolve({
      repository: request.repository,
      digest,
      tags: request.tags,
      imageUri: `${request.repository}@${digest}`,
      summary: { percent: 100, layers: 1, pushed: 1, alreadyPresent: 0, bytesPushed: 1, bytesTotal: 1 },
    });
  }
}
