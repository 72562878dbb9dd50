import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw } from './html.js';

describe('html', () => {
  it('escapes interpolated text and numbers, once', () => {
    const name = `<img src=x onerror="alert('x')"> & co`;
    expect(html`<td title="${name}">${name} ${3}</td>`.html).toBe(
      '<td title="&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; co">&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; co 3</td>'
    );
  });

  it('passes nested markup, arrays of it and raw markup through, and drops null', () => {
    const rows = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    // An alias, so that Prettier leaves the template's whitespace alone.
    const h = html;
    expect(h`<ul>${rows}${null}${undefined}${raw('<hr>')}</ul>`.html).toBe(
      '<ul><li>a&lt;b</li><li>c</li><hr></ul>'
    );
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and attributes', () => {
    expect(escapeHtml(`&<>"'x`)).toBe('&amp;&lt;&gt;&quot;&#39;x');
  });
});
