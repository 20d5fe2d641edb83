/** Small readers of Vega's SVG output for the chart tests. */

/** The children of the first `<g class="mark-<kind> role-mark ...">` group (Vega nests none there). */
export function markGroup(svg: string, kind: string): string {
  const start = svg.indexOf(`<g class="mark-${kind} role-mark`);
  if (start < 0) return '';
  return svg.slice(start, svg.indexOf('</g>', start));
}

/** How many times `needle` occurs in `haystack`. */
export function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** The text content of every `<text>` element, unescaped for &lt; &gt; &amp; &quot;. */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'),
  );
}

/** The root element's numeric width and height attributes. */
export function size(svg: string): { width: number; height: number } {
  const root = /^<svg[^>]*>/.exec(svg)?.[0] ?? '';
  return {
    width: Number(/\swidth="([\d.]+)"/.exec(root)?.[1]),
    height: Number(/\sheight="([\d.]+)"/.exec(root)?.[1]),
  };
}
