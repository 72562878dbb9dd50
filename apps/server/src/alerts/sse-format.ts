import type { BusEvent } from '../events/event-bus.js';

// Every stream writes the same text for an event: serialise it once.
const formatted = new WeakMap<BusEvent, string>();

/**
 * One event in the text/event-stream format (WHATWG HTML §9.2.5, "Parsing
 * an event stream"): `id:`, `event:` and one `data:` line, then a blank
 * line. JSON.stringify escapes every CR and LF, so the data is one line.
 */
export function formatSseEvent(event: BusEvent): string {
  let text = formatted.get(event);
  if (text === undefined) {
    text = `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
    formatted.set(event, text);
  }
  return text;
}

/**
 * A comment line (starts with a colon): ignored by EventSource, it keeps
 * proxies and NATs from closing an idle connection (WHATWG HTML §9.2.7).
 */
export function formatSseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/** Parses a Last-Event-ID value we issued (a decimal id), or undefined. */
export function parseLastEventId(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{1,16}$/.test(value)) return undefined;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : undefined;
}
