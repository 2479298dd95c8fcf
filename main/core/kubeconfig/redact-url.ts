// A URL as the UI and error messages may show it: kubeconfigs allow user:password in server and
// proxy-url, and those must not leave main.
export function withoutUserinfo(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not a URL: still cut anything that looks like userinfo.
    return raw.replace(/\/\/[^/@]*@/, '//');
  }
  if (url.username === '' && url.password === '') return raw;
  url.username = '';
  url.password = '';
  return url.href;
}
