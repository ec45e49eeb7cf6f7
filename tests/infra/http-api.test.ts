import { describe, expect, it } from 'vitest';
import { cloudRoutes, httpAreas, routeKey, routes } from '../../shared/routes.js';
import { Template } from 'aws-cdk-lib/assertions';
import { logicalId, resourcesOf, routeResources, synthesizeApp, synthesized } from './synth.js';

const routesByKey = () => {
  return new Map(Object.values(routeResources(synthesized(), 'AWS::ApiGatewayV2::Route')).map((r) => [r.Properties.RouteKey as string, r]));
};

describe('HTTP API', () => {
  it('has exactly one route per cloud entry of shared/routes.ts', () => {
    const keys = Object.values(routeResources(synthesized(), 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey as string);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(cloudRoutes().map(routeKey).sort());
  });

  it('does not expose local-only routes (the laptop issuer login)', () => {
    const deployed = routesByKey();
    const localOnly = routes.filter((r) => r.scope === 'local-only');
    expect(localOnly.length).toBeGreaterThan(0);
    for (const route of localOnly) expect(deployed.has(routeKey(route))).toBe(false);
  });

  it('puts the Cognito JWT authorizer on every token route and none on public routes', () => {
    const { template } = synthesized();
    const [authorizerId, ...others] = Object.keys(resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer'));
    expect(others).toEqual([]);
    const deployed = routesByKey();
    for (const route of cloudRoutes()) {
      const props = deployed.get(routeKey(route))?.Properties;
      if (route.auth === 'token') {
        expect(props, routeKey(route)).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      } else {
        expect(props?.AuthorizationType, routeKey(route)).toBe('NONE');
        expect(props?.AuthorizerId, routeKey(route)).toBeUndefined();
      }
    }
  });

  it('trusts ID tokens of this user pool and SPA client only', () => {
    const { stack, template } = synthesized();
    const [authorizer] = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer'));
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: logicalId(stack, stack.auth.client) }],
        Issuer: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(stack, stack.auth.userPool), 'ProviderURL'] }]] },
      },
    });
  });

  it('sends each route to the function of its area', () => {
    const { stack } = synthesized();
    const integrations = routeResources(synthesized(), 'AWS::ApiGatewayV2::Integration');
    const deployed = routesByKey();
    for (const route of cloudRoutes()) {
      const target = deployed.get(routeKey(route))?.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
      const integration = integrations[target['Fn::Join'][1][1].Ref];
      const fn = stack.http.functions.get(route.area);
      if (!fn) throw new Error(`no function for ${route.area}`);
      expect(integration?.Properties, routeKey(route)).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [logicalId(stack, fn.fn), 'Arn'] },
      });
    }
    expect([...stack.http.functions.keys()].sort()).toEqual([...httpAreas].sort());
  });

  it('keeps both the main stack and the routes’ nested stack well under CloudFormation’s 500 resources', () => {
    const { stack, template } = synthesized();
    const count = (t: Template) => Object.keys(t.toJSON().Resources as object).length;
    // Headroom for the next areas: a stack at 500 cannot be deployed or updated at all.
    expect(count(template)).toBeLessThan(400);
    expect(count(Template.fromStack(stack.http.routeStack))).toBeLessThan(400);
  });

  it('lets API Gateway invoke each area function once, from this API only', () => {
    const { stack } = synthesized();
    const permissions = Object.values(routeResources(synthesized(), 'AWS::Lambda::Permission'));
    expect(permissions).toHaveLength(stack.http.functions.size);
    for (const fn of stack.http.functions.values()) {
      const mine = permissions.filter((p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify({ 'Fn::GetAtt': [logicalId(stack, fn.fn), 'Arn'] }));
      expect(mine).toHaveLength(1);
      expect(mine[0]?.Properties.Principal).toBe('apigateway.amazonaws.com');
      expect(JSON.stringify(mine[0]?.Properties.SourceArn)).toContain(logicalId(stack, stack.http.api));
    }
  });

  it('needs no CORS for the dashboard (same origin, /api/*) and allows only configured origins', () => {
    const { template } = synthesized();
    const [api] = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Api'));
    expect(api?.Properties.CorsConfiguration).toBeUndefined();

    const dev = synthesizeApp({ config: { allowedOrigins: ['http://localhost:5173'] } });
    const [devApi] = Object.values(resourcesOf(dev.template, 'AWS::ApiGatewayV2::Api'));
    const cors = devApi?.Properties.CorsConfiguration as { AllowOrigins: unknown[]; AllowCredentials?: boolean };
    expect(cors.AllowOrigins).toEqual(['http://localhost:5173']);
    expect(cors.AllowCredentials).toBe(false);
  });

  it('logs access to CloudWatch without raw paths or query strings, and throttles', () => {
    const { template } = synthesized();
    const [stage] = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Stage'));
    const settings = stage?.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
    expect(stage?.Properties.StageName).toBe('$default');
    expect(stage?.Properties.AutoDeploy).toBe(true);
    expect(settings.DestinationArn).toBeDefined();
    const fields = JSON.parse(settings.Format) as Record<string, string>;
    expect(fields.requestId).toBe('$context.requestId');
    expect(Object.values(fields)).not.toContain('$context.path');
    expect(settings.Format).not.toMatch(/querystring|\$context\.path|requestOverride|\$input/i);
    expect(stage?.Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: expect.any(Number),
      ThrottlingBurstLimit: expect.any(Number),
    });
  });
});
