// @vitest-environment jsdom
import BugIcon from '@lucide/svelte/icons/bug';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BridgeError } from '../../../../shared/bridge/bridge-error.ts';
import { podActionHint, POD_ACTIONS, type PodAction } from '../../../../renderer/src/app/pod-actions.ts';
import Sidebar from '../../../../renderer/src/components/Sidebar.svelte';
import { container, context, FakeBridge, pod } from '../fake-bridge.ts';
import { fileDragEvent } from './file-drag.ts';

// jsdom has no layout: the tree's viewport is 480 px (20 rows of 24 px), and scrollTop sticks.
const VIEWPORT = 480;
const ROW = 24;
const scrollTops = new WeakMap<Element, number>();
const saved = {
  clientHeight: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight'),
  scrollTop: Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTop'),
};

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.getAttribute('role') === 'tree' ? VIEWPORT : 0;
    },
  });
  Object.defineProperty(Element.prototype, 'scrollTop', {
    configurable: true,
    get(this: Element) {
      return scrollTops.get(this) ?? 0;
    },
    set(this: Element, value: number) {
      scrollTops.set(this, value);
    },
  });
});

afterEach(() => sessionStorage.clear());

afterAll(() => {
  if (saved.clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', saved.clientHeight);
  if (saved.scrollTop) Object.defineProperty(Element.prototype, 'scrollTop', saved.scrollTop);
});

function setup(bridge = new FakeBridge()) {
  const callbacks = { onShell: vi.fn(), onLogs: vi.fn(), onAppLogs: vi.fn(), onPortForward: vi.fn(), onSelect: vi.fn() };
  render(Sidebar, { props: { bridge, ...callbacks } });
  return { bridge, ...callbacks };
}

const rows = () => screen.queryAllByRole('treeitem').map((row) => row.getAttribute('data-path'));
const row = (path: string) => document.querySelector<HTMLElement>(`[role="treeitem"][data-path="${path}"]`);
const tree = () => screen.getByRole('tree');
/** What the details area below the tree shows: [title, detail], or [] when nothing. */
const problemShown = () =>
  [...screen.getByRole('region', { name: 'Problem details' }).querySelectorAll('.details-title, .details-text')].map((element) => element.textContent);
/** Pod events are drawn once per animation frame. */
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));

