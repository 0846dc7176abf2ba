/**
 * Small DOM helpers for the explorer. Everything is built with the DOM API: no innerHTML with
 * data, no inline style attributes (the page's Content-Security-Policy allows styles only from its
 * own style block; colours are set through the CSSOM, which CSP does not restrict).
 */

type Attributes = Record<string, string | number | boolean | null | undefined>;
type Child = Node | string | null | undefined | false;

function apply(element: Element, attributes: Attributes, children: Child[]): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** An HTML element: `h('td', { class: 'n' }, '12.5')`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  apply(element, attributes, children);
  return element;
}

/**
 * The SVG namespace, read from an element the HTML parser made rather than written out: the page
 * must not contain a single URL, not even a namespace name.
 */
const SVG_NS = (() => {
  const template = document.createElement('template');
  template.innerHTML = '<svg></svg>';
  return (template.content.firstChild as Element).namespaceURI!;
})();

/** An SVG element: `s('circle', { cx: 4, cy: 4, r: 3 })`. */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag) as SVGElementTagNameMap[K];
  apply(element, attributes, children);
  return element;
}

/** A colour swatch. */
export function swatch(color: string): HTMLSpanElement {
  const element = h('span', { class: 'swatch' });
  element.style.background = color;
  return element;
}

/** Replaces the children of `parent`. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  apply(parent, {}, children);
}

/** The point of a pointer event in the coordinates of an SVG's viewBox. */
export function svgPoint(svg: SVGSVGElement, event: PointerEvent): { x: number; y: number } {
  const box = svg.viewBox.baseVal;
  const rect = svg.getBoundingClientRect();
  return {
    x: box.x + ((event.clientX - rect.left) / rect.width) * box.width,
    y: box.y + ((event.clientY - rect.top) / rect.height) * box.height,
  };
}
