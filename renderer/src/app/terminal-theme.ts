// Terminal colours for the light and dark themes. xterm draws on its own (canvas or DOM spans), so
// it gets explicit colours rather than the page's CSS; these match the app's palette (app.css).
import type { ITheme } from '@xterm/xterm';
import type { Theme } from './settings.ts';

const DARK: ITheme = {
  background: '#16181d',
  foreground: '#d8dee9',
  cursor: '#e5e9f0',
  cursorAccent: '#16181d',
  selectionBackground: '#3b4a66',
  black: '#23262e',
  red: '#e06c75',
  green: '#98c379',
  yellow: '#e5c07b',
  blue: '#61afef',
  magenta: '#c678dd',
  cyan: '#56b6c2',
  white: '#d8dee9',
  brightBlack: '#5c6370',
  brightRed: '#ef8891',
  brightGreen: '#b5e08f',
  brightYellow: '#f0d197',
  brightBlue: '#82c1f5',
  brightMagenta: '#d79be8',
  brightCyan: '#7ccbd4',
  brightWhite: '#ffffff',
};

const LIGHT: ITheme = {
  background: '#fbfbfc',
  foreground: '#24292f',
  cursor: '#24292f',
  cursorAccent: '#fbfbfc',
  selectionBackground: '#b6d3f7',
  black: '#24292f',
  red: '#cf222e',
  green: '#116329',
  yellow: '#7d4e00',
  blue: '#0969da',
  magenta: '#8250df',
  cyan: '#1b7c83',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#a40e26',
  brightGreen: '#1a7f37',
  brightYellow: '#633c01',
  brightBlue: '#218bff',
  brightMagenta: '#a475f9',
  brightCyan: '#3192aa',
  brightWhite: '#8c959f',
};

export function terminalTheme(theme: Theme): ITheme {
  return theme === 'dark' ? DARK : LIGHT;
}
