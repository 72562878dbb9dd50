/** HTML text: escaped once, where it is built, and never again. */
export type Html = { readonly html: string };

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an element's content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Markup that is already safe, such as the output of `html`. */
export function raw(markup: string): Html {
  return { html: markup };
}

type Part = string | number | Html | null | undefined | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (typeof part === 'object') return (part as Html).html;
  return escapeHtml(String(part));
}

/**
 * A template tag that escapes every interpolated string and number, so
 * data from findings (ids, rule names, party names) can never become
 * markup; nested `html` results and arrays of them pass through.
 */
export function html(
  strings: TemplateStringsArray,
  ...parts: readonly Part[]
): Html {
  let out = strings[0]!;
  parts.forEach((part, i) => {
    out += render(part) + strings[i + 1]!;
  });
  return { html: out };
}
