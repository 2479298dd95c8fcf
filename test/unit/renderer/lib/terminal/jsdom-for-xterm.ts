// What xterm needs from the page that jsdom lacks. Imported before anything that loads xterm: xterm
// probes a canvas when its module loads. No canvas context at all (xterm then draws with the DOM
// renderer, and WebGL cannot start), a media query that never matches, and a ResizeObserver that
// never fires (jsdom lays nothing out, so there is no size to observe).
HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];

window.matchMedia = ((query: string) => ({
  matches: false,
  media: query,
  addEventListener: () => undefined,
  removeEventListener: () => undefined,
  addListener: () => undefined,
  removeListener: () => undefined,
})) as unknown as typeof window.matchMedia;

globalThis.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};
