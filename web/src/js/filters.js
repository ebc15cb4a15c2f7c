// The filter form: reads and writes the filters, fills the country / governorate / type lists.
import { fill, h } from "./dom.js";
import { codes, label, t } from "./i18n.js";

const DEBOUNCE_MS = 300; // typing in the text box waits this long before a new query

export class Filters {
  constructor(form, onChange) {
    this.form = form;
    this.onChange = onChange;
    this.countries = [];
    this.admin1 = [];
    let timer = null;
    form.addEventListener("change", () => this.changed());
    form.addEventListener("input", (e) => {
      if (e.target.name !== "q") return;
      clearTimeout(timer);
      timer = setTimeout(() => this.changed(), DEBOUNCE_MS);
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.changed();
    });
    form.addEventListener("reset", () => setTimeout(() => this.set({}), 0)); // after the browser resets
  }

  /** Country and governorate codes present in the data (from /stats), with counts. */
  setOptions(countries, admin1) {
    this.countries = countries;
    this.admin1 = admin1;
    this.render();
  }

  render() {
    const current = this.get();
    const option = (value, text) => h("option", { value }, text);
    fill(this.form.elements.country, option("", t("any")), this.countries.map((c) => option(c.code, `${label("country", c.code)} (${c.count})`)));
    const admin = this.admin1.filter((a) => !current.country || String(a.code).startsWith(`${current.country}-`));
    fill(this.form.elements.admin1, option("", t("any")), admin.map((a) => option(a.code, `${label("admin1", a.code)} (${a.count})`)));
    fill(this.form.elements.event_type, option("", t("any")), codes("event_type").map((c) => option(c, label("event_type", c))));
    this.set(current, false);
  }

  get() {
    const filters = {};
    for (const el of this.form.elements) {
      if (el.name && el.value !== "") filters[el.name] = el.value.trim();
    }
    return filters;
  }

  set(filters, notify = true) {
    for (const el of this.form.elements) {
      if (!el.name) continue;
      const value = filters[el.name] ?? "";
      // A governorate not in the list yet (URL from another dataset) still gets an option, so it shows.
      if (el.tagName === "SELECT" && value && ![...el.options].some((o) => o.value === value)) {
        el.append(h("option", { value }, label(el.name, value)));
      }
      el.value = value;
    }
    if (notify) this.changed();
  }

  changed() {
    // Governorates follow the chosen country; a governorate of another country is cleared.
    const f = this.get();
    if (f.admin1 && f.country && !f.admin1.startsWith(`${f.country}-`)) this.form.elements.admin1.value = "";
    this.render();
    this.onChange(this.get());
  }
}
