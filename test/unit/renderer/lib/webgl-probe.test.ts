import { describe, expect, it } from 'vitest';
import { probeWebgl, type ProbeCanvas } from '../../../../renderer/src/lib/webgl-probe.ts';

const RENDERER = 0x1f01;
const UNMASKED_RENDERER = 0x9246;

/** A canvas whose WebGL2 context reports these renderer strings, and which records a loseContext. */
function canvasReporting(renderer: string, unmasked: string | null): ProbeCanvas & { lost: boolean } {
  const canvas = {
    lost: false,
    getContext: () => ({
      RENDERER,
      getParameter: (name: number) => (name === RENDERER ? renderer : name === UNMASKED_RENDERER ? unmasked : null),
      getExtension: (name: string) => {
        if (name === 'WEBGL_debug_renderer_info') return unmasked === null ? null : { UNMASKED_RENDERER_WEBGL: UNMASKED_RENDERER };
        return { loseContext: () => void (canvas.lost = true) };
      },
    }),
  };
  return canvas as unknown as ProbeCanvas & { lost: boolean };
}

describe('probeWebgl', () => {
  it.each([
    ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', 'software'],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', 'software'],
    ['ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)', 'software'],
    ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)', 'hardware'],
    ['ANGLE (Apple, ANGLE Metal Renderer: Apple M2, Unspecified Version)', 'hardware'],
  ])('reads %s as %s, and gives the probe context back', (renderer, support) => {
    const canvas = canvasReporting(renderer, null);
    expect(probeWebgl(canvas)).toBe(support);
    expect(canvas.lost).toBe(true);
  });

  it('looks at the unmasked renderer when RENDERER is masked', () => {
    expect(probeWebgl(canvasReporting('WebKit WebGL', 'Google SwiftShader'))).toBe('software');
    expect(probeWebgl(canvasReporting('WebKit WebGL', 'Mesa Intel(R) UHD Graphics 620 (KBL GT2)'))).toBe('hardware');
  });

  it('says none without WebGL2', () => {
    expect(probeWebgl({ getContext: () => null })).toBe('none');
  });
});
