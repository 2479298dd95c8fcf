// How a tooltip names an action's key, the one way every button writes it: "Shell (Enter)".

export function tooltipWithKey(text: string, key: string | undefined): string {
  return key === undefined || key === '' ? text : `${text} (${key})`;
}
