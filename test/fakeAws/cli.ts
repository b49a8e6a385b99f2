#!/usr/bin/env node
/**
 * Runs the fake AWS endpoint as a process (VS Code host tests, demo mode):
 *   node out/test/fakeAws/cli.js [--port N] [--latency MS] [--fleet demo|none] [--lifecycle-ms MS]
 *       [--region R] [--account-id ID] [--state FILE]
 * With the demo fleet, the tasks' containers write log lines (logs/taskLogs.ts).
 * Prints `FAKE_AWS_URL=http://127.0.0.1:PORT` once listening; runs until SIGTERM/SIGINT.
 * --state FILE: the account is loaded from FILE at start (over the fleet) and saved to it after each
 * call that changes it and at exit (persistence.ts); a line `fake-aws: …` before the URL says whether
 * it was loaded or why the fake starts fresh (no file yet, a corrupt or older file).
 */
import { buildDemoFleet } from './fleet';
import { writeTaskLogs } from './logs/taskLogs';
import { changesState, loadStateFile, saveStateFile } from './persistence';
import { FakeAws, type FakeAwsOptions } from './server';

export interface CliOptions extends FakeAwsOptions {
  fleet: 'demo' | 'none';
  stateFile?: string;
}

/** How long after a change the state is written (changes in a burst are saved once). */
const SAVE_DELAY_MS = 300;

export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { fleet: 'none' };
  const number = (flag: string, value: string | undefined): number => {
    const n = Number(value);
    if (value === undefined || value.trim() === '' || !Number.isInteger(n) || n < 0) {
      throw new Error(`${flag} needs a whole number ≥ 0`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--port':
        options.port = number(flag, value);
        break;
      case '--latency':
        options.latencyMs = number(flag, value);
        break;
      case '--lifecycle-ms':
        options.lifecycleStepMs = number(flag, value);
        break;
      case '--fleet':
        if (value !== 'demo' && value !== 'none') throw new Error('--fleet is demo or none');
        options.fleet = value;
        break;
      case '--region':
        if (!value) throw new Error('--region needs a value');
        options.region = value;
        break;
      case '--state':
        if (!value) throw new Error('--state needs a file path');
        options.stateFile = value;
        break;
      case '--account-id':
        if (!value || !/^\d{12}$/.test(value)) throw new Error('--account-id needs 12 digits');
        options.accountId = value;
        break;
      default:
        throw new Error(`unknown argument ${flag}`);
    }
    i++;
  }
  return options;
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`fake-aws: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const fake = await FakeAws.start(options);
  const buildFleet = (): void => {
    if (options.fleet === 'demo')
      buildDemoFleet(fake.ecs, fake.autoScaling, fake.elb, fake.codeDeploy, fake.cloudTrail);
  };
  buildFleet();
  const stateFile = options.stateFile;
  let saveTimer: NodeJS.Timeout | undefined;
  const saveNow = (): void => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    if (!stateFile) return;
    try {
      saveStateFile(fake, stateFile);
    } catch (err) {
      process.stderr.write(`fake-aws: could not save the state to ${stateFile}: ${String(err)}\n`);
    }
  };
  if (stateFile) {
    const result = loadStateFile(fake, stateFile);
    if ('loaded' in result) {
      process.stdout.write(`fake-aws: state loaded from ${stateFile} (saved ${result.loaded.savedAt})\n`);
    } else {
      // Whatever a failed load left behind goes: the fleet from scratch.
      fake.reset();
      buildFleet();
      process.stdout.write(`fake-aws: starting fresh: ${result.fresh}\n`);
      saveNow();
    }
    fake.onCall = (_service, operation) => {
      if (changesState(operation)) saveTimer ??= setTimeout(saveNow, SAVE_DELAY_MS);
    };
  }
  // Its running containers write lines, so Show Logs and Follow Logs have something to show.
  if (options.fleet === 'demo') writeTaskLogs(fake.ecs, fake.logs, { everyMs: 1000 });
  process.stdout.write(`FAKE_AWS_URL=${fake.url}\n`);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    saveNow();
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`fake-aws: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
