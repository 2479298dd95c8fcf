// The settings that matter, as data: defaults, limits, and a parser that takes whatever storage
// holds (an older version, a hand edit, garbage) and keeps every valid field, falling back to the
// default for the others and saying which ones it could not use.
import type { WebglSupport } from '../lib/webgl-probe.ts';
import { CONTROL_CHARACTER, PRODUCTION_PATTERN_MAX_LENGTH, productionPatternProblem } from './production.ts';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';
/** How terminals draw: WebGL only on a real GPU (auto), always WebGL, or always xterm's DOM renderer. */
export type TerminalRendererChoice = 'auto' | 'webgl' | 'dom';

export interface Settings {
  readonly theme: ThemeChoice;
  /** A CSS font-family list for terminals and logs. */
  readonly fontFamily: string;
  readonly fontSize: number;
  /** Lines a terminal keeps above its screen. */
  readonly scrollback: number;
  /** The most memory one log tab's buffer may use, in MiB. */
  readonly logBufferMiB: number;
  readonly terminalRenderer: TerminalRendererChoice;
  /** Context names marked production by hand (production.ts). */
  readonly productionContexts: readonly string[];
  /** Contexts whose names match this glob (`*` and `?`) are production too; empty: none. */
  readonly productionPattern: string;
  /** The image of debug containers (a shell or the file browser for a container that has none). */
  readonly debugImage: string;
}

export const SETTINGS_LIMITS = {
  fontSize: { min: 8, max: 32 },
  scrollback: { min: 0, max: 200_000 },
  logBufferMiB: { min: 1, max: 1024 },
  fontFamilyLength: 200,
  productionContexts: 1000,
  contextNameLength: 1000,
  debugImageLength: 512,
} as const;

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace",
  fontSize: 13,
  scrollback: 10_000,
  logBufferMiB: 64,
  terminalRenderer: 'auto',
  productionContexts: [],
  productionPattern: '*prod*',
  debugImage: 'busybox:1.36',
};

export const SETTINGS_STORAGE_KEY = 'porthole.settings';

export interface ParsedSettings {
  readonly settings: Settings;
  /** One line per field that was present but unusable. */
  readonly problems: readonly string[];
}

const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const TERMINAL_RENDERERS: readonly TerminalRendererChoice[] = ['auto', 'webgl', 'dom'];

function integerIn(value: unknown, limits: { readonly min: number; readonly max: number }): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= limits.min && value <= limits.max;
}

function contextNameList(value: unknown): value is readonly string[] {
  return (
    Array.isArray(value) &&
    value.length <= SETTINGS_LIMITS.productionContexts &&
    value.every((name) => typeof name === 'string' && name !== '' && name.length <= SETTINGS_LIMITS.contextNameLength && !CONTROL_CHARACTER.test(name))
  );
}

/** Characters that could end the font-family declaration or smuggle in another one. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const UNSAFE_FONT = /[;{}<>\\\u0000-\u001f]/;

export function parseSettings(raw: unknown): ParsedSettings {
  if (raw === null || raw === undefined) return { settings: DEFAULT_SETTINGS, problems: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings: DEFAULT_SETTINGS, problems: ['saved settings are not an object; using the defaults'] };
  }
  const record = raw as Record<string, unknown>;
  const problems: string[] = [];
  const pick = <K extends keyof Settings>(key: K, valid: (value: unknown) => boolean, expected: string): Settings[K] => {
    const value = record[key];
    if (value === undefined) return DEFAULT_SETTINGS[key];
    if (valid(value)) return value as Settings[K];
    problems.push(`${key}: expected ${expected}, got ${JSON.stringify(value)}`);
    return DEFAULT_SETTINGS[key];
  };
  const { fontSize, scrollback, logBufferMiB, fontFamilyLength } = SETTINGS_LIMITS;
  return {
    settings: {
      theme: pick('theme', (value) => THEMES.includes(value as ThemeChoice), 'system, light or dark'),
      fontFamily: pick(
        'fontFamily',
        (value) => typeof value === 'string' && value.trim() !== '' && value.length <= fontFamilyLength && !UNSAFE_FONT.test(value),
        `a font list of at most ${fontFamilyLength} characters without ; { } < > \\`,
      ),
      fontSize: pick('fontSize', (value) => integerIn(value, fontSize), `a whole number from ${fontSize.min} to ${fontSize.max}`),
      scrollback: pick('scrollback', (value) => integerIn(value, scrollback), `a whole number from ${scrollback.min} to ${scrollback.max}`),
      logBufferMiB: pick(
        'logBufferMiB',
        (value) => integerIn(value, logBufferMiB),
        `a whole number from ${logBufferMiB.min} to ${logBufferMiB.max}`,
      ),
      terminalRenderer: pick('terminalRenderer', (value) => TERMINAL_RENDERERS.includes(value as TerminalRendererChoice), 'auto, webgl or dom'),
      productionContexts: pick('productionContexts', contextNameList, `a list of at most ${SETTINGS_LIMITS.productionContexts} context names`),
      productionPattern: pick(
        'productionPattern',
        (value) => typeof value === 'string' && productionPatternProblem(value) === null,
        `a pattern of at most ${PRODUCTION_PATTERN_MAX_LENGTH} characters with * and ? as its only wildcards`,
      ),
      debugImage: pick(
        'debugImage',
        (value) => typeof value === 'string' && value.length <= SETTINGS_LIMITS.debugImageLength && /^[^\s\p{Cc}]+$/u.test(value),
        `an image reference such as "busybox:1.36" (at most ${SETTINGS_LIMITS.debugImageLength} characters, no spaces)`,
      ),
    },
    problems,
  };
}

/** What one field would become, or why it cannot: for the settings form. */
export function updateSetting<K extends keyof Settings>(settings: Settings, key: K, value: unknown): { ok: true; settings: Settings } | { ok: false; error: string } {
  const parsed = parseSettings({ ...settings, [key]: value });
  const problem = parsed.problems.find((line) => line.startsWith(`${key}:`));
  return problem === undefined ? { ok: true, settings: parsed.settings } : { ok: false, error: problem };
}

export interface SettingsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function loadSettings(storage: SettingsStorage): ParsedSettings {
  const text = storage.getItem(SETTINGS_STORAGE_KEY);
  if (text === null) return { settings: DEFAULT_SETTINGS, problems: [] };
  try {
    return parseSettings(JSON.parse(text));
  } catch {
    return { settings: DEFAULT_SETTINGS, problems: ['saved settings are not valid JSON; using the defaults'] };
  }
}

export function saveSettings(storage: SettingsStorage, settings: Settings): void {
  storage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify(settings));
}

/** The theme in effect: the user's choice, or the operating system's when the choice is "system". */
export function effectiveTheme(choice: ThemeChoice, systemPrefersDark: boolean): Theme {
  if (choice === 'system') return systemPrefersDark ? 'dark' : 'light';
  return choice;
}

/**
 * The renderer a visible terminal uses. Auto takes WebGL only on a real GPU: software WebGL holds
 * the page's main thread for every frame (see webgl-probe.ts). WebGL chosen by hand still needs WebGL2.
 */
export function terminalRendererFor(choice: TerminalRendererChoice, support: WebglSupport): 'webgl' | 'dom' {
  if (support === 'none' || choice === 'dom') return 'dom';
  return choice === 'webgl' || support === 'hardware' ? 'webgl' : 'dom';
}
