import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { labelSelectorString } from '../../../../../main/core/port-forward/forward-target.ts';

const at = { what: 'deployment shop/web', path: 'spec.selector' };

describe('labelSelectorString', () => {
  it('writes matchLabels, then matchExpressions, in the query syntax', () => {
    expect(
      labelSelectorString(
        {
          matchLabels: { app: 'web', tier: 'front' },
          matchExpressions: [
            { key: 'env', operator: 'In', values: ['prod', 'staging'] },
            { key: 'canary', operator: 'NotIn', values: ['true'] },
            { key: 'team', operator: 'Exists' },
            { key: 'legacy', operator: 'DoesNotExist' },
          ],
        },
        at,
      ),
    ).toBe('app=web,tier=front,env in (prod,staging),canary notin (true),team,!legacy');
    expect(labelSelectorString({}, at)).toBe('');
  });

  it('refuses an operator it does not know, naming the field', () => {
    const read = (): string => labelSelectorString({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, at);
    expect(read).toThrow(CoreError);
    expect(read).toThrow('spec.selector.matchExpressions[0].operator');
  });
});
