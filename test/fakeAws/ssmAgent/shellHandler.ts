/**
 * The fake agent's `InteractiveCommands` handler (ECS Exec): a REAL shell behind the session.
 *
 * The command runs as `docker exec` with a TTY in a busybox container of the Docker test engine
 * (DOCKER_HOST; image DOCKER_TEST_BASE_IMAGE, default local/busybox:latest), started on first use and
 * removed by FakeSsmAgent.close(). Why Docker rather than a local `sh` under `script`: ECS Exec is an
 * exec into a container, and only an exec TTY can be resized from outside (the Size payload becomes
 * the exec's resize, so `stty size` shows it); a `script` pty's size cannot be changed from its pipe.
 * Without DOCKER_HOST the handler falls back to a local `script -qfec` (no resize).
 *
 * A container whose image names "distroless" has no shell: the handler answers as the agent does
 * when the binary is missing.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import Dockerode from 'dockerode';
import type { SessionContext, SessionHandler } from './types';

export const FAKE_EXEC_LABEL = 'ecs-fargate-test.fake-ssm-agent';

/** Splits a command line as a shell would for simple quoting ("a b" 'c d' e\ f). */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let has = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (c === '\\' && i + 1 < command.length) {
      word += command[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has || word) words.push(word);
      word = '';
      has = false;
    } else word += c;
  }
  if (has || word) words.push(word);
  return words;
}

function dockerFromEnv(): Dockerode | undefined {
  const host = process.env.DOCKER_HOST;
  if (!host) return undefined;
  if (host.startsWith('unix://')) return new Dockerode({ socketPath: host.slice('unix://'.length) });
  const url = new URL(host.replace(/^tcp:/, 'http:'));
  return new Dockerode({ host: url.hostname, port: Number(url.port) });
}

/** One busybox container per agent, shared by its sessions. */
export class ShellContainer {
  private container: Promise<Dockerode.Container> | undefined;
  readonly docker = dockerFromEnv();

  get(): Promise<Dockerode.Container> {
    const docker = this.docker;
    if (!docker) throw new Error('no DOCKER_HOST');
    this.container ??= (async () => {
      const container = await docker.createContainer({
        Image: process.env.DOCKER_TEST_BASE_IMAGE ?? 'local/busybox:latest',
        Cmd: ['sleep', '86400'],
        name: `ecs-fargate-fake-exec-${process.pid}-${randomBytes(4).toString('hex')}`,
        Labels: { [FAKE_EXEC_LABEL]: String(process.pid) },
        Tty: false,
      });
      await container.start();
      return container;
    })();
    return this.container;
  }

  async remove(): Promise<void> {
    const pending = this.container;
    this.container = undefined;
    if (!pending) return;
    try {
      await (await pending).remove({ force: true });
    } catch {
      // already gone
    }
  }
}

export function shellHandlerFactory(container: ShellContainer) {
  return async (context: SessionContext): Promise<SessionHandler> => {
    const command =
      typeof context.spec.properties.command === 'string' ? context.spec.properties.command : '/bin/sh';
    const argv = splitCommand(command);
    const image = typeof context.spec.details?.image === 'string' ? context.spec.details.image : '';
    if (/distroless/.test(image)) {
      setTimeout(() => {
        context.send(
          Buffer.from(
            `\r\nUnable to start command: Failed to start pty: fork/exec ${argv[0]}: no such file or directory\r\n`,
          ),
        );
        context.close('');
      }, 0);
      return { input: () => undefined, end: () => undefined };
    }
    if (!container.docker) return localShell(context, command);

    const exec = await (
      await container.get()
    ).exec({
      Cmd: argv,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      Env: ['TERM=xterm-256color'],
    });
    const stream = await exec.start({ hijack: true, stdin: true, Tty: true });
    let ended = false;
    stream.on('data', (chunk: Buffer) => context.send(chunk));
    stream.on('end', () => {
      if (ended) return;
      ended = true;
      exec
        .inspect()
        .then((info) => context.exit(info.ExitCode ?? 0))
        .catch(() => context.close(''));
    });
    return {
      input: (data) => {
        if (!ended) stream.write(data);
      },
      resize: (cols, rows) =>
        exec.resize({ h: rows, w: cols }).then(
          () => undefined,
          () => undefined,
        ),
      end: () => {
        ended = true;
        stream.destroy();
      },
    };
  };
}

function localShell(context: SessionContext, command: string): SessionHandler {
  const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => context.send(chunk));
  child.stderr.on('data', (chunk: Buffer) => context.send(chunk));
  child.on('exit', (code) => context.exit(code ?? 1));
  return {
    input: (data) => child.stdin.write(data),
    end: () => {
      child.kill('SIGKILL');
    },
  };
}
