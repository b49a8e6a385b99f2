import * as assert from 'node:assert/strict';
import {
  COMMERCIAL_REGIONS,
  explainRegion,
  FALLBACK_REGION,
  isValidRegionId,
  regionName,
  resolveRegion,
} from '../../../src/aws/regions';

describe('regions', () => {
  const env = { AWS_REGION: 'eu-west-3', AWS_DEFAULT_REGION: 'eu-north-1' };

  it('prefers the saved choice over everything', () => {
    assert.deepEqual(explainRegion({ saved: 'ap-south-1', env, profileRegion: 'us-west-2' }), {
      region: 'ap-south-1',
      source: 'saved',
    });
  });

  it('then AWS_REGION, then AWS_DEFAULT_REGION', () => {
    assert.equal(resolveRegion({ env, profileRegion: 'us-west-2' }), 'eu-west-3');
    assert.deepEqual(
      explainRegion({ env: { AWS_DEFAULT_REGION: 'eu-north-1' }, profileRegion: 'us-west-2' }),
      {
        region: 'eu-north-1',
        source: 'AWS_DEFAULT_REGION',
      },
    );
  });

  it("then the profile's region, then us-east-1", () => {
    assert.deepEqual(explainRegion({ env: {}, profileRegion: 'us-west-2' }), {
      region: 'us-west-2',
      source: 'profile',
    });
    assert.deepEqual(explainRegion({ env: { AWS_REGION: '' } }), {
      region: FALLBACK_REGION,
      source: 'fallback',
    });
    assert.equal(FALLBACK_REGION, 'us-east-1');
  });

  it('lists unique, well-formed commercial regions with names', () => {
    const ids = COMMERCIAL_REGIONS.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const region of COMMERCIAL_REGIONS) {
      assert.ok(isValidRegionId(region.id), region.id);
      assert.ok(region.name.length > 3, region.id);
    }
    assert.ok(ids.includes('us-east-1') && ids.includes('eu-central-2') && ids.includes('mx-central-1'));
    assert.ok(!ids.some((id) => id.startsWith('cn-') || id.startsWith('us-gov-') || id === 'aws-global'));
    assert.equal(regionName('eu-west-1'), 'Europe (Ireland)');
    assert.equal(regionName('xx-nowhere-1'), undefined);
  });

  it('accepts region ids and rejects other text', () => {
    for (const ok of ['us-east-1', 'us-gov-west-1', 'ap-southeast-7', 'eusc-de-east-1'])
      assert.ok(isValidRegionId(ok), ok);
    for (const bad of ['', 'us-east', 'US-EAST-1', 'us east 1', 'https://x', 'us-east-1 ']) {
      assert.ok(!isValidRegionId(bad), bad);
    }
  });
});
