// Whether xterm's WebGL renderer would draw on a real GPU. Without one (a VM, a remote desktop, a
// blocklisted driver, headless Chromium) Chromium still offers WebGL2, rendered on the CPU by
// SwiftShader in the GPU process, and every frame then holds the page's main thread: measured in
// bench/terminal-throughput.ts, about 240 ms a frame, and a flood reached the terminal at 1 MiB/s,
// against 7 MiB/s with xterm's DOM renderer on the same machine. Keystrokes wait on those frames too.

/** Renderer strings of CPU rasterisers (Chromium's SwiftShader, Mesa's llvmpipe/softpipe, Windows' WARP). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render driver|warp/i;

export type WebglSupport = 'hardware' | 'software' | 'none';

/** The part of a canvas the probe uses, so tests can hand it a fake. */
export interface ProbeCanvas {
  getContext(kind: 'webgl2'): ProbeContext | null;
}

export interface ProbeContext {
  readonly RENDERER: number;
  getParameter(name: number): unknown;
  getExtension(name: 'WEBGL_debug_renderer_info'): { readonly UNMASKED_RENDERER_WEBGL: number } | null;
  getExtension(name: 'WEBGL_lose_context'): { loseContext(): void } | null;
}

export function probeWebgl(canvas: ProbeCanvas): WebglSupport {
  const gl = canvas.getContext('webgl2');
  if (gl === null) return 'none';
  try {
    // Newer Chromium reports the unmasked renderer as RENDERER; older ones only through the extension.
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const names = [gl.getParameter(gl.RENDERER), info === null ? undefined : gl.getParameter(info.UNMASKED_RENDERER_WEBGL)];
    return names.some((name) => typeof name === 'string' && SOFTWARE_RENDERER.test(name)) ? 'software' : 'hardware';
  } finally {
    // The probe's context would otherwise count against the page's few until collected.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

let probed: WebglSupport | undefined;

/** This page's WebGL support, probed once. */
export function pageWebglSupport(): WebglSupport {
  probed ??= probeWebgl(document.createElement('canvas') as unknown as ProbeCanvas);
  return probed;
}
