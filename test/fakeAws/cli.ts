#!/usr/bin/env node
/**
 * Runs the fake AWS endpoint as a process (VS Code host tests, demo mode):
 *   node out/test/fakeAws/cli.js [--port N] [--latency MS] [--fleet demo|none] [--lifecycle-ms MS]
 *       [--region R] [--account-id ID]
 * With the demo fleet, the tasks' containers write log lines (logs/taskLogs.ts).
 * Prints exactly one line, `FAKE_AWS_URL=http://127.0.0.1:PORT`, once listening; runs until SIGTERM/SIGINT.
 */
import { buildDemoFleet } from './fleet';
import { writeTaskLogs } from './logs/taskLogs';
import { FakeAws, type FakeAwsOptions } from './server';

export interface CliOptions extends FakeAwsOptions {
  fleet: 'demo' | 'none';
}

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
  if (options.fleet === 'demo') {
    buildDemoFleet(fake.ecs, fake.autoScaling, fake.elb);
    // Its running containers write lines, so Show Logs and Follow Logs have something to show.
    writeTaskLogs(fake.ecs, fake.logs, { everyMs: 1000 });
  }
  process.stdout.write(`FAKE_AWS_URL=${fake.url}\n`);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
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
