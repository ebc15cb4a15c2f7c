// DOM building. Every text goes in through textContent and every attribute through setAttribute, so an API
// or article string can never become markup (articles are untrusted: issue 6 tests stored XSS). No inline
// handlers and no style attributes either: the page must run under `default-src 'self'`.

const SVG_NS = "http://www.w3.org/2000/svg";

function assign(el, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (/^on/i.test(key) || key === "style" || key === "innerHTML") {
      // A programming error, never data: fail loudly rather than open a hole in the CSP.
      throw new Error(`dom: attribute ${key} is not allowed`);
    }
    if (key === "class") el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element: h("td", {class: "num"}, "3"). Children are nodes or plain text. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  assign(el, attrs);
  append(el, children);
  return el;
}

/** An SVG element, same rules. */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  assign(el, attrs);
  append(el, children);
  return el;
}

/** Replace all children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A link only for http(s) URLs; anything else (javascript:, data:) is shown as plain text. */
export function safeLink(url, text, attrs = {}) {
  let ok = false;
  try {
    ok = ["http:", "https:"].includes(new URL(url, window.location.href).protocol);
  } catch {
    ok = false;
  }
  if (!ok) return h("span", {}, text);
  return h("a", { href: url, rel: "noopener noreferrer", target: "_blank", ...attrs }, text);
}
