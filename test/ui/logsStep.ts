// Follow Logs on a demo service shows lines (issue 17): the demo fleet's containers write logs
// (test/fakeAws/logs/taskLogs.ts), so the channel fills with the service's history, then live lines.
import * as assert from 'node:assert/strict';
import type { Step } from './scenario';

/** The generated lines of a web service: a start-up line, then access-log lines. */
const SERVICE_LINE = /Listening on 0\.0\.0\.0:3000|INFO (GET|POST) \/\S* 200 \d+ms/;

export const followLogsStep: Step = {
  slug: 'follow-logs',
  title: 'right-click a service → Follow Logs shows the lines its containers write',
  needs: ['cluster-expanded'],
  async run({ wb, log }) {
    const service = await wb.waitForRow('orders-api', { level: 2 });
    await wb.contextMenu(service, /^Follow Logs/);
    log(`asked "${await wb.answerQuickInput(/Show logs from/)}" → (default)`);
    const end = Date.now() + 30_000;
    let text = '';
    while (!SERVICE_LINE.test(text)) {
      if (Date.now() > end) assert.fail(`no log line in the channel: ${text.slice(-400)}`);
      await wb.page.waitForTimeout(500);
      text = await wb.outputText().catch(() => '');
    }
    const lines = text.split('\n').filter((l) => SERVICE_LINE.test(l));
    log(`channel: ${lines.length} lines, e.g. "${lines[0]?.trim() ?? ''}"`);
    assert.doesNotMatch(text, /does not exist|running for .*has written no logs/);
    await wb.runCommand('ECS: Stop Following Logs');
  },
};
