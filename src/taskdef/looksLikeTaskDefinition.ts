/**
 * Which files are task definitions (the editor checks only those): by name, by the
 * `ecsFargate.taskDefinitionFiles` globs, or by content. Apart from the checks themselves because the
 * activation bundle runs it on every JSON document that opens, and must not load the rules to do so.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';

/** `*task-definition*`, `*task-def*` and `*taskdef*` (the first is a case of the second). */
const TASK_DEFINITION_NAME = /task-?def/i;

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '{') re += '(?:';
    else if (ch === '}') re += ')';
    else if (ch === ',' && re.includes('(?:')) re += '|';
    else re += ch.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`(?:^|/)${re}$`, 'i');
}

/** Whether the text has `containerDefinitions` at the top level (or inside a top-level `taskDefinition`). */
function hasTopLevelContainerDefinitions(text: string): boolean {
  if (!text.includes('"containerDefinitions"')) return false;
  const scanner = createScanner(text, true);
  const stack: Array<'object' | 'array'> = [];
  let topKey: string | undefined;
  let expectKey = false;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken) {
      stack.push('object');
      expectKey = true;
    } else if (token === SyntaxKind.OpenBracketToken) {
      stack.push('array');
      expectKey = false;
    } else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) {
      stack.pop();
      expectKey = false;
    } else if (token === SyntaxKind.CommaToken) {
      expectKey = stack[stack.length - 1] === 'object';
    } else if (token === SyntaxKind.StringLiteral && expectKey) {
      const key = scanner.getTokenValue();
      if (stack.length === 1) topKey = key;
      if (
        key === 'containerDefinitions' &&
        (stack.length === 1 || (stack.length === 2 && topKey === 'taskDefinition'))
      ) {
        return true;
      }
      expectKey = false;
    } else {
      expectKey = false;
    }
  }
  return false;
}

/**
 * Whether a file should be validated as a task definition: its name (`*task-definition*.json`,
 * `*taskdef*.json`, `*task-def*.json`, `.aws/*.json`, or one of `extraGlobs`, VS Code glob syntax),
 * or its content (a top-level `containerDefinitions`).
 */
export function looksLikeTaskDefinition(
  fileName: string,
  text: string,
  extraGlobs: readonly string[] = [],
): boolean {
  const path = fileName.replace(/\\/g, '/');
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (/\.json$/i.test(base)) {
    if (TASK_DEFINITION_NAME.test(base)) return true;
    if (/(?:^|\/)\.aws\/[^/]+$/.test(path)) return true;
  }
  for (const glob of extraGlobs) {
    const target = glob.includes('/') ? path : base;
    if (globToRegExp(glob).test(target)) return true;
  }
  return hasTopLevelContainerDefinitions(text);
}
