import * as assert from 'node:assert/strict';
import {
  configuredEndpoint,
  endpointProblem,
  endpointVariableName,
  servicesSectionKey,
} from '../../../src/aws/endpoints';
import type { SharedConfig } from '../../../src/aws/sharedConfig';

const config: SharedConfig = {
  paths: { configFile: '/c', credentialsFile: '/k' },
  configProfiles: new Map<string, Record<string, string>>([
    ['full', { services: 'local', endpoint_url: 'http://profile-global:1' }],
    ['global-only', { endpoint_url: 'http://profile-global:2' }],
    [
      'ignoring',
      { services: 'local', endpoint_url: 'http://profile-global:3', ignore_configured_endpoint_urls: 'true' },
    ],
    ['plain', {}],
  ]),
  credentialsProfiles: new Map(),
  ssoSessions: new Map(),
  services: new Map([
    [
      'local',
      {
        'ecs.endpoint_url': 'http://services-ecs:4',
        'cloudwatch_logs.endpoint_url': 'http://services-logs:5',
      },
    ],
  ]),
};

const lookup = (profile: string | undefined, env: Record<string, string> = {}) => ({ env, config, profile });

describe('endpoints', () => {
  it('names the variable and the services key from the service id', () => {
    assert.equal(endpointVariableName('CloudWatch Logs'), 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS');
    assert.equal(endpointVariableName('ECS'), 'AWS_ENDPOINT_URL_ECS');
    assert.equal(servicesSectionKey('CloudWatch Logs'), 'cloudwatch_logs');
    assert.equal(servicesSectionKey('STS'), 'sts');
  });

  const allLevels = {
    AWS_ENDPOINT_URL_ECS: 'http://env-ecs:6',
    AWS_ENDPOINT_URL: 'http://env-global:7',
  };

  it('1. the service-specific variable wins over everything', () => {
    assert.deepEqual(configuredEndpoint('ECS', lookup('full', allLevels)), {
      url: 'http://env-ecs:6',
      source: 'AWS_ENDPOINT_URL_ECS',
    });
  });

  it('2. then AWS_ENDPOINT_URL, even over the services section (as the CLI does)', () => {
    assert.deepEqual(configuredEndpoint('ECS', lookup('full', { AWS_ENDPOINT_URL: 'http://env-global:7' })), {
      url: 'http://env-global:7',
      source: 'AWS_ENDPOINT_URL',
    });
  });

  it("3. then the profile's services section entry for the service", () => {
    assert.deepEqual(configuredEndpoint('ECS', lookup('full')), {
      url: 'http://services-ecs:4',
      source: '[services local] ecs.endpoint_url',
    });
    assert.equal(configuredEndpoint('CloudWatch Logs', lookup('full'))?.url, 'http://services-logs:5');
  });

  it("4. then the profile's endpoint_url (also for services missing from its services section)", () => {
    assert.deepEqual(configuredEndpoint('STS', lookup('full')), {
      url: 'http://profile-global:1',
      source: 'endpoint_url of profile full',
    });
    assert.equal(configuredEndpoint('ECR', lookup('global-only'))?.url, 'http://profile-global:2');
  });

  it('5. otherwise nothing: the SDK uses the regional AWS endpoint', () => {
    assert.equal(configuredEndpoint('ECS', lookup('plain')), undefined);
    assert.equal(configuredEndpoint('ECS', lookup('not-a-profile')), undefined);
  });

  it('the variable for one service does not affect another', () => {
    assert.equal(
      configuredEndpoint('ECR', lookup('plain', { AWS_ENDPOINT_URL_ECS: 'http://x:1' })),
      undefined,
    );
  });

  it('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores every level', () => {
    assert.equal(
      configuredEndpoint(
        'ECS',
        lookup('full', { ...allLevels, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'TRUE' }),
      ),
      undefined,
    );
  });

  it('ignore_configured_endpoint_urls in the profile ignores every level, unless the variable says false', () => {
    assert.equal(configuredEndpoint('ECS', lookup('ignoring', allLevels)), undefined);
    assert.equal(
      configuredEndpoint(
        'ECS',
        lookup('ignoring', { ...allLevels, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' }),
      )?.url,
      'http://env-ecs:6',
    );
  });

  it('the environment pseudo-profile (no profile) only sees the variables', () => {
    assert.equal(
      configuredEndpoint('ECS', lookup(undefined, { AWS_ENDPOINT_URL: 'http://g:1' }))?.url,
      'http://g:1',
    );
    assert.equal(configuredEndpoint('ECS', lookup(undefined)), undefined);
  });

  it('flags endpoints that are not absolute http(s) URLs', () => {
    assert.equal(endpointProblem({ url: 'http://localhost:4566', source: 'x' }), undefined);
    assert.match(
      endpointProblem({ url: 'localhost:4566', source: 'AWS_ENDPOINT_URL' }) ?? '',
      /must start with http/,
    );
    assert.match(endpointProblem({ url: 'not a url', source: 'AWS_ENDPOINT_URL' }) ?? '', /not a valid URL/);
  });
});
