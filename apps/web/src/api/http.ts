/**
 * What the dashboard gets from one endpoint: the value, "not available"
 * (404/501: another team's endpoint not deployed, or nothing logged yet),
 * or an error to show. Panels render each case; none throws.
 */
export type Loaded<T> =
  | { state: 'ok'; value: T }
  | { state: 'unavailable'; status: number; message: string }
  | { state: 'error'; message: string; status?: number };

type ErrorBody = { code?: unknown; message?: unknown };

async function problemOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as ErrorBody;
    if (typeof body.code === 'string' && typeof body.message === 'string') {
      return `${body.code}: ${body.message}`;
    }
  } catch {
    // A body that is not our error JSON: the status says enough.
  }
  return `HTTP ${response.status}`;
}

async function load<T>(
  url: string,
  read: (response: Response) => Promise<T>
): Promise<Loaded<T>> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    return { state: 'error', message: `cannot reach ${url}: ${String(error)}` };
  }
  if (response.status === 404 || response.status === 501) {
    return {
      state: 'unavailable',
      status: response.status,
      message: await problemOf(response),
    };
  }
  if (!response.ok) {
    return {
      state: 'error',
      status: response.status,
      message: await problemOf(response),
    };
  }
  try {
    return { state: 'ok', value: await read(response) };
  } catch (error) {
    return { state: 'error', message: `bad answer: ${String(error)}` };
  }
}

export function loadJson<T>(url: string): Promise<Loaded<T>> {
  return load(url, async (r) => (await r.json()) as T);
}

export function loadText(url: string): Promise<Loaded<string>> {
  return load(url, (r) => r.text());
}
