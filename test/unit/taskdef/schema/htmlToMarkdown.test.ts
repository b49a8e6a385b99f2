import * as assert from 'node:assert/strict';
import {
  decodeEntities,
  htmlToMarkdown,
  htmlToPlainText,
} from '../../../../src/taskdef/schema/htmlToMarkdown';

// Snippets as they appear in @aws-sdk/client-ecs's JSDoc (the ECS service model's documentation).
const TASK_ROLE =
  '<p>The short name or full Amazon Resource Name (ARN) of the IAM role that containers in this task can assume. ' +
  'For more information, see <a href="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html">IAM ' +
  'Roles for Tasks</a> in the <i>Amazon Elastic Container Service Developer Guide</i>.</p>';
const NETWORK_MODE =
  '<p>For Amazon ECS tasks on Amazon EC2 Windows instances, <code>&lt;default&gt;</code> or <code>awsvpc</code> ' +
  'can be used.</p> <important> <p>When using the <code>host</code> network mode, you should not run containers ' +
  'using the root user (UID 0).</p> </important>';
const MEMORY =
  '<p>The amount of memory (in MiB) used by the task.</p> <note> <p>Task-level CPU and memory parameters are ' +
  'ignored for Windows containers.</p> </note> <ul> <li> <p>512 (0.5 GB), 1024 (1 GB) - Available ' +
  '<code>cpu</code> values: 256 (.25 vCPU)</p> </li> <li> <p>Between 16 GB and 60 GB in 4 GB increments - ' +
  'Available <code>cpu</code> values: 8192 (8 vCPU)</p> <p>This option requires Linux platform <code>1.4.0</code> ' +
  'or later.</p> </li> </ul>';
const STATUS_LIST =
  '<p>The following are the possible states.</p> <dl> <dt>DELETE_IN_PROGRESS</dt> <dd> <p>The capacity provider ' +
  'is in the process of being deleted.</p> </dd> <dt>DELETE_COMPLETE</dt> <dd> <p>The capacity provider was ' +
  'successfully deleted and has an <code>INACTIVE</code> status.</p> </dd> </dl>';
const ORDERED =
  '<ol> <li> <p>Base satisfaction: The minimum number of tasks</p> </li> <li> <p>Weight distribution: ' +
  'After base requirements are met</p> <ul> <li> <p>nested</p> </li> </ul> </li> </ol>';

describe('HTML documentation to Markdown', () => {
  it('turns links and italics into Markdown, and drops them for plain text', () => {
    assert.equal(
      htmlToMarkdown(TASK_ROLE),
      'The short name or full Amazon Resource Name (ARN) of the IAM role that containers in this task can assume. ' +
        'For more information, see [IAM Roles for Tasks](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html) ' +
        'in the *Amazon Elastic Container Service Developer Guide*.',
    );
    assert.match(
      htmlToPlainText(TASK_ROLE),
      /see IAM Roles for Tasks in the Amazon Elastic Container Service Developer Guide\.$/,
    );
  });

  it('decodes entities inside code and renders <important> as a quote', () => {
    assert.equal(
      htmlToMarkdown(NETWORK_MODE),
      'For Amazon ECS tasks on Amazon EC2 Windows instances, `<default>` or `awsvpc` can be used.\n\n' +
        '> **Important:** When using the `host` network mode, you should not run containers using the root user (UID 0).',
    );
    assert.equal(
      htmlToPlainText(NETWORK_MODE),
      'For Amazon ECS tasks on Amazon EC2 Windows instances, <default> or awsvpc can be used.\n\n' +
        'Important: When using the host network mode, you should not run containers using the root user (UID 0).',
    );
  });

  it('keeps a list tight, with the paragraphs of one item joined by a hard break', () => {
    assert.equal(
      htmlToMarkdown(MEMORY),
      'The amount of memory (in MiB) used by the task.\n\n' +
        '> **Note:** Task-level CPU and memory parameters are ignored for Windows containers.\n\n' +
        '- 512 (0.5 GB), 1024 (1 GB) - Available `cpu` values: 256 (.25 vCPU)\n' +
        '- Between 16 GB and 60 GB in 4 GB increments - Available `cpu` values: 8192 (8 vCPU)  \n' +
        '  This option requires Linux platform `1.4.0` or later.',
    );
  });

  it('renders definition lists and ordered lists with nesting', () => {
    assert.equal(
      htmlToMarkdown(STATUS_LIST),
      'The following are the possible states.\n\n' +
        '- **DELETE_IN_PROGRESS**: The capacity provider is in the process of being deleted.\n' +
        '- **DELETE_COMPLETE**: The capacity provider was successfully deleted and has an `INACTIVE` status.',
    );
    assert.equal(
      htmlToMarkdown(ORDERED),
      '1. Base satisfaction: The minimum number of tasks\n2. Weight distribution: After base requirements are met\n   - nested',
    );
  });

  it('escapes what Markdown would read as markup, but not underscores inside words', () => {
    assert.equal(
      htmlToMarkdown('<p>Use X86_64 or *any* [value] &lt;b&gt;</p>'),
      'Use X86_64 or \\*any\\* \\[value\\] \\<b\\>',
    );
    assert.equal(htmlToMarkdown('<p><code>a`b</code></p>'), '`` a`b ``');
    assert.equal(htmlToMarkdown('<p>see<i> this </i>now</p>'), 'see *this* now');
  });

  it('tolerates what the model never writes: unknown, void and unclosed tags', () => {
    assert.equal(htmlToMarkdown('<p>one<br/>two</p><p>three <span>four</span>'), 'one  \ntwo\n\nthree four');
    assert.equal(htmlToPlainText('</b>text</p>'), 'text');
    assert.equal(htmlToMarkdown(''), '');
  });

  it('decodes named and numeric entities', () => {
    assert.equal(
      decodeEntities('&lt;a&gt; &amp; &quot;b&quot; &#39;c&#39; &#x41; &unknown;'),
      '<a> & "b" \'c\' A &unknown;',
    );
  });
});
