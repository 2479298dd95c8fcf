// @vitest-environment jsdom
// A pane's header, accent and view. Terminal and playback panes need xterm, so a real browser: they
// are covered end to end; here are the panes jsdom can draw.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOG_QUERY } from '../../../../renderer/src/app/log-query.ts';
import { PaneRecordings } from '../../../../renderer/src/app/pane-recordings.svelte.ts';
import { ProductionGuard } from '../../../../renderer/src/app/production-guard.svelte.ts';
import { Recordings } from '../../../../renderer/src/app/recordings.svelte.ts';
import { Transfers } from '../../../../renderer/src/app/transfers.svelte.ts';
import { SessionRouter } from '../../../../renderer/src/app/session-router.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../../../renderer/src/app/settings.ts';
import { shellDetail, type TabDetail } from '../../../../renderer/src/app/workspace/tab-kinds.ts';
import { Workspace, type ShownPane } from '../../../../renderer/src/app/workspace/workspace.svelte.ts';
import WorkspacePane from '../../../../renderer/src/components/WorkspacePane.svelte';
import { FakeBridge } from '../fake-bridge.ts';
import { fileDragEvent } from './file-drag.ts';

const settings: Settings = { ...DEFAULT_SETTINGS, productionContexts: ['prod-eu'], productionPattern: '' };
const logs: TabDetail = {
  kind: 'logs',
  target: { kind: 'pod', context: 'dev', namespace: 'default', pod: 'web-1', containers: ['main'], container: 'main' },
  query: DEFAULT_LOG_QUERY,
  view: { timestamps: false, wrap: false },
};

/** The models App.svelte hands a pane, over a fake main. */
function models() {
  const bridge = new FakeBridge();
  const workspace = new Workspace(bridge, { forget: () => undefined });
  const recordings = new Recordings(bridge);
  return {
    bridge,
    workspace,
    recordings,
    guard: new ProductionGuard(workspace, () => settings),
    paneRecordings: new PaneRecordings(bridge, workspace, recordings, () => undefined),
    router: new SessionRouter(bridge),
    transfers: new Transfers(bridge),
  };
}


function drawFirstPane(m: ReturnType<typeof models>, change: (pane: ShownPane) => ShownPane = (pane) => pane) {
  const pane = m.workspace.panes[0];
  const tab = m.workspace.tabs[0];
  if (pane === undefined || tab === undefined) throw new Error('no pane');
  return render(WorkspacePane, {
    props: { ...m, pane: change(pane), tab, title: 'the title', settings, theme: 'dark', platform: 'other', linkUp: true, closeKey: 'Ctrl+Shift+W', recordKey: 'Ctrl+Shift+R' },
  });
}

describe('WorkspacePane', () => {
  it('marks a shell pane while files are dragged over it and uploads dropped files into the container\'s /tmp', async () => {
    const m = models();
    // A refused open keeps the terminal (xterm needs a real browser) out of jsdom; the pane is the same.
    m.bridge.refuse.set('exec', { kind: 'not-found', title: 'Pod not found', detail: 'gone' });
    await m.workspace.open(shellDetail({ context: 'dev', namespace: 'default', pod: 'web-1', container: 'app' }));
    drawFirstPane(m);
    const pane = document.querySelector('.pane');
    if (pane === null) throw new Error('no pane');
    expect(pane.getAttribute('data-drop-label')).toBe('Drop to upload into /tmp of web-1');
    const file = new File(['hi'], 'notes ☃.txt');
    pane.dispatchEvent(fileDragEvent('dragenter', [file]));
    expect(pane.hasAttribute('data-drop-target')).toBe(true);
    pane.dispatchEvent(fileDragEvent('drop', [file]));
    expect(pane.hasAttribute('data-drop-target')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(m.bridge.callsOf('startUpload')[0]?.args[0]).toEqual({
      target: { context: 'dev', namespace: 'default', pod: 'web-1', container: 'app' },
      remoteDirectory: '/tmp',
      files: [{ path: 'notes ☃.txt', size: 2 }],
    });
  });

  it('marks a production pane whose open main refused, offers to try again, and closes it', async () => {
    const m = models();
    m.bridge.refuse.set('exec', { kind: 'not-found', title: 'Pod not found', detail: 'pods "web-1" not found' });
    await m.workspace.open(shellDetail({ context: 'prod-eu', namespace: 'shop', pod: 'web-1', container: 'app' }));
    drawFirstPane(m);
    expect(document.querySelector('.pane-header .where')?.textContent?.replace(/\s+/g, '')).toBe('prod-eu·shop·web-1·app');
    expect(screen.getByLabelText('Production context prod-eu').textContent).toContain('PROD prod-eu');
    expect(document.querySelector('.pane-accent')?.classList.contains('production')).toBe(true);
    expect(document.querySelector('.pane-accent')?.classList.contains('broadcast')).toBe(false);
    expect(screen.getByRole('alert').textContent).toContain('Pod not found');
    expect(screen.queryByRole('button', { name: 'Record this terminal' })).toBeNull();
    screen.getByRole('button', { name: 'Try again' });
    await fireEvent.click(screen.getByRole('button', { name: 'Close pane' }));
    expect(m.workspace.panes).toEqual([]);
  });

  it('shows a log pane\'s view, with no production mark outside production', async () => {
    const m = models();
    await m.workspace.open(logs);
    drawFirstPane(m);
    screen.getByRole('region', { name: 'Logs the title' });
    expect(document.querySelector('.pane-accent')?.classList.contains('production')).toBe(false);
    expect(screen.queryByLabelText(/Production context/)).toBeNull();
  });

  it('says a log pane whose settings a reload lost cannot show anything', async () => {
    const m = models();
    await m.workspace.open(logs);
    drawFirstPane(m, (pane) => ({ ...pane, detail: null }));
    expect(screen.getByRole('alert').textContent).toBe('This pane\'s settings were not kept across the reload; close it and open the logs again.');
  });
});
