// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { saveInBrowser } from '../../../../renderer/src/app/browser-save.ts';

describe('saveInBrowser (the web host\'s downloads)', () => {
  it('clicks a download link to the address once and leaves no link behind', () => {
    const clicked: Array<{ href: string; download: string }> = [];
    const onClick = (event: Event): void => {
      const link = event.target as HTMLAnchorElement;
      clicked.push({ href: link.getAttribute('href') ?? '', download: link.getAttribute('download') ?? 'none' });
      // The test page must not navigate.
      event.preventDefault();
    };
    document.addEventListener('click', onClick);
    try {
      saveInBrowser('/transfers/secret-1');
    } finally {
      document.removeEventListener('click', onClick);
    }
    expect(clicked).toEqual([{ href: '/transfers/secret-1', download: '' }]);
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);
  });
});