describe('Sidebar', () => {
  it('opens the current context and its namespace, and shows the namespace’s pods live', async () => {
    const bridge = new FakeBridge();
    bridge.contexts = [context('prod', { isCurrent: true, namespace: 'web' }), context('staging')];
    bridge.namespaces.set('prod', [{ name: 'web', phase: 'Active' }, { name: 'db', phase: 'Active' }]);
    setup(bridge);
    await waitFor(() => expect(bridge.watches).toHaveLength(1));
    expect(bridge.watch('prod', 'web')).toBeTruthy();
    bridge.watch('prod', 'web').onEvent({ kind: 'snapshot', pods: [pod('web-1', { namespace: 'web' }), pod('web-0', { namespace: 'web' })] });
    await nextFrame();
    await waitFor(() => expect(rows()).toEqual(['prod', 'prod/db', 'prod/web', 'prod/web/web-0', 'prod/web/web-1', 'staging']));
    expect(row('prod/web/web-0')?.textContent).toContain('Running');
    expect(row('prod/web')?.getAttribute('aria-expanded')).toBe('true');

    bridge.watch('prod', 'web').onEvent({ kind: 'upsert', pod: pod('web-2', { namespace: 'web', phase: 'Pending', containers: [container('app', { state: { kind: 'waiting', reason: 'ContainerCreating' } })] }) });
    await nextFrame();
    await waitFor(() => expect(row('prod/web/web-2')?.textContent).toContain('ContainerCreating'));
  });

  it('draws only the rows in view: 10,000 pods make a few dozen DOM rows', async () => {
    const bridge = new FakeBridge();
    setup(bridge);
    await waitFor(() => expect(bridge.watches).toHaveLength(1));
    const many = Array.from({ length: 10_000 }, (_, i) => pod(`pod-${String(i).padStart(5, '0')}`));
    bridge.watch('dev', 'default').onEvent({ kind: 'snapshot', pods: many });
    await nextFrame();
    await waitFor(() => expect(rows()).toContain('dev/default/pod-00000'));
    expect(rows().length).toBeLessThanOrEqual(VIEWPORT / ROW + 10);
    const spacer = tree().querySelector<HTMLElement>('.spacer');
    expect(spacer?.style.height).toBe(`${(10_000 + 2) * ROW}px`);

    tree().scrollTop = (10_000 + 2) * ROW - VIEWPORT;
    await fireEvent.scroll(tree());
    expect(rows()).toContain('dev/default/pod-09999');
    expect(rows()).not.toContain('dev/default/pod-00000');
    expect(rows().length).toBeLessThanOrEqual(VIEWPORT / ROW + 2 * 10 + 1);
  });

  it('filters pods as you type', async () => {
    const bridge = new FakeBridge();
    setup(bridge);
    await waitFor(() => expect(bridge.watches).toHaveLength(1));
    bridge.watch('dev', 'default').onEvent({ kind: 'snapshot', pods: [pod('web-1'), pod('api-1', { labels: { app: 'api' } }), pod('web-2')] });
    await nextFrame();
    await fireEvent.input(screen.getByRole('searchbox', { name: 'Filter pods' }), { target: { value: 'web' } });
    expect(rows()).toEqual(['dev', 'dev/default', 'dev/default/web-1', 'dev/default/web-2']);
    await fireEvent.input(screen.getByRole('searchbox', { name: 'Filter pods' }), { target: { value: 'app=api' } });
    expect(rows()).toEqual(['dev', 'dev/default', 'dev/default/api-1']);
  });

  it('works from the keyboard: arrows move and open, Enter opens a shell, L opens logs', async () => {
    const bridge = new FakeBridge();
    const { onShell, onLogs, onSelect } = setup(bridge);
    await waitFor(() => expect(bridge.watches).toHaveLength(1));
    bridge.watch('dev', 'default').onEvent({ kind: 'snapshot', pods: [pod('web-1', { containers: [container('app'), container('sidecar')] })] });
    await nextFrame();
    await waitFor(() => expect(rows()).toContain('dev/default/web-1'));

    tree().focus();
    await fireEvent.keyDown(tree(), { key: 'Home' });
    await fireEvent.keyDown(tree(), { key: 'ArrowDown' });
    await fireEvent.keyDown(tree(), { key: 'ArrowDown' });
    expect(row('dev/default/web-1')?.getAttribute('aria-selected')).toBe('true');
    expect(tree().getAttribute('aria-activedescendant')).toBe(row('dev/default/web-1')?.id);
    expect(onSelect).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'pod', path: 'dev/default/web-1' }));

    await fireEvent.keyDown(tree(), { key: 'ArrowRight' });
    expect(rows()).toContain('dev/default/web-1/sidecar');
    await fireEvent.keyDown(tree(), { key: 'ArrowRight' });
    await fireEvent.keyDown(tree(), { key: 'ArrowDown' });
    expect(row('dev/default/web-1/sidecar')?.getAttribute('aria-selected')).toBe('true');

    await fireEvent.keyDown(tree(), { key: 'Enter' });
    expect(onShell).toHaveBeenCalledWith(expect.objectContaining({ kind: 'container', path: 'dev/default/web-1/sidecar' }));
    await fireEvent.keyDown(tree(), { key: 'l' });
    expect(onLogs).toHaveBeenCalledWith(expect.objectContaining({ kind: 'container', path: 'dev/default/web-1/sidecar' }));

    await fireEvent.keyDown(tree(), { key: 'ArrowLeft' });
    expect(row('dev/default/web-1')?.getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(tree(), { key: 'ArrowLeft' });
    expect(rows()).not.toContain('dev/default/web-1/app');
  });

  it('offers the pod actions for the selection, with merged logs of its app label', async () => {
    const bridge = new FakeBridge();
    const { onAppLogs, onPortForward } = setup(bridge);
    await waitFor(() => expect(bridge.watches).toHaveLength(1));
    bridge.watch('dev', 'default').onEvent({ kind: 'snapshot', pods: [pod('web-1', { labels: { app: 'web' } })] });
    await nextFrame();
    await waitFor(() => expect(row('dev/default/web-1')).not.toBeNull());
    await fireEvent.click(row('dev/default/web-1') as HTMLElement);
    await fireEvent.click(screen.getByRole('button', { name: 'Logs of all pods with app=web' }));
    expect(onAppLogs).toHaveBeenCalledWith(expect.objectContaining({ path: 'dev/default/web-1' }), 'app=web');
    await fireEvent.click(screen.getByRole('button', { name: 'Forward a port' }));
    expect(onPortForward).toHaveBeenCalled();
  });

  it('shows a workload row with ready/desired over its pods, closes it from the keyboard, and runs its actions', async () => {
    const bridge = new FakeBridge();
    const { onAppLogs, onPortForward } = setup(bridge);
    await waitFor(() => expect(bridge.watches).toHaveLength(1));
    const of = (name: string, ready: boolean) =>
      pod(name, { owner: { kind: 'ReplicaSet', name: 'web-7f9c' }, labels: { app: 'web', 'pod-template-hash': '7f9c' }, ready });
    bridge.watch('dev', 'default').onEvent({ kind: 'snapshot', pods: [of('web-7f9c-a', true), of('web-7f9c-b', false), pod('lone')] });
    await nextFrame();
    await waitFor(() => expect(rows()).toEqual(['dev', 'dev/default', 'dev/default/Deployment web', 'dev/default/web-7f9c-a', 'dev/default/web-7f9c-b', 'dev/default/lone']));
    const workload = row('dev/default/Deployment web') as HTMLElement;
    expect(workload.getAttribute('aria-label')).toBe('Deployment web');
    expect(screen.getByLabelText('1 of 2 pods ready')).toBeTruthy();

    // A click opens or closes it, as a namespace's; so do the arrows.
    await fireEvent.click(workload);
    const closed = ['dev', 'dev/default', 'dev/default/Deployment web', 'dev/default/lone'];
    expect(rows()).toEqual(closed);
    await fireEvent.keyDown(tree(), { key: 'ArrowRight' });
    expect(rows()).toContain('dev/default/web-7f9c-a');
    await fireEvent.keyDown(tree(), { key: 'ArrowLeft' });
    expect(rows()).toEqual(closed);
    await fireEvent.keyDown(tree(), { key: 'Enter' });
    expect(rows()).toContain('dev/default/web-7f9c-a');

    await fireEvent.keyDown(tree(), { key: 'l' });
    expect(onAppLogs).toHaveBeenCalledWith(expect.objectContaining({ path: 'dev/default/web-7f9c-a' }), 'app=web');
    const forward = screen.getByRole('button', { name: 'Forward a port to a pod of Deployment web' });
    expect(forward.getAttribute('title')).toContain('(P)');
    await fireEvent.click(forward);
    expect(onPortForward).toHaveBeenCalled();
  });

  it('marks a pod row while files are dragged over it and hands the dropped files over with the row', async () => {
    const bridge = new FakeBridge();
    const onDropFiles = vi.fn();
    render(Sidebar, { props: { bridge, onShell: vi.fn(), onLogs: vi.fn(), onAppLogs: vi.fn(), onPortForward: vi.fn(), onDropFiles } });
    await waitFor(() => expect(bridge.watches).toHaveLength(1));
    bridge.watch('dev', 'default').onEvent({ kind: 'snapshot', pods: [pod('web-1')] });
    await nextFrame();
    await waitFor(() => expect(row('dev/default/web-1')).not.toBeNull());
    const target = row('dev/default/web-1') as HTMLElement;
    const file = new File(['x'], 'a.txt');
    const drag = (type: string): Event => fileDragEvent(type, [file]);
    target.dispatchEvent(drag('dragenter'));
    expect(target.hasAttribute('data-drop-target')).toBe(true);
    target.dispatchEvent(drag('drop'));
    expect(target.hasAttribute('data-drop-target')).toBe(false);
    expect(onDropFiles).toHaveBeenCalledWith(expect.objectContaining({ kind: 'pod', pod: expect.objectContaining({ name: 'web-1' }) }), [file]);
    // A namespace row takes no drop.
    const namespaceRow = row('dev/default') as HTMLElement;
    namespaceRow.dispatchEvent(drag('dragenter'));
    expect(namespaceRow.hasAttribute('data-drop-target')).toBe(false);
  });

  it('draws the buttons, the keys and the hint from the action table it is given', async () => {
    const bridge = new FakeBridge();
    const zoom = vi.fn();
    const actions: readonly PodAction[] = [
      ...POD_ACTIONS,
      { id: 'zoom', label: 'Zoom', icon: BugIcon, name: 'Zoom in', title: 'Zoom', key: 'z', help: 'zooms in', run: (target) => zoom(target.path) },
    ];
    render(Sidebar, { props: { bridge, onShell: vi.fn(), onLogs: vi.fn(), onAppLogs: vi.fn(), onPortForward: vi.fn(), actions } });
    expect(screen.getByRole('toolbar', { name: 'Pod actions' }).textContent).toContain(podActionHint(actions));
    expect(podActionHint(actions)).toMatch(/^Select a pod: Enter opens a shell, L its logs, .*, and \d+ more keys, each named in its button's tooltip\.$/);
    await waitFor(() => expect(bridge.watches).toHaveLength(1));
    bridge.watch('dev', 'default').onEvent({ kind: 'snapshot', pods: [pod('web-1')] });
    await nextFrame();
    await waitFor(() => expect(row('dev/default/web-1')).not.toBeNull());
    await fireEvent.click(row('dev/default/web-1') as HTMLElement);
    const buttons = screen.getAllByRole('button');
    // The prominent actions first, with their text; then the others as icons, named for assistive tech and in their tooltips.
    expect(buttons.map((button) => button.textContent)).toEqual(['Shell', 'Logs', 'Files', 'Forward', '', '', '', '']);
    expect(buttons.map((button) => button.getAttribute('aria-label'))).toEqual(['Open a shell', 'Open logs', 'Browse files', 'Forward a port', 'Debug with an ephemeral container', 'Show the YAML', 'Delete the pod', 'Zoom in']);
    expect(screen.getByRole('button', { name: 'Zoom in' }).title).toBe('Zoom (Z)');
    await fireEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    await fireEvent.keyDown(tree(), { key: 'Z' });
    expect(zoom.mock.calls).toEqual([['dev/default/web-1'], ['dev/default/web-1']]);
  });

  it('shows why a context, a namespace list or a pod watch failed, and still offers the context’s namespace', async () => {
    const bridge = new FakeBridge();
    bridge.contexts = [
      context('broken', { problem: { kind: 'kubeconfig', title: 'Cluster missing', detail: 'no cluster "x"' } }),
      context('viewer', { isCurrent: true, namespace: 'team' }),
    ];
    bridge.namespaces.set('viewer', { kind: 'forbidden', title: 'Denied by RBAC', detail: 'namespaces is forbidden' });
    setup(bridge);
    await waitFor(() => expect(screen.getByText('Namespaces not listed: Denied by RBAC')).toBeTruthy());
    expect(rows()).toContain('viewer/team');
    bridge.watch('viewer', 'team').onError({ kind: 'forbidden', title: 'Denied by RBAC', detail: 'pods is forbidden' });
    await nextFrame();
    await waitFor(() => expect(screen.getByText('Pods not listed: Denied by RBAC')).toBeTruthy());

    await fireEvent.click(row('broken') as HTMLElement);
    // The row says what is wrong; the details area (the broken context is selected) says it all.
    expect(document.querySelector('.row.message')?.textContent).toContain('Cluster missing');
    expect(problemShown()).toEqual(['Cluster missing', 'no cluster "x"']);
    expect(bridge.callsOf('listNamespaces').map((call) => call.args[0])).toEqual(['viewer']);
  });

  it('shows a context that cannot connect with its whole error and no namespaces; opening it again retries', async () => {
    const bridge = new FakeBridge();
    const detail =
      'The server of context "far" (https://far.example:6443) presented a certificate that certificate-authority-data does not trust: self-signed certificate in certificate chain.';
    bridge.contexts = [context('near', { isCurrent: true }), context('far', { namespace: 'team' })];
    bridge.namespaces.set('far', { kind: 'tls', title: 'Certificate not trusted', detail, context: 'far' });
    setup(bridge);
    await waitFor(() => expect(row('near/default')).not.toBeNull());
    const details = screen.getByRole('region', { name: 'Problem details' });
    expect(problemShown()).toEqual([]);

    await fireEvent.click(row('far') as HTMLElement);
    await waitFor(() => expect(problemShown()).toEqual(['Certificate not trusted', detail]));
    expect(rows().filter((path) => path?.startsWith('far/'))).toEqual([]); // no made-up namespace
    expect(row('far')?.textContent).toContain('problem');
    expect(row('far')?.getAttribute('aria-describedby')).toBe(details.id);

    // The keyboard reaches the error row (it is a tree item) and the details follow the selection.
    tree().focus();
    await fireEvent.keyDown(tree(), { key: 'ArrowDown' });
    const selected = screen.getByRole('treeitem', { selected: true });
    expect(selected.getAttribute('aria-label')).toBe('Certificate not trusted');
    expect(problemShown()).toEqual(['Certificate not trusted', detail]);
    await fireEvent.keyDown(tree(), { key: 'ArrowUp' });
    await fireEvent.keyDown(tree(), { key: 'ArrowUp' });
    expect(screen.getByRole('treeitem', { selected: true }).getAttribute('data-path')).toBe('near/default');
    expect(problemShown()).toEqual([]);

    // Fixed meanwhile: closing and opening the context asks again, and lists its namespaces.
    bridge.namespaces.set('far', [{ name: 'team', phase: 'Active' }]);
    await fireEvent.click(row('far') as HTMLElement);
    await fireEvent.click(row('far') as HTMLElement);
    await waitFor(() => expect(row('far/team')).not.toBeNull());
    expect(bridge.callsOf('listNamespaces').filter((call) => call.args[0] === 'far')).toHaveLength(2);
    expect(row('far')?.textContent).not.toContain('problem');
  });

  it('shows each kubeconfig file problem whole, above the contexts, and the good contexts keep working', async () => {
    const bridge = new FakeBridge();
    const notYaml = '/home/me/.kube/a-very-long-directory-name-that-does-not-fit-in-a-sidebar/not-yaml.yaml';
    const dangling = '/home/me/.kube/dangling.yaml';
    bridge.fileProblems = [
      {
        file: notYaml,
        problem: {
          kind: 'kubeconfig',
          title: 'Kubeconfig file unusable',
          detail: `The kubeconfig file ${notYaml} is not valid YAML ("bad indentation of a mapping entry (3:11)"); it is ignored.`,
        },
      },
      {
        file: dangling,
        problem: {
          kind: 'kubeconfig',
          title: 'Current context not found',
          detail: `The kubeconfig file ${dangling} sets current-context "nowhere", which no kubeconfig file defines; no context is current.`,
        },
      },
    ];
    setup(bridge);
    const banner = await screen.findByRole('region', { name: 'Kubeconfig file problems' });
    const items = [...banner.querySelectorAll('li')];
    expect(items.map((item) => item.dataset['file'])).toEqual([notYaml, dangling]);
    expect(items.map((item) => [item.querySelector('.details-title')?.textContent, item.querySelector('.details-text')?.textContent])).toEqual(
      bridge.fileProblems.map(({ problem }) => [problem.title, problem.detail]),
    );
    // Above the contexts: the banner comes before the tree.
    expect(banner.compareDocumentPosition(tree()) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // The good context is opened and watched as if nothing were wrong.
    await waitFor(() => expect(bridge.watches).toHaveLength(1));
    expect(bridge.watch('dev', 'default')).toBeTruthy();
    expect(rows()).toEqual(['dev', 'dev/default']);
    expect(bridge.callsOf('kubeconfigProblems')).toHaveLength(1);
  });

  it('shows no file banner when every kubeconfig file is fine', async () => {
    const bridge = new FakeBridge();
    setup(bridge);
    await waitFor(() => expect(bridge.watches).toHaveLength(1));
    expect(bridge.callsOf('kubeconfigProblems')).toHaveLength(1);
    expect(screen.queryByRole('region', { name: 'Kubeconfig file problems' })).toBeNull();
  });

  it('says when the file problems cannot be asked for, once: not again when the contexts failed too', async () => {
    const lost = { kind: 'connection-lost', title: 'Not connected to Porthole', detail: 'The link to main is not open.' } as const;
    const bridge = new FakeBridge();
    bridge.fileProblems = lost;
    setup(bridge);
    const banner = await screen.findByRole('region', { name: 'Kubeconfig file problems' });
    expect(banner.querySelector('.details-text')?.textContent).toBe(lost.detail);
    await waitFor(() => expect(bridge.watches).toHaveLength(1));
  });

  it('leaves the contexts’ own error alone when both calls fail', async () => {
    const lost = { kind: 'connection-lost', title: 'Not connected to Porthole', detail: 'The link to main is not open.' } as const;
    const bridge = new FakeBridge();
    bridge.fileProblems = lost;
    bridge.listContexts = () => Promise.reject(new BridgeError(lost));
    setup(bridge);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(`${lost.title} ${lost.detail}`));
    expect(bridge.callsOf('kubeconfigProblems')).toHaveLength(1);
    expect(screen.queryByRole('region', { name: 'Kubeconfig file problems' })).toBeNull();
  });

  it('watches the pods of open namespaces of open contexts only', async () => {
    const bridge = new FakeBridge();
    setup(bridge);
    await waitFor(() => expect(bridge.watches).toHaveLength(1));
    await fireEvent.click(row('dev/default') as HTMLElement);
    expect(bridge.watches[0]?.active).toBe(false);
    await fireEvent.click(row('dev/default') as HTMLElement);
    expect(bridge.watches).toHaveLength(2);
    expect(bridge.watches[1]?.active).toBe(true);
    // Closing the context stops its open namespaces' watches; opening it again restarts them.
    await fireEvent.click(row('dev') as HTMLElement);
    expect(bridge.watches[1]?.active).toBe(false);
    await fireEvent.click(row('dev') as HTMLElement);
    await waitFor(() => expect(bridge.watches).toHaveLength(3));
    expect(bridge.watches[2]).toMatchObject({ context: 'dev', namespace: 'default', active: true });
  });

  it('opens what was open before a reload, and only contexts that still exist', async () => {
    const bridge = new FakeBridge();
    bridge.contexts = [context('dev', { isCurrent: true }), context('prod')];
    bridge.namespaces.set('prod', [{ name: 'web', phase: 'Active' }]);
    const first = render(Sidebar, { props: { bridge, onShell: vi.fn(), onLogs: vi.fn(), onAppLogs: vi.fn(), onPortForward: vi.fn() } });
    await waitFor(() => expect(bridge.watches).toHaveLength(1));
    await fireEvent.click(row('dev') as HTMLElement); // close dev
    await fireEvent.click(row('prod') as HTMLElement);
    await waitFor(() => expect(row('prod/web')).not.toBeNull());
    await fireEvent.click(row('prod/web') as HTMLElement);
    first.unmount();

    const again = new FakeBridge();
    again.contexts = bridge.contexts;
    again.namespaces = bridge.namespaces;
    setup(again);
    await waitFor(() => expect(again.watches.filter((w) => w.active).map((w) => `${w.context}/${w.namespace}`)).toEqual(['prod/web']));
    expect(row('dev')?.getAttribute('aria-expanded')).toBe('false');
    expect(row('prod/web')?.getAttribute('aria-expanded')).toBe('true');
  });
});
