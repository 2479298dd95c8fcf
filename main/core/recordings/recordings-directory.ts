// Where recordings go when the user names no directory: the "recordings" folder of Electron's
// userData directory (app.getPath('userData'): appData plus the product name), so the desktop app
// and `npm run web` keep one list. appData follows Electron's rule (its docs for app.getPath):
// %APPDATA% on Windows, ~/Library/Application Support on macOS, $XDG_CONFIG_HOME or ~/.config
// elsewhere.
import { join } from 'node:path';

const PRODUCT_NAME = 'Porthole';

export function defaultRecordingsDirectory(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  return join(appDataDirectory(platform, env, home), PRODUCT_NAME, 'recordings');
}

function appDataDirectory(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'win32') return env['APPDATA'] ?? join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');
  const xdg = env['XDG_CONFIG_HOME'];
  return xdg !== undefined && xdg !== '' ? xdg : join(home, '.config');
}
