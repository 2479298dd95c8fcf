// Delete and restart ask first, naming what they change and where; YAML asks main for the text.
import { describe, expect, it } from 'vitest';
import { PodChanges } from '../../../../renderer/src/app/pod-details-actions.svelte.ts';
import type { Confirmation } from '../../../../renderer/src/app/production.ts';
import { FakeBridge } from '../fake-bridge.ts';

const target = { context: 'prod-eu', namespace: 'shop', pod: 'web-0' };

function setup(answer: boolean, production = false) {
  const bridge = new FakeBridge();
  const asked: Confirmation[] = [];
  const notices: string[] = [];
  const changes = new PodChanges(bridge, {
    ask: (confirmation) => {
      asked.push(confirmation);
      return Promise.resolve(answer);
    },
    inProduction: () => production,
    notice: (message) => notices.push(message),
  });
  return { bridge, asked, notices, changes };
}

describe('PodChanges', () => {
  it('deletes a pod only once confirmed, naming the pod and the context (marked when production)', async () => {
    const declined = setup(false, true);
    await declined.changes.delete(target);
    expect(declined.asked[0]).toMatchObject({ title: 'Delete pod web-0?', contexts: ['prod-eu'], confirmLabel: 'Delete pod' });
    expect(declined.asked[0]?.message).toContain('namespace shop of context prod-eu');
    expect(declined.bridge.callsOf('deletePod')).toEqual([]);

    const confirmed = setup(true);
    await confirmed.changes.delete(target);
    expect(confirmed.asked[0]?.contexts).toEqual([]);
    expect(confirmed.bridge.callsOf('deletePod')).toEqual([{ method: 'deletePod', args: ['prod-eu', 'shop', 'web-0'] }]);
  });

  it('restarts the workload main names, asking with its name', async () => {
    const { bridge, asked, notices, changes } = setup(true);
    await changes.restart(target);
    expect(asked[0]).toMatchObject({ title: 'Restart Deployment web?', confirmLabel: 'Restart Deployment web' });
    expect(bridge.callsOf('restartWorkload')).toEqual([{ method: 'restartWorkload', args: ['prod-eu', 'shop', 'web-0'] }]);
    expect(notices).toEqual(['Restarting Deployment web: its pods are replaced as its rollout strategy says.']);
  });

  it('says so when the pod has no workload to restart, without asking', async () => {
    const { bridge, asked, notices, changes } = setup(true);
    bridge.workloadOf = () => Promise.resolve(null);
    await changes.restart(target);
    expect(asked).toEqual([]);
    expect(notices[0]).toContain('belongs to no Deployment, StatefulSet or DaemonSet');
  });

  it('opens the YAML view and reads the text with or without managedFields', async () => {
    const { bridge, changes } = setup(true);
    changes.showYaml(target);
    expect(changes.yamlOf).toEqual(target);
    await changes.yaml(target, true);
    expect(bridge.callsOf('podYaml')).toEqual([{ method: 'podYaml', args: ['prod-eu', 'shop', 'web-0', true] }]);
    changes.closeYaml();
    expect(changes.yamlOf).toBeNull();
  });
});
