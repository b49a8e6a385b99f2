import * as assert from 'node:assert/strict';
import { DeployFailure } from '../../../../src/workflows/deploy/deployFailure';
import {
  platformOfTaskDefinition,
  renderImage,
  updateImageInText,
} from '../../../../src/workflows/deploy/renderTaskDefinition';
import type { JsonObject } from '../../../../src/taskdef/normalize';

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:' + 'a'.repeat(64);

const taskDefinition: JsonObject = {
  family: 'web',
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3',
  revision: 3,
  status: 'ACTIVE',
  containerDefinitions: [
    { name: 'app', image: 'app:latest', essential: true },
    { name: 'sidecar', image: 'envoy:1' },
  ],
};

describe('deploy/renderTaskDefinition', () => {
  it('puts the image into the chosen container only, drops output-only fields, leaves the input alone', () => {
    const rendered = renderImage(taskDefinition, 'app', IMAGE);
    assert.equal(rendered.containerDefinitions?.[0]?.image, IMAGE);
    assert.equal(rendered.containerDefinitions?.[1]?.image, 'envoy:1');
    assert.equal((rendered as unknown as Record<string, unknown>).taskDefinitionArn, undefined);
    assert.equal((rendered as unknown as Record<string, unknown>).revision, undefined);
    assert.equal((taskDefinition.containerDefinitions as JsonObject[])[0]?.image, 'app:latest');
  });

  it('an unknown container fails, listing the ones there are', () => {
    assert.throws(
      () => renderImage(taskDefinition, 'web', IMAGE, 'td.json'),
      (e: unknown) => DeployFailure.is(e) && /no container "web".*\(app, sidecar\): td\.json/.test(e.message),
    );
  });

  it('derives the build platform from runtimePlatform (linux/amd64 by default)', () => {
    assert.equal(platformOfTaskDefinition({}), 'linux/amd64');
    assert.equal(platformOfTaskDefinition({ runtimePlatform: { cpuArchitecture: 'ARM64' } }), 'linux/arm64');
    assert.equal(
      platformOfTaskDefinition({ runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' } }),
      'windows/amd64',
    );
  });

  it('the opt-in file update changes only the image value and keeps the formatting', () => {
    const text =
      '{\n    "family": "web",\n    "containerDefinitions": [\n        {"name": "sidecar", "image": "envoy:1"},\n        {\n            "name": "app",\n            "image": "app:latest"\n        }\n    ]\n}\n';
    const updated = updateImageInText(text, 'app', IMAGE);
    assert.equal(updated, text.replace('"app:latest"', `"${IMAGE}"`));
  });

  it('the file update works inside a saved describe output', () => {
    const text =
      '{"taskDefinition": {"family": "web", "containerDefinitions": [{"name": "app", "image": "x"}]}}';
    assert.equal(updateImageInText(text, 'app', IMAGE), text.replace('"x"', `"${IMAGE}"`));
  });
});
