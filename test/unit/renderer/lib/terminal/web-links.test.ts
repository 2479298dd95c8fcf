// @vitest-environment jsdom
// Links in the terminal's text: found on a real xterm's line, and only http(s) ones opened.
import './jsdom-for-xterm.ts'; // before xterm loads
import type { ILink, ILinkProvider } from '@xterm/xterm';
import { describe, expect, it, vi } from 'vitest';
import { openWebLink, WebLinks } from '../../../../../renderer/src/lib/terminal/web-links.ts';
import { openHost, show } from './host-fixture.ts';

describe('openWebLink', () => {
  it.each(['https://example.com/a?b=c', 'http://10.0.0.1:8080/', 'HTTPS://EXAMPLE.COM'])('opens %s', (uri) => {
    const open = vi.fn();
    openWebLink(uri, open);
    expect(open).toHaveBeenCalledWith(uri);
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'ftp://example.com/', 'data:text/html,hi'])('leaves %s alone', (uri) => {
    const open = vi.fn();
    openWebLink(uri, open);
    expect(open).not.toHaveBeenCalled();
  });
});

describe('WebLinks', () => {
  it('finds the links on a line, and a click opens them', async () => {
    const { host } = openHost();
    const register = vi.spyOn(host.terminal, 'registerLinkProvider');
    const open = vi.fn();
    host.loadAddon(new WebLinks(open));
    await show(host, 'see https://example.com/docs for more');
    const provider: ILinkProvider = register.mock.calls[0]![0];
    const links = await new Promise<ILink[] | undefined>((resolve) => provider.provideLinks(1, resolve));
    expect(links?.map((link) => link.text)).toEqual(['https://example.com/docs']);
    links![0]!.activate(new MouseEvent('click'), links![0]!.text);
    expect(open).toHaveBeenCalledWith('https://example.com/docs');
  });
});
