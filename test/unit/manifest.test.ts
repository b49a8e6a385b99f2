import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContextValues } from '../../src/explorer/contextValues';
import { SETTINGS_SECTION, settingDefaults } from '../../src/shared/settingDefaults';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('package.json manifest', () => {
  it('activates only on what needs it (views and commands are implicit), never at startup', () => {
    for (const event of manifest.activationEvents as string[]) {
      assert.ok(
        !['*', 'onStartupFinished', 'onLanguage:json'].includes(event),
        `eager activation event: ${event}`,
      );
      assert.match(
        event,
        /^workspaceContains:(.*\.json|\*\*\/Dockerfile)$/,
        `only task-definition files, the deploy file and a Dockerfile activate it: ${event}`,
      );
    }
    // A workspace with a Dockerfile (the sample app) shows the profile and region in the status bar
    // without the ECS view being opened first.
    assert.ok((manifest.activationEvents as string[]).includes('workspaceContains:**/Dockerfile'));
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.engines.vscode, '^1.100.0');
  });

  it('every declared command is registered somewhere in src/commands, with the ECS category', () => {
    const source = sourceFiles(path.join(root, 'src'))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    for (const { command, category } of contributes.commands as Array<{
      command: string;
      category: string;
    }>) {
      assert.equal(category, 'ECS', command);
      assert.ok(source.includes(`'${command}'`), `no registration found for ${command}`);
    }
  });

  it('every context-menu `viewItem` clause matches a contextValue the explorer sets', () => {
    const values: string[] = Object.values(ContextValues);
    for (const item of contributes.menus['view/item/context'] as Array<{ command: string; when: string }>) {
      const regex = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(item.when)?.[1];
      const equals = /viewItem == ([\w.]+)/.exec(item.when)?.[1];
      const matches = regex
        ? values.filter((v) => new RegExp(String(regex)).test(v))
        : values.filter((v) => v === equals);
      assert.ok(matches.length > 0, `${item.command}: "${item.when}" matches no contextValue`);
    }
  });

  it('declares every setting the code reads, with the same default', () => {
    const properties = contributes.configuration.properties as Record<string, { default: unknown }>;
    for (const [key, value] of Object.entries(settingDefaults)) {
      assert.deepEqual(properties[`${SETTINGS_SECTION}.${key}`]?.default, value, key);
    }
  });

  it('ships an activity-bar icon that is a monochrome SVG', () => {
    const container = (contributes.viewsContainers.activitybar as Array<{ icon: string }>)[0]!;
    const svg = fs.readFileSync(path.join(root, container.icon), 'utf8');
    assert.match(svg, /stroke="currentColor"/);
    assert.doesNotMatch(svg, /#[0-9a-f]{3,6}/i, 'no fixed colours: the theme tints it');
  });

  it('shows a welcome view for missing credentials and for an empty region', () => {
    const whens = (contributes.viewsWelcome as Array<{ when: string }>).map((w) => w.when).join(' ');
    assert.match(whens, /noCredentials/);
    assert.match(whens, /ecsFargate\.explorer\.state == empty/);
  });

  it('every command link in welcome views and the walkthrough is a declared command, and its media exist', () => {
    const declared = new Set((contributes.commands as Array<{ command: string }>).map((c) => c.command));
    const texts = [
      ...(contributes.viewsWelcome as Array<{ contents: string }>).map((w) => w.contents),
      ...(contributes.walkthroughs as Array<{ steps: Array<{ description: string }> }>).flatMap((w) =>
        w.steps.map((s) => s.description),
      ),
    ];
    const links = texts.flatMap((t) =>
      [...t.matchAll(/\(command:(ecsFargate\.[\w.]+)\)/g)].map((m) => m[1]!),
    );
    assert.ok(links.length >= 5);
    for (const id of links) assert.ok(declared.has(id), `link to an undeclared command: ${id}`);
    for (const w of contributes.walkthroughs as Array<{ steps: Array<{ media: { markdown?: string } }> }>) {
      for (const step of w.steps) {
        if (step.media.markdown)
          assert.ok(fs.existsSync(path.join(root, step.media.markdown)), step.media.markdown);
      }
    }
  });
});
