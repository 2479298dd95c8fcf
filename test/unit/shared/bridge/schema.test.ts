import { describe, expect, it } from 'vitest';
import { podRef } from '../../../../shared/bridge/call-schemas.ts';
import { accepts, type Schema } from '../../../../shared/bridge/schema.ts';

describe('accepts', () => {
  it('answers whether a schema takes a value, for callers that word their own refusal', () => {
    expect(accepts(podRef.namespace, 'kube-system')).toBe(true);
    expect(accepts(podRef.namespace, 'Kube_System')).toBe(false);
    expect(accepts(podRef.pod, 'web-0.a')).toBe(true);
    expect(accepts(podRef.pod, '../secrets')).toBe(false);
    expect(accepts(podRef.namespace, 42)).toBe(false);
  });

  it('lets a failure that is not a refusal through', () => {
    const broken: Schema<never> = () => {
      throw new TypeError('a bug in the schema');
    };
    expect(() => accepts(broken, 'x')).toThrow(TypeError);
  });
});
