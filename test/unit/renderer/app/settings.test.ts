import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  effectiveTheme,
  loadSettings,
  parseSettings,
  saveSettings,
  SETTINGS_STORAGE_KEY,
  terminalRendererFor,
  updateSetting,
} from '../../../../renderer/src/app/settings.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), items };
}

describe('settings', () => {
  it('uses the defaults when nothing is saved', () => {
    expect(loadSettings(memoryStorage())).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
  });

  it('round-trips through storage', () => {
    const storage = memoryStorage();
    const mine = { ...DEFAULT_SETTINGS, theme: 'dark' as const, fontSize: 16, scrollback: 50_000, logBufferMiB: 256, terminalRenderer: 'dom' as const };
    saveSettings(storage, mine);
    expect(loadSettings(storage)).toEqual({ settings: mine, problems: [] });
  });

  it('keeps every valid field and names each unusable one', () => {
    const { settings, problems } = parseSettings({ theme: 'sepia', fontSize: 14, scrollback: -1, logBufferMiB: 2048, fontFamily: 'Fira Code', terminalRenderer: 'canvas' });
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, fontSize: 14, fontFamily: 'Fira Code' });
    expect(problems).toEqual([
      'theme: expected system, light or dark, got "sepia"',
      'scrollback: expected a whole number from 0 to 200000, got -1',
      'logBufferMiB: expected a whole number from 1 to 1024, got 2048',
      'terminalRenderer: expected auto, webgl or dom, got "canvas"',
    ]);
  });

  it('refuses a font list that could break out of the CSS declaration', () => {
    expect(parseSettings({ fontFamily: 'x; background: url(evil)' }).problems[0]).toMatch(/^fontFamily: expected a font list/);
    expect(parseSettings({ fontFamily: '' }).settings.fontFamily).toBe(DEFAULT_SETTINGS.fontFamily);
  });

  it('says so when storage holds something that is not settings', () => {
    expect(loadSettings(memoryStorage({ [SETTINGS_STORAGE_KEY]: '{not json' })).problems).toEqual(['saved settings are not valid JSON; using the defaults']);
    expect(parseSettings([1, 2]).problems).toEqual(['saved settings are not an object; using the defaults']);
  });

  it('never returns an invalid value whatever storage holds (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const { settings } = parseSettings(raw);
        expect(['system', 'light', 'dark']).toContain(settings.theme);
        expect(Number.isInteger(settings.fontSize) && settings.fontSize >= 8 && settings.fontSize <= 32).toBe(true);
        expect(Number.isInteger(settings.scrollback) && settings.scrollback >= 0).toBe(true);
        expect(Number.isInteger(settings.logBufferMiB) && settings.logBufferMiB >= 1).toBe(true);
        expect(['auto', 'webgl', 'dom']).toContain(settings.terminalRenderer);
        expect(settings.productionContexts.every((name) => typeof name === 'string' && name !== '')).toBe(true);
        expect(typeof settings.productionPattern).toBe('string');
      }),
    );
  });

  it('keeps the debug image, and refuses one with spaces', () => {
    expect(parseSettings({ debugImage: 'registry.example/tools@sha256:abc' }).settings.debugImage).toBe('registry.example/tools@sha256:abc');
    const { settings, problems } = parseSettings({ debugImage: 'busybox; rm -rf' });
    expect(settings.debugImage).toBe(DEFAULT_SETTINGS.debugImage);
    expect(problems).toEqual(['debugImage: expected an image reference such as "busybox:1.36" (at most 512 characters, no spaces), got "busybox; rm -rf"']);
  });

  it('keeps the production contexts and pattern, and refuses ones it cannot use', () => {
    expect(DEFAULT_SETTINGS.productionPattern).toBe('*prod*');
    expect(parseSettings({ productionContexts: ['admin', 'eu-live'], productionPattern: 'gke_*' })).toEqual({
      settings: { ...DEFAULT_SETTINGS, productionContexts: ['admin', 'eu-live'], productionPattern: 'gke_*' },
      problems: [],
    });
    expect(parseSettings({ productionPattern: '' }).settings.productionPattern).toBe('');
    const { settings, problems } = parseSettings({ productionContexts: ['admin', 3], productionPattern: 'prod-[12]' });
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems).toEqual([
      'productionContexts: expected a list of at most 1000 context names, got ["admin",3]',
      'productionPattern: expected a pattern of at most 200 characters with * and ? as its only wildcards, got "prod-[12]"',
    ]);
    expect(parseSettings({ productionContexts: ['bad\nname'] }).problems).toHaveLength(1);
    expect(parseSettings({ productionContexts: 'admin' }).problems).toHaveLength(1);
  });

  it('updates one field, or says why not', () => {
    expect(updateSetting(DEFAULT_SETTINGS, 'fontSize', 20)).toEqual({ ok: true, settings: { ...DEFAULT_SETTINGS, fontSize: 20 } });
    expect(updateSetting(DEFAULT_SETTINGS, 'fontSize', 7.5)).toEqual({ ok: false, error: 'fontSize: expected a whole number from 8 to 32, got 7.5' });
  });

  it('draws terminals with WebGL only on a real GPU, unless chosen by hand, and never without WebGL2', () => {
    expect(terminalRendererFor('auto', 'hardware')).toBe('webgl');
    expect(terminalRendererFor('auto', 'software')).toBe('dom');
    expect(terminalRendererFor('auto', 'none')).toBe('dom');
    expect(terminalRendererFor('webgl', 'software')).toBe('webgl');
    expect(terminalRendererFor('webgl', 'none')).toBe('dom');
    expect(terminalRendererFor('dom', 'hardware')).toBe('dom');
  });

  it('follows the operating system unless the user chose', () => {
    expect(effectiveTheme('system', true)).toBe('dark');
    expect(effectiveTheme('system', false)).toBe('light');
    expect(effectiveTheme('light', true)).toBe('light');
    expect(effectiveTheme('dark', false)).toBe('dark');
  });
});
