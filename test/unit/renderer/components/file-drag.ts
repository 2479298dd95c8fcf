// A drag event as a browser makes it for files from the desktop: jsdom has no DragEvent, so a
// plain event carries what app/file-drop.ts reads of one.
export function fileDragEvent(type: string, files: readonly File[]): Event {
  const event = new Event(type, { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: { types: ['Files'], files, dropEffect: 'none' } });
  return event;
}
