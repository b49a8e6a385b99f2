// The UI scenario's canary deploy: F1 → "ECS: Deploy…", the storefront target picked from the quick
// pick (the deploy file holds flask-app too), the modal naming the CANARY strategy and its bake
// confirmed, then the service deployment followed in the "ECS: Deploy" channel: the canary traffic
// shift with its weights, the bake, SUCCESSFUL — each stage once, in order, read from the drawn
// Output panel. The demo's releases/storefront (test/fakeAws/demoReleases.ts) bakes 5 + 5 minutes on
// the fake's real clock: the step ends each bake when the channel shows it (POST /__fake/ecs/endBake),
// as the host deployments test does. Its screenshot is the README's docs/images/deploy-canary.png.
import * as assert from 'node:assert/strict';
import { fakePost, FLASK_TARGET, prepareDeploy, type ScenarioTarget } from './deployStep';
import type { ScenarioContext, Step } from './scenario';
import type { Workbench } from './workbench';

const STOREFRONT: ScenarioTarget = {
  cluster: 'releases',
  service: 'storefront',
  container: 'storefront',
  port: 8080,
  file: 'storefront-task-definition.json',
};

/** What the demo's storefront is configured with (canary 20 % for 5 min, then a 5-minute bake). */
const expectedText = {
  strategy: /Strategy: canary 20 % then bake 5 min; bakes about 10 min before it is done/,
  waitStep: /▶ Wait for the rollout \(storefront: canary 20 % then bake 5 min/,
  canary: /^shifting production traffic: new 20 % \/ old 80 %$/,
  bake: /^bake time: \d+ min left of 5$/,
  successful: /^successful$/,
  completed: /^Deployed .* to storefront: COMPLETED in /,
  failed: /^Deploy of storefront (failed|timed out)/,
};

interface ServiceDeploymentView {
  arn: string;
  strategy: string;
  status: string;
  deploymentConfiguration: { canaryConfiguration?: { canaryPercent?: number } };
}

async function storefrontRecord(
  ctx: ScenarioContext,
): Promise<{ taskDefinitionArn: string; serviceDeployments: ServiceDeploymentView[] }> {
  const response = await fetch(new URL(`/__fake/ecs/services?cluster=${STOREFRONT.cluster}`, ctx.fakeAwsUrl));
  const list = (await response.json()) as Array<Record<string, unknown>>;
  const service = list.find((s) => s['name'] === STOREFRONT.service);
  assert.ok(service, `the fake's ${STOREFRONT.cluster} cluster has ${STOREFRONT.service}`);
  return service as unknown as { taskDefinitionArn: string; serviceDeployments: ServiceDeploymentView[] };
}

/** The "ECS: Deploy" lines drawn from this deploy's wait step on (an earlier deploy's are above). */
async function waitLines(wb: Workbench): Promise<string[]> {
  const lines = await wb.outputLines();
  let start = lines.length - 1;
  while (start >= 0 && !expectedText.waitStep.test(lines[start]!)) start--;
  return start < 0 ? [] : lines.slice(start);
}

/** "  14:02:07  bake time: 5 min left of 5" → {time, text}: the follower's stage lines. */
function stageLines(lines: readonly string[]): Array<{ time: string; text: string }> {
  return lines.flatMap((l) => {
    const m = /^\s+(\d\d:\d\d:\d\d)\s{2}(\S.*?)\s*$/.exec(l);
    return m ? [{ time: m[1]!, text: m[2]! }] : [];
  });
}

/** Ends the bake in progress; a 409 (the stage shows, its bake has not begun yet) is asked again. */
async function endBake(ctx: ScenarioContext, what: string): Promise<void> {
  const end = Date.now() + 20_000;
  for (;;) {
    const response = await fakePost(ctx.fakeAwsUrl ?? '', '/__fake/ecs/endBake', {
      cluster: STOREFRONT.cluster,
      service: STOREFRONT.service,
    });
    if (response.ok) {
      ctx.log(`ended the ${what} (POST /__fake/ecs/endBake)`);
      return;
    }
    const text = await response.text();
    if (response.status !== 409 || Date.now() > end)
      assert.fail(`endBake (${what}): ${response.status} ${text}`);
    await ctx.wb.page.waitForTimeout(300);
  }
}

/**
 * Watches the drawn channel and the toasts until the deploy ends: each bake is ended once the
 * channel shows it. Returns the success notification's text.
 */
async function followOnScreen(ctx: ScenarioContext): Promise<string> {
  const { wb } = ctx;
  const end = Date.now() + 180_000;
  let canaryEnded = false;
  let bakeEnded = false;
  for (;;) {
    const toasts = (await wb.toasts()).map((t) => t.message);
    const completed = toasts.find((m) => expectedText.completed.test(m));
    if (completed) return completed;
    const failed = toasts.find((m) => expectedText.failed.test(m));
    if (failed) assert.fail(failed);
    // The stage lines in view (only this deploy prints canary weights and a 5-minute bake).
    const stages = stageLines(await wb.outputLines().catch(() => [])).map((s) => s.text);
    if (!canaryEnded && stages.some((s) => expectedText.canary.test(s))) {
      await endBake(ctx, 'canary bake');
      canaryEnded = true;
    }
    if (canaryEnded && !bakeEnded && stages.some((s) => expectedText.bake.test(s))) {
      await endBake(ctx, 'bake time');
      bakeEnded = true;
    }
    if (Date.now() > end) {
      assert.fail(
        `no COMPLETED notification (stages drawn: ${stages.join(' | ')}; toasts: ${toasts.join(' | ')})`,
      );
    }
    await wb.page.waitForTimeout(500);
  }
}

/** Index of the one stage line matching `pattern` (fails when it is drawn zero or several times). */
function once(stages: readonly string[], pattern: RegExp, what: string): number {
  const at = stages.flatMap((s, i) => (pattern.test(s) ? [i] : []));
  assert.equal(at.length, 1, `the channel shows the ${what} once (stages: ${stages.join(' | ')})`);
  return at[0]!;
}

export const canaryDeployStep: Step = {
  slug: 'deploy-canary',
  title:
    'F1 → Deploy to a CANARY service: pick the target, confirm the strategy, and the canary shift, bake and SUCCESSFUL show in ECS: Deploy',
  needs: ['clusters'],
  skipUnless: (ctx) =>
    'unavailable' in ctx.docker ? `no Docker test engine: ${ctx.docker.unavailable}` : undefined,
  async run(ctx) {
    const { wb, log } = ctx;
    if ('unavailable' in ctx.docker) throw new Error(ctx.docker.unavailable);
    assert.ok(ctx.fakeAwsUrl, 'the fake AWS endpoint runs (its bakes are ended through its admin API)');
    const before = await storefrontRecord(ctx);
    assert.ok(
      before.serviceDeployments.every((d) =>
        ['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL'].includes(d.status),
      ),
      'storefront has no service deployment in flight before the deploy',
    );
    await prepareDeploy(ctx, ctx.docker.env, [FLASK_TARGET, STOREFRONT]);

    await wb.runCommand('ECS: Deploy…');
    const labels = await wb.quickPickLabels();
    log(`targets: ${labels.join(' | ')}`);
    for (const name of [FLASK_TARGET.service, STOREFRONT.service]) {
      assert.ok(labels.includes(name), `the quick pick lists the target ${name}`);
    }
    await wb.answerQuickInput(/Deploy which target/, STOREFRONT.service);

    const dialog = await wb.dialogText(120_000); // the build and the push come first
    log(`dialog: ${dialog.replace(/\s+/g, ' ').slice(0, 400)}`);
    assert.match(dialog, /Deploy storefront to storefront\?/, 'the confirmation names the target');
    assert.match(dialog, expectedText.strategy, 'the confirmation names the canary and its bake times');
    await wb.dialogButton(/^Deploy$/);

    const notification = await followOnScreen(ctx);
    log(`notification: ${notification}`);
    // Following the service's logs brought their channel to the front: the deploy's again.
    await wb.toastButton(/to storefront: COMPLETED/, 'Open Output'); // the toast's text has its buttons too
    await wb.maximizePanel(); // the wait step's lines and the summary, all drawn at once
    try {
      await wb.page.waitForTimeout(500);
      const lines = await waitLines(wb);
      log(`output:\n${lines.map((l) => `      ${l}`).join('\n')}`);
      const stages = stageLines(lines);
      const texts = stages.map((s) => s.text);
      const canary = once(texts, expectedText.canary, 'canary traffic shift (new 20 % / old 80 %)');
      const bake = once(texts, expectedText.bake, 'bake time');
      const successful = once(texts, expectedText.successful, 'SUCCESSFUL end');
      assert.ok(
        canary < bake && bake < successful,
        `canary, bake, successful in this order: ${texts.join(' | ')}`,
      );
      assert.equal(successful, texts.length - 1, 'successful is the last stage line');
      assert.equal(new Set(texts).size, texts.length, `each stage is printed once: ${texts.join(' | ')}`);
      const body = lines.join(' ').replace(/\s+/g, ' '); // a long line is drawn wrapped
      assert.match(
        body,
        /✓ Wait for the rollout: [\d.]+ s · storefront:\d+ is deployed: The service deployment is SUCCESSFUL \(CANARY\)\./,
        'the wait step ends with the SUCCESSFUL canary',
      );
      assert.match(body, /» Deploy succeeded after/, 'and the deploy says how it ended');

      // The fake's record: one more service deployment, CANARY, SUCCESSFUL, to the new revision.
      const after = await storefrontRecord(ctx);
      assert.equal(
        after.serviceDeployments.length,
        before.serviceDeployments.length + 1,
        'one new service deployment',
      );
      const known = new Set(before.serviceDeployments.map((d) => d.arn));
      const latest = after.serviceDeployments.find((d) => !known.has(d.arn));
      assert.ok(latest, 'the fake holds the service deployment the deploy started');
      log(
        `fake: ${latest.strategy} ${latest.status}, service on ${after.taskDefinitionArn.split('/').pop()}`,
      );
      assert.equal(latest.strategy, 'CANARY');
      assert.equal(latest.status, 'SUCCESSFUL');
      assert.equal(latest.deploymentConfiguration.canaryConfiguration?.canaryPercent, 20);
      assert.match(
        after.taskDefinitionArn,
        /:task-definition\/storefront:3$/,
        'the service runs the new revision',
      );
      // The tree beside it says how storefront deploys (collapsed again: later steps count rows).
      const services = await wb.expand(STOREFRONT.cluster, { level: 1 });
      const row = services.find((r) => r.label === STOREFRONT.service);
      log(`tree: ${STOREFRONT.service} [${row?.description ?? 'not listed'}]`);
      assert.match(
        row?.description ?? '',
        /canary 20 % then bake 5 min/,
        'the service row names its strategy',
      );
      await wb.screenshot('deploy-canary-output'); // the README's picture: the whole canary in the channel
      await wb.collapse(STOREFRONT.cluster, { level: 1 });
    } finally {
      await wb.restorePanel();
    }
  },
};
