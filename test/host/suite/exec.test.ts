// ECS Exec end to end in the real extension host: Open Shell on a container of production/web-frontend
// (ECS Exec on in the demo fleet) talks the Session Manager data channel to the fake agent, whose
// shell is real (docker exec into a busybox container of the Docker test engine, or a local `script`
// without one). The test reads what the extension's Pseudoterminal writes (its onDidWrite, seen by
// wrapping vscode.window.createTerminal; the terminal is still created by VS Code and typed into with
// Terminal.sendText, which reaches the pty's handleInput), and the exit status the terminal ends with.
// Forward Port on a task to a real HTTP server on loopback (the fake agent dials it), fetched
// through 127.0.0.1:<local port>, then stopped.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import {
  activate,
  assertCommandRegistered,
  callsSince,
  fakeAwsUrl,
  fakeStats,
  stub,
  treeChildren,
  treeNode,
  waitFor,
  withStubs,
  type Stub,
  type TreeNodeInfo,
} from './helpers';

type QuickPickItem = vscode.QuickPickItem & { value?: unknown };

/** A running web-frontend task of the demo fleet (ECS Exec on). */
async function runningTask(): Promise<TreeNodeInfo> {
  const service = await treeNode('production', 'web-frontend');
  return waitFor(
    'a running web-frontend task',
    async () => ((await treeChildren(service)) ?? []).find((c) => c.contextValue === 'ecs.task.running'),
    { timeoutMs: 20_000, intervalMs: 250 },
  );
}

/** Errors the extension shows (a failed step): recorded, never left open as a dialog. */
function recordErrors(shown: string[]): Stub {
  return stub(vscode.window, 'showErrorMessage', (...args: unknown[]) => {
    const options = args[1] as vscode.MessageOptions | undefined;
    shown.push([String(args[0]), options?.detail ?? ''].join(' '));
    return Promise.resolve(undefined);
  });
}

/** Keeps every text the extension's Pseudoterminals write, in order; the terminals are created for real. */
function captureTerminalWrites(writes: string[], terminals: vscode.Terminal[]): Stub {
  const window = vscode.window as unknown as Record<string, (...args: unknown[]) => vscode.Terminal>;
  const create = window.createTerminal!.bind(vscode.window);
  return stub(vscode.window, 'createTerminal', (...args: unknown[]) => {
    const options = args[0] as vscode.ExtensionTerminalOptions | undefined;
    assert.ok(options?.pty, 'Open Shell creates an extension terminal (a Pseudoterminal)');
    options.pty.onDidWrite((text) => writes.push(text));
    const terminal = create(...args);
    terminals.push(terminal);
    return terminal;
  });
}

