import { request } from 'node:http';

/** One parsed block of an event stream: its fields, or a comment. */
export type SseFrame = {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
  comments: string[];
};

export type SseConnection = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The next frame; rejects if the stream ends first. */
  next: () => Promise<SseFrame>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close: () => void;
};

function parseFrame(block: string): SseFrame {
  const frame: SseFrame = { comments: [] };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      frame.comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id' || field === 'event' || field === 'retry') {
      frame[field] = value;
    }
    if (field === 'data') {
      frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
    }
  }
  return frame;
}

/**
 * A minimal text/event-stream reader over node:http, for tests against a
 * listening server (WHATWG HTML §9.2.6 field parsing, LF line ends only).
 */
export function connectSse(
  url: string,
  headers: Record<string, string> = {}
): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: { accept: 'text/event-stream', ...headers },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      res.setEncoding('utf8');
      let buffer = '';
      const frames: SseFrame[] = [];
      const waiting: { ok: (f: SseFrame) => void; fail: (e: Error) => void }[] =
        [];
      let done = false;
      let endedResolve = () => {};
      const ended = new Promise<void>((r) => (endedResolve = r));
      const pump = () => {
        while (frames.length > 0 && waiting.length > 0) {
          waiting.shift()!.ok(frames.shift()!);
        }
        if (done) {
          for (const w of waiting.splice(0)) w.fail(new Error('stream ended'));
        }
      };
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          frames.push(parseFrame(buffer.slice(0, at)));
          buffer = buffer.slice(at + 2);
        }
        pump();
      });
      const finish = () => {
        done = true;
        endedResolve();
        pump();
      };
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        next: () =>
          new Promise<SseFrame>((ok, fail) => {
            waiting.push({ ok, fail });
            pump();
          }),
        ended,
        close: () => req.destroy(),
      });
    });
    req.end();
  });
}
