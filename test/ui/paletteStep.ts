// The palette's ranking as a person meets it: F1, type the first words of the common command,
// and the first row must be that command, so Enter runs it. VS Code lists a command palette's
// matches by recent use, then alphabetically by label (ties of "ECS: …" are broken by the words
// after the category), so a title like "ECS: Clean Up Deploy Target…" ranked above "ECS: Deploy…"
// for "ECS: Deploy" (issue 17); the deployment commands are titled so that none sorts before it
// ("Set Deployment Strategy…", "Resume Paused Deployment…"). "ECS: Run" starts three commands (Run
// Command…, Run Locally, Run Task…): a person types the next word, so each is checked with it.
// Runs before any of these commands is used, so recent use plays no part.
import * as assert from 'node:assert/strict';
import type { Step } from './scenario';

/** What a person types → the command the first row must be. */
export const PALETTE_PREFIXES: ReadonlyArray<readonly [query: string, first: string]> = [
  ['ECS: Deploy', 'ECS: Deploy…'],
  ['deploy', 'ECS: Deploy…'],
  ['ECS: Run Task', 'ECS: Run Task…'],
  ['ECS: Run Loc', 'ECS: Run Locally'],
  ['ECS: Run Com', 'ECS: Run Command…'],
  ['ECS: Show Log', 'ECS: Show Logs…'],
  ['ECS: Follow', 'ECS: Follow Logs…'],
  ['ECS: Build and', 'ECS: Build and Push Image to ECR…'],
];

export const paletteRankingStep: Step = {
  slug: 'palette-ranking',
  title: 'F1 → typing the first words of a common command ranks that command first (Enter runs it)',
  needs: ['workbench'],
  async run({ wb, log }) {
    const wrong: string[] = [];
    for (const [query, first] of PALETTE_PREFIXES) {
      const rows = await wb.paletteRows(query, first);
      log(`F1 "${query}" → ${rows.slice(0, 4).join(' | ')}`);
      if (rows[0] !== first) wrong.push(`"${query}" ranks "${rows[0] ?? '(nothing)'}" first, not "${first}"`);
    }
    assert.deepEqual(wrong, [], 'the common command comes first for the words a person types');
  },
};
