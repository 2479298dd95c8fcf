import { describe, expect, it } from 'vitest';
import { LastGoodKubeconfigs } from '../../../../../main/core/kubeconfig/kubeconfig-last-good.ts';

const good = 'contexts:\n- name: one\n  context: {cluster: c}\n';
const halfSaved = 'contexts:\n- name: one\n  context: {cluster: c\n';

describe('LastGoodKubeconfigs', () => {
  it('passes files that parse through, and remembers them', () => {
    const lastGood = new LastGoodKubeconfigs();
    expect(lastGood.choose([{ path: '/k/a', text: good }])).toEqual({ files: [{ path: '/k/a', text: good }], problems: [] });
  });

  it('merges the last good version of a file that stopped parsing, and says so quoting the YAML error', () => {
    const lastGood = new LastGoodKubeconfigs();
    lastGood.choose([{ path: '/k/a', text: good }]);
    const chosen = lastGood.choose([{ path: '/k/a', text: halfSaved }]);
    expect(chosen.files).toEqual([{ path: '/k/a', text: good }]);
    expect(chosen.problems).toHaveLength(1);
    expect(chosen.problems[0]?.problem.detail).toMatch(/^The kubeconfig file \/k\/a is not valid YAML \(.+\)\. Its contexts stay as they were in its last good version until it is fixed\.$/);
  });

  it('takes the file again once it parses, and has nothing to fall back on for a file never good', () => {
    const lastGood = new LastGoodKubeconfigs();
    expect(lastGood.choose([{ path: '/k/b', text: halfSaved }])).toEqual({ files: [{ path: '/k/b', text: halfSaved }], problems: [] });
    const fixed = good.replace('one', 'two');
    lastGood.choose([{ path: '/k/b', text: good }]);
    expect(lastGood.choose([{ path: '/k/b', text: fixed }]).files).toEqual([{ path: '/k/b', text: fixed }]);
  });
});
