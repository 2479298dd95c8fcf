// @vitest-environment jsdom
// The production part of the settings (the rest of the panel: panels.test.ts).
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import SettingsPanel from '../../../../renderer/src/components/SettingsPanel.svelte';
import { DEFAULT_SETTINGS, type Settings } from '../../../../renderer/src/app/settings.ts';

function open(settings: Settings = DEFAULT_SETTINGS, contexts: readonly string[] = ['admin', 'eu-prod', 'dev']) {
  const onChange = vi.fn();
  render(SettingsPanel, { props: { settings, contexts, onChange, onDismiss: vi.fn() } });
  return { onChange };
}

describe('SettingsPanel: production contexts', () => {
  it('marks the contexts the pattern matches, and a ticked one, as PROD', () => {
    open({ ...DEFAULT_SETTINGS, productionContexts: ['admin'] });
    const list = screen.getByRole('list', { name: 'Contexts' });
    const rows = within(list).getAllByRole('listitem').map((row) => row.textContent?.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual(['admin PROD', 'eu-prod PROD by pattern', 'dev']);
    expect((screen.getByRole('checkbox', { name: 'Production: admin' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'Production: eu-prod' }) as HTMLInputElement).checked).toBe(false);
  });

  it('ticks and unticks a context', async () => {
    const { onChange } = open({ ...DEFAULT_SETTINGS, productionContexts: ['dev'] });
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Production: admin' }));
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_SETTINGS, productionContexts: ['dev', 'admin'] });
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Production: dev' }));
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_SETTINGS, productionContexts: [] });
  });

  it('lists a ticked context the kubeconfig no longer has, so it can be unticked', () => {
    open({ ...DEFAULT_SETTINGS, productionContexts: ['gone'] }, ['dev']);
    expect((screen.getByRole('checkbox', { name: 'Production: gone' }) as HTMLInputElement).checked).toBe(true);
  });

  it('applies a new pattern and refuses one with other wildcards, saying why', async () => {
    const { onChange } = open();
    const pattern = screen.getByRole('textbox', { name: 'Production pattern' });
    expect((pattern as HTMLInputElement).value).toBe('*prod*');
    await fireEvent.change(pattern, { target: { value: 'adm?n' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_SETTINGS, productionPattern: 'adm?n' });
    await fireEvent.change(pattern, { target: { value: 'prod-[12]' } });
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('alert').textContent).toBe('productionPattern: expected a pattern of at most 200 characters with * and ? as its only wildcards, got "prod-[12]"');
  });
});

describe('SettingsPanel: debug image', () => {
  it('changes the debug image and refuses one with a space, saying why', async () => {
    const { onChange } = open();
    const image = screen.getByRole('textbox', { name: 'Debug image' });
    expect((image as HTMLInputElement).value).toBe('busybox:1.36');
    await fireEvent.change(image, { target: { value: 'registry.example/tools:2' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_SETTINGS, debugImage: 'registry.example/tools:2' });
    await fireEvent.change(image, { target: { value: 'busybox 1.36' } });
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('alert').textContent).toContain('debugImage: expected an image reference such as "busybox:1.36"');
  });
});
