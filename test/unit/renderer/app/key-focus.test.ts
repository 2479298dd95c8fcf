// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { focusOf } from '../../../../renderer/src/app/key-focus.ts';

describe('focusOf', () => {
  it('tells the terminal (xterm types into a textarea) from text boxes, log panes and the rest', () => {
    document.body.innerHTML = `
      <div class="xterm"><textarea id="xterm-input"></textarea></div>
      <input id="filter" /><select id="tail"></select><div id="editable" contenteditable="true"></div>
      <div role="log" id="log"><div class="row" id="row"></div></div>
      <button id="button"></button>`;
    const byId = (id: string) => document.getElementById(id);
    expect(focusOf(byId('xterm-input'))).toBe('terminal');
    expect(focusOf(byId('filter'))).toBe('text-input');
    expect(focusOf(byId('tail'))).toBe('text-input');
    expect(focusOf(byId('editable'))).toBe('text-input');
    expect(focusOf(byId('row'))).toBe('log-pane');
    expect(focusOf(byId('button'))).toBe('other');
    expect(focusOf(null)).toBe('other');
    expect(focusOf(window)).toBe('other');
  });
});
