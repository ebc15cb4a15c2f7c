// Builds the dashboard into ../src/marsad/web/static/, which `marsad serve` serves under /static/.
//
// No bundler: the page is plain ES modules, copied as they are. What comes from npm is copied too (Leaflet,
// the Noto Naskh Arabic web font), and the country outlines are converted once here from Natural Earth
// TopoJSON (world-atlas) to a small GeoJSON of the region, so the browser needs neither topojson-client nor
// any network: the map works with no tiles. Everything is read from node_modules (installed by `npm ci`).
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const out = join(here, "..", "src", "marsad", "web", "static");

// Countries whose outlines the map draws: the Middle East and North Africa, where the sources report.
// Bounding box (lon/lat) of what is kept; countries outside it are dropped to keep the file small.
const REGION = { minLon: -18, minLat: 10, maxLon: 64, maxLat: 43 };
const DECIMALS = 2; // ~1 km: enough for country outlines, and a quarter of the file at 3 decimals.

// Rounds every position; in a ring, drops the points rounding made equal to the one before.
function round(coords) {
  if (typeof coords[0] === "number") {
    const k = 10 ** DECIMALS;
    return [Math.round(coords[0] * k) / k, Math.round(coords[1] * k) / k];
  }
  const out = coords.map(round);
  if (typeof out[0]?.[0] !== "number") return out;
  const ring = out.filter((p, i) => i === 0 || p[0] !== out[i - 1][0] || p[1] !== out[i - 1][1]);
  return ring.length >= 4 ? ring : out; // a ring needs 4 positions; keep a degenerate one as it was
}

function inRegion(geometry) {
  let hit = false;
  const visit = (c) => {
    if (hit) return;
    if (typeof c[0] === "number") {
      hit = c[0] >= REGION.minLon && c[0] <= REGION.maxLon && c[1] >= REGION.minLat && c[1] <= REGION.maxLat;
    } else c.forEach(visit);
  };
  visit(geometry.coordinates);
  return hit;
}

function outlines() {
  const topo = JSON.parse(readFileSync(join(modules, "world-atlas", "countries-50m.json"), "utf8"));
  const all = feature(topo, topo.objects.countries).features;
  const features = all
    .filter((f) => f.geometry && inRegion(f.geometry))
    .map((f) => ({
      type: "Feature",
      properties: { name: f.properties.name },
      geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
    }));
  return { type: "FeatureCollection", features };
}

// Only the Arabic and Latin subsets at two weights: the page shows Arabic text and Latin digits/labels.
const FONT_FILES = ["arabic-400", "arabic-700", "latin-400", "latin-700"].map(
  (s) => `noto-naskh-arabic-${s}-normal.woff2`,
);

function fontsCss() {
  const ranges = {
    arabic: readFileSync(join(modules, "@fontsource", "noto-naskh-arabic", "arabic-400.css"), "utf8"),
    latin: readFileSync(join(modules, "@fontsource", "noto-naskh-arabic", "latin-400.css"), "utf8"),
  };
  const rule = (subset, weight) => {
    const range = /unicode-range:\s*([^;]+);/.exec(ranges[subset]);
    return [
      "@font-face {",
      "  font-family: 'Noto Naskh Arabic';",
      "  font-style: normal;",
      "  font-display: swap;",
      `  font-weight: ${weight};`,
      `  src: url(./noto-naskh-arabic-${subset}-${weight}-normal.woff2) format('woff2');`,
      range ? `  unicode-range: ${range[1]};` : "",
      "}",
    ]
      .filter(Boolean)
      .join("\n");
  };
  return ["arabic", "latin"].flatMap((s) => [rule(s, 400), rule(s, 700)]).join("\n") + "\n";
}

// Every module of the page, preloaded from index.html: without this the browser discovers them one import
// level at a time (three round trips before the first request for data).
function addModulePreloads() {
  const index = join(out, "index.html");
  const marker = "<!-- modulepreload:";
  const modules = readdirSync(join(out, "js")).filter((f) => f.endsWith(".js")).sort();
  const links = modules.map((f) => `  <link rel="modulepreload" href="/static/js/${f}">`).join("\n");
  const html = readFileSync(index, "utf8");
  const at = html.indexOf(marker);
  if (at < 0) throw new Error("index.html: the modulepreload marker is missing");
  const end = html.indexOf("-->", at) + 3;
  writeFileSync(index, html.slice(0, at) + links.trimStart() + html.slice(end));
}

function build() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // Our own sources: index.html, css/, js/, i18n/, favicon.
  cpSync(join(here, "src"), out, { recursive: true });

  const leaflet = join(modules, "leaflet", "dist");
  mkdirSync(join(out, "vendor", "leaflet"), { recursive: true });
  for (const f of ["leaflet.js", "leaflet.css"]) cpSync(join(leaflet, f), join(out, "vendor", "leaflet", f));
  cpSync(join(leaflet, "images"), join(out, "vendor", "leaflet", "images"), { recursive: true });
  cpSync(join(modules, "leaflet", "LICENSE"), join(out, "vendor", "leaflet", "LICENSE"));

  const fonts = join(out, "vendor", "fonts");
  mkdirSync(fonts, { recursive: true });
  for (const f of FONT_FILES) cpSync(join(modules, "@fontsource", "noto-naskh-arabic", "files", f), join(fonts, f));
  cpSync(join(modules, "@fontsource", "noto-naskh-arabic", "LICENSE"), join(fonts, "LICENSE"));
  writeFileSync(join(fonts, "fonts.css"), fontsCss());

  mkdirSync(join(out, "geo"), { recursive: true });
  writeFileSync(join(out, "geo", "outlines.geojson"), JSON.stringify(outlines()));
  cpSync(join(modules, "world-atlas", "LICENSE"), join(out, "geo", "LICENSE"));

  addModulePreloads();

  // What was built from what: build.sh compares this digest to skip a rebuild that would change nothing.
  writeFileSync(join(out, "BUILD"), `${process.argv[2] ?? ""}\n`);
}

build();
console.log(`dashboard built into ${out}`);