/** Without the terminal's escape sequences: what a person reads. */
function plain(writes: string[]): string {
  // eslint-disable-next-line no-control-regex
  return writes.join('').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

describe('ECS Exec: Open Shell and Forward Port (fake AWS, fake agent, real shell and sockets)', function () {
  this.timeout(120_000);

  before(async function () {
    if (!fakeAwsUrl()) this.skip();
    await activate();
  });

  it('Open Shell on a container runs a real shell: typed command output comes back, then its exit status', async function () {
    await assertCommandRegistered('ecsFargate.openShell');
    const task = await runningTask();
    const container = ((await treeChildren(task)) ?? []).find((c) => c.contextValue === 'ecs.container');
    assert.ok(container, `task ${task.label} shows a container`);

    const writes: string[] = [];
    const terminals: vscode.Terminal[] = [];
    const errors: string[] = [];
    const before = await fakeStats();
    const terminal = await withStubs([captureTerminalWrites(writes, terminals), recordErrors(errors)], () =>
      vscode.commands.executeCommand<vscode.Terminal | undefined>('ecsFargate.openShell', container.element),
    );
    assert.deepEqual(errors, [], 'Open Shell showed no error');
    assert.ok(terminal, 'Open Shell returned its terminal');
    assert.equal(terminals.length, 1, 'one terminal was created');
    assert.equal(terminal.name, `ECS: ${task.label}/${container.label}`);
    assert.equal(await callsSince(before, 'ExecuteCommand'), 1, 'one ExecuteCommand call');

    try {
      // The shell computes 6*7: the TTY's echo of what was typed does not contain the answer.
      const marker = `exec-host-${process.pid}-${Date.now()}`;
      terminal.sendText(`echo ${marker}-$((6*7))`, true);
      const output = await waitFor(
        `"${marker}-42" written to the terminal`,
        () => plain(writes).includes(`${marker}-42`) && plain(writes),
        { timeoutMs: 30_000, intervalMs: 100 },
      );
      assert.ok(output.includes(`echo ${marker}-$((6*7))`), 'the typed command is echoed by the TTY');

      const closed = new Promise<vscode.Terminal>((resolve) => {
        const sub = vscode.window.onDidCloseTerminal((t) => {
          if (t !== terminal) return;
          sub.dispose();
          resolve(t);
        });
      });
      terminal.sendText('exit 3', true);
      await waitFor(
        'the end of the session written to the terminal',
        () => plain(writes).includes('[Session ended with exit code 3.]'),
        { timeoutMs: 30_000, intervalMs: 100 },
      );
      assert.match(plain(writes), /Press any key to close the terminal/);
      terminal.sendText('x', false); // the next key closes it, with the shell's exit status
      const ended = await closed;
      assert.equal(ended.exitStatus?.code, 3, 'the terminal closes with the shell exit status');
    } finally {
      if (!terminal.exitStatus) terminal.dispose();
    }
  });

  it('Forward Port on a task reaches a real HTTP server through 127.0.0.1:<local port>, until stopped', async function () {
    await assertCommandRegistered('ecsFargate.forwardPort');
    await assertCommandRegistered('ecsFargate.stopPortForward');
    const body = `forwarded-${process.pid}-${Date.now()}`;
    // The fake agent dials a container port on loopback (test/fakeAws/README.md): this server is it.
    const server = http.createServer((request, response) => {
      response.setHeader('content-type', 'text/plain');
      response.end(`${body} ${request.url ?? ''}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const remotePort = (server.address() as AddressInfo).port;
    try {
      const task = await runningTask();
      const infos: string[] = [];
      const errors: string[] = [];
      const picks = stub(vscode.window, 'showQuickPick', async (...args: unknown[]) => {
        const items = (await (args[0] as Promise<QuickPickItem[]> | QuickPickItem[])) ?? [];
        const title = (args[1] as vscode.QuickPickOptions | undefined)?.title ?? '';
        if (title === 'Forward which port?')
          return items.find((i) => i.label.includes('Another container port'));
        if (title.startsWith('Forward a port of which container')) return items[0];
        throw new Error(`unexpected quick pick ${title}`);
      });
      const inputs = stub(vscode.window, 'showInputBox', (...args: unknown[]) => {
        const options = args[0] as vscode.InputBoxOptions;
        const answer = options.title?.startsWith('Port in ')
          ? String(remotePort)
          : options.title === 'Local port (on 127.0.0.1)'
            ? '' // automatic: the remote port is taken here (the server), so the next free one
            : undefined;
        if (answer === undefined) throw new Error(`unexpected input box ${options.title ?? ''}`);
        assert.equal(options.validateInput?.(answer) ?? undefined, undefined, `${options.title} accepts it`);
        return Promise.resolve(answer);
      });
      const information = stub(vscode.window, 'showInformationMessage', (...args: unknown[]) => {
        infos.push(String(args[0]));
        return Promise.resolve(undefined);
      });
      const before = await fakeStats();
      await withStubs([picks, inputs, information, recordErrors(errors)], () =>
        vscode.commands.executeCommand('ecsFargate.forwardPort', task.element),
      );
      assert.deepEqual(errors, [], 'Forward Port showed no error');
      assert.equal(await callsSince(before, 'StartSession'), 1, 'one Session Manager session');
      const started = infos.map((m) => /^Forwarding 127\.0\.0\.1:(\d+) → /.exec(m)).find(Boolean);
      assert.ok(started, `Forward Port said where it listens: ${infos.join(' | ')}`);
      const localPort = Number(started[1]);
      assert.notEqual(localPort, remotePort, 'the local port is not the taken remote one');

      // Two requests at once, then one more: each a new TCP connection through the session.
      const get = async (path: string): Promise<string> => {
        const response = await fetch(`http://127.0.0.1:${localPort}${path}`, {
          signal: AbortSignal.timeout(20_000),
          headers: { connection: 'close' },
        });
        assert.equal(response.status, 200);
        return response.text();
      };
      assert.deepEqual(await Promise.all([get('/a'), get('/b')]), [`${body} /a`, `${body} /b`]);
      assert.equal(await get('/c'), `${body} /c`);

      await withStubs([recordErrors(errors)], () =>
        vscode.commands.executeCommand('ecsFargate.stopPortForward'),
      );
      assert.deepEqual(errors, [], 'Stop Port Forward showed no error');
      await assert.rejects(
        fetch(`http://127.0.0.1:${localPort}/after-stop`, { signal: AbortSignal.timeout(5000) }),
        'nothing listens on the local port once the forward is stopped',
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    }
  });
});
