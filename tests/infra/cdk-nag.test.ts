import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { nagFindings, synthesized } from './synth.js';

type Acknowledgement = { path: string; id: string; reason: string };

const acknowledgements = (root: IConstruct): Acknowledgement[] =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged errors', () => {
    expect(nagFindings(synthesized().app).errors).toEqual([]);
  });

  it('reports no unacknowledged warnings', () => {
    expect(nagFindings(synthesized().app).warnings).toEqual([]);
  });

  it('leaves no CDK errors or warnings on the stack', () => {
    const annotations = Annotations.fromStack(synthesized().stack);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('gives every acknowledgement a reason a reviewer can check', () => {
    const all = acknowledgements(synthesized().app);
    expect(all.length).toBeGreaterThan(0);
    for (const ack of all) {
      expect(ack.reason.trim().length, `${ack.id} @ ${ack.path}`).toBeGreaterThanOrEqual(10);
    }
  });

  it('acknowledges nothing on the data table, the buckets’ access rules, or the HTTP functions’ permissions', () => {
    const all = acknowledgements(synthesized().app);
    expect(all.filter((a) => /\/MainTable\//.test(`${a.path}/`))).toEqual([]);
    expect(all.filter((a) => a.id.startsWith('AwsSolutions-S10') || a.id.startsWith('AwsSolutions-S2'))).toEqual([]);
    expect(all.filter((a) => a.path.startsWith('Smileloop/Http/') && /IAM[45]/.test(a.id))).toEqual([]);
  });

  it('allows unauthenticated API routes only where the route table says public', () => {
    const apig4 = acknowledgements(synthesized().app).filter((a) => a.id === 'AwsSolutions-APIG4');
    expect(apig4.length).toBeGreaterThan(0);
    for (const ack of apig4) expect(ack.reason).toMatch(/declared public in shared\/routes\.ts/);
  });
});
