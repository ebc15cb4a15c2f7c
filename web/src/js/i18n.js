// The two interface languages. Every string lives in i18n/{ar,en}.json; this module picks one, applies it to
// the static page (elements with data-i18n) and gives the rest of the code t() and label().

const DIR = { ar: "rtl", en: "ltr" };
const STORAGE_KEY = "marsad.lang";
let dicts = {};
let lang = "ar";

export async function loadDictionaries() {
  const [ar, en] = await Promise.all(
    ["ar", "en"].map(async (code) => {
      const res = await fetch(`/static/i18n/${code}.json`);
      if (!res.ok) throw new Error(`i18n/${code}.json: HTTP ${res.status}`);
      return res.json();
    }),
  );
  dicts = { ar, en };
}

/** The language to start in: ?lang=, then the last choice, then Arabic. */
export function initialLang() {
  const asked = new URLSearchParams(window.location.search).get("lang");
  if (asked && asked in DIR) return asked;
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved && saved in DIR) return saved;
  } catch {
    // Storage may be disabled; Arabic is the default then.
  }
  return "ar";
}

export function getLang() {
  return lang;
}

/** A UI string, with {name} placeholders filled from vars. */
export function t(key, vars = {}) {
  const text = dicts[lang]?.ui?.[key] ?? dicts.en?.ui?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** The name of a code in a group (event_type, sub_event_type, country, admin1, level); the code when unknown. */
export function label(group, code) {
  if (code === null || code === undefined || code === "") return t("unknown");
  return dicts[lang]?.[group]?.[code] ?? dicts.en?.[group]?.[code] ?? String(code);
}

export function codes(group) {
  return Object.keys(dicts.en?.[group] ?? {});
}

/** Switch language: <html lang dir>, the static strings, and the saved choice. */
export function setLang(next) {
  lang = next in DIR ? next : "ar";
  document.documentElement.lang = lang;
  document.documentElement.dir = DIR[lang];
  document.title = t("title");
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) {
    el.setAttribute("placeholder", t(el.dataset.i18nPlaceholder));
  }
  for (const el of document.querySelectorAll("[data-i18n-aria-label]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel));
  }
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered across visits then; nothing else depends on it.
  }
}
