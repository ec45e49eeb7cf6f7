import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { asList, logicalId, resourcesOf, synthesizeApp, synthesized, tempDir, type PolicyStatementJson, type Synthesized } from './synth.js';

const bucketPolicyStatements = ({ template }: Synthesized, bucketId: string): PolicyStatementJson[] =>
  Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy'))
    .filter((p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucketId }))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);

const deployments = ({ template }: Synthesized) => resourcesOf(template, 'Custom::CDKBucketDeployment');

/** A stand-in for `vite build` output, including a local config.json that must not ship. */
const fixtureDist = (): string => {
  const dir = tempDir('smileloop-dist-');
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/app-abc123.js"></script>');
  fs.writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), 'console.log("app")');
  fs.writeFileSync(path.join(dir, 'config.json'), '{"mode":"local"}');
  return dir;
};

const stagedFiles = (outdir: string, objectKey: string): string[] => {
  const dir = path.join(outdir, `asset.${objectKey.replace(/\.zip$/, '')}`);
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
};

describe('dashboard site', () => {
  it('keeps both buckets private, encrypted, TLS-only and retained', () => {
    const synth = synthesized();
    const { stack, template } = synth;
    const buckets = resourcesOf(template, 'AWS::S3::Bucket');
    for (const bucket of [stack.site.bucket, stack.site.logsBucket]) {
      const id = logicalId(stack, bucket);
      const resource = buckets[id];
      expect(resource?.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(resource?.Properties.BucketEncryption, id).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(resource?.DeletionPolicy, id).toBe('Retain');
      expect(bucketPolicyStatements(synth, id), id).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
    const site = buckets[logicalId(stack, stack.site.bucket)];
    expect(site?.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(site?.Properties.LoggingConfiguration).toMatchObject({ DestinationBucketName: { Ref: logicalId(stack, stack.site.logsBucket) } });
  });

  it('lets only this CloudFront distribution read the site bucket (origin access control)', () => {
    const synth = synthesized();
    const { stack } = synth;
    const allows = bucketPolicyStatements(synth, logicalId(stack, stack.site.bucket)).filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } });
    expect(JSON.stringify(allows[0]?.Condition)).toContain(logicalId(stack, stack.site.distribution));
  });

  it('serves index.html over HTTPS only, with security headers and access logs', () => {
    const { stack, template } = synthesized();
    const distribution = resourcesOf(template, 'AWS::CloudFront::Distribution')[logicalId(stack, stack.site.distribution)];
    const config = distribution?.Properties.DistributionConfig as Record<string, unknown>;
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https' });
    expect(config.Logging).toMatchObject({ Bucket: { 'Fn::GetAtt': [logicalId(stack, stack.site.logsBucket), 'RegionalDomainName'] } });
    const origins = config.Origins as { OriginAccessControlId?: unknown; S3OriginConfig?: unknown }[];
    const s3Origins = origins.filter((o) => o.S3OriginConfig !== undefined);
    expect(s3Origins).toHaveLength(1);
    expect(s3Origins.every((o) => o.OriginAccessControlId !== undefined)).toBe(true);

    const [policy] = Object.values(resourcesOf(template, 'AWS::CloudFront::ResponseHeadersPolicy'));
    const headers = (policy?.Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, unknown> })
      .SecurityHeadersConfig;
    expect(headers.StrictTransportSecurity).toMatchObject({ Override: true, AccessControlMaxAgeSec: expect.any(Number) });
    expect(headers.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(headers.ContentTypeOptions).toMatchObject({ Override: true });
    const csp = JSON.stringify(headers.ContentSecurityPolicy);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('cognito-idp');
  });

  it("lets the dashboard connect only to itself and Cognito: no API Gateway of the region", () => {
    const { template } = synthesized();
    const [policy] = Object.values(resourcesOf(template, 'AWS::CloudFront::ResponseHeadersPolicy'));
    const csp = JSON.stringify(policy?.Properties.ResponseHeadersPolicyConfig);
    const connect = /connect-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(connect).toMatch(/^'self' https:\/\/cognito-idp\./);
    expect(csp).not.toContain('execute-api');
    expect(csp).not.toMatch(/\*\./);
  });

  it('passes /api/* to this stack\'s HTTP API uncached, with the prefix stripped', () => {
    const { stack, template } = synthesized();
    const distribution = resourcesOf(template, 'AWS::CloudFront::Distribution')[logicalId(stack, stack.site.distribution)];
    const config = distribution?.Properties.DistributionConfig as {
      CacheBehaviors: { PathPattern: string; TargetOriginId: string; CachePolicyId: string; OriginRequestPolicyId: string; AllowedMethods: string[]; FunctionAssociations: { FunctionARN: { 'Fn::GetAtt': string[] } }[] }[];
      Origins: { Id: string; DomainName: unknown; S3OriginConfig?: unknown }[];
      CustomErrorResponses?: unknown;
      DefaultCacheBehavior: { FunctionAssociations: { EventType: string; FunctionARN: { 'Fn::GetAtt': string[] } }[] };
    };
    const api = config.CacheBehaviors.find((b) => b.PathPattern === '/api/*');
    if (!api) throw new Error('no /api/* behaviour');
    // Managed policies: CachingDisabled and AllViewerExceptHostHeader.
    expect(api.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    expect(api.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']));
    const origin = config.Origins.find((o) => o.Id === api.TargetOriginId);
    expect(JSON.stringify(origin?.DomainName)).toContain(logicalId(stack, stack.http.api));
    expect(JSON.stringify(origin?.DomainName)).toContain('execute-api');

    const functions = resourcesOf(template, 'AWS::CloudFront::Function');
    const codeOf = (association: { FunctionARN: { 'Fn::GetAtt': string[] } } | undefined) =>
      String(functions[association?.FunctionARN['Fn::GetAtt'][0] ?? '']?.Properties.FunctionCode);
    expect(codeOf(api.FunctionAssociations[0])).toContain('slice(4)');
    expect(codeOf(config.DefaultCacheBehavior.FunctionAssociations[0])).toContain('/index.html');
    expect(config.DefaultCacheBehavior.FunctionAssociations[0]?.EventType).toBe('viewer-request');
  });

  it('has no distribution-wide error pages: an API 403 or 404 reaches the app as JSON', () => {
    const { stack, template } = synthesized();
    const distribution = resourcesOf(template, 'AWS::CloudFront::Distribution')[logicalId(stack, stack.site.distribution)];
    expect((distribution?.Properties.DistributionConfig as Record<string, unknown>).CustomErrorResponses).toBeUndefined();
  });

  it('writes config.json at deploy time from the stack, even without a dashboard build', () => {
    const synth = synthesized();
    const { stack } = synth;
    const all = Object.values(deployments(synth));
    expect(all).toHaveLength(1);
    const entry = all[0]?.Properties as { SourceObjectKeys: string[]; SourceMarkers: Record<string, unknown>[] };
    expect(entry.SourceObjectKeys).toHaveLength(1);
    expect(stagedFiles(synth.outdir, entry.SourceObjectKeys[0] ?? '')).toEqual(['config.json']);
    const markers = JSON.stringify(entry.SourceMarkers);
    expect(markers).toContain(JSON.stringify({ Ref: logicalId(stack, stack.auth.userPool) }));
    expect(markers).toContain(JSON.stringify({ Ref: logicalId(stack, stack.auth.client) }));
    expect(markers).toContain(JSON.stringify({ Ref: 'AWS::Region' }));
  });

  it('uploads a build as immutable assets first, then uncached index.html + config.json with an invalidation', () => {
    const synth = synthesizeApp({ config: { dashboard: { distDir: fixtureDist(), geoAllowlist: [], accessLogExpirationDays: 90 } } });
    const { stack } = synth;
    const all = deployments(synth);
    expect(Object.keys(all)).toHaveLength(2);
    const find = (cache: string) => {
      const found = Object.entries(all).find(([, d]) => JSON.stringify(d.Properties.SystemMetadata).includes(cache));
      if (!found) throw new Error(`no deployment with cache-control ${cache}`);
      return found;
    };
    const [assetsId, assets] = find('immutable');
    const [, entry] = find('no-cache');

    const assetKeys = assets.Properties.SourceObjectKeys as string[];
    expect(assetKeys.flatMap((k) => stagedFiles(synth.outdir, k))).toEqual(['assets/app-abc123.js']);
    const entryKeys = entry.Properties.SourceObjectKeys as string[];
    expect(entryKeys.flatMap((k) => stagedFiles(synth.outdir, k)).sort()).toEqual(['config.json', 'index.html']);
    // The shipped config.json is the generated one (markers), not the build's local one.
    const configKey = entryKeys.find((k) => stagedFiles(synth.outdir, k).includes('config.json')) ?? '';
    const shipped = fs.readFileSync(path.join(synth.outdir, `asset.${configKey.replace(/\.zip$/, '')}`, 'config.json'), 'utf8');
    expect(JSON.parse(shipped)).toMatchObject({ mode: 'cloud', apiUrl: '/api' });

    expect(entry.Properties).toMatchObject({
      Prune: false,
      DistributionId: { Ref: logicalId(stack, stack.site.distribution) },
      DistributionPaths: ['/index.html', '/config.json'],
    });
    expect(assets.Properties.Prune).toBe(false);
    expect(asList(entry.DependsOn)).toContain(assetsId);
  });
});
