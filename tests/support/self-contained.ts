/**
 * Every way an HTML file could reach the network: URLs, src/href/… attributes that are not data:
 * or fragment references, CSS url() and @import, elements that load other documents or scripts by
 * address. An empty list means self-contained. Inline `<script>` elements (no `src`) are allowed
 * only when `allowInlineScripts` is set (the interactive report); the static report has none.
 */
export function externalReferences(html: string, options: { allowInlineScripts?: boolean } = {}): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(/https?:\/\/[^\s"'<>)]*/gi)) found.push(match[0]);
  // Attributes, url() and elements are markup: the code of inline scripts (`data = …`) is not.
  const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, '$1</script>');
  for (const match of markup.matchAll(
    /\b(?:src|href|srcset|action|poster|data|formaction|xlink:href)\s*=\s*["']?([^"'\s>]*)/gi,
  )) {
    const value = match[1]!;
    if (!value.startsWith('data:') && !value.startsWith('#')) found.push(match[0]);
  }
  for (const match of markup.matchAll(/url\(\s*["']?([^"')]*)/gi)) {
    const value = match[1]!;
    if (!value.startsWith('data:') && !value.startsWith('#')) found.push(match[0]);
  }
  if (/@import/i.test(markup)) found.push('@import');
  if (/<(?:link|iframe|object|embed|frame|base)\b/i.test(markup)) found.push('link/iframe/object/embed/base element');
  for (const match of html.matchAll(/<script\b[^>]*>/gi)) {
    if (/\bsrc\s*=/i.test(match[0]) || !options.allowInlineScripts) found.push(match[0]);
  }
  if (/\/\/[a-z0-9.-]+\.[a-z]{2,}/i.test(html.replace(/data:[^"')\s]*/g, ''))) found.push('protocol-relative URL');
  return found;
}
