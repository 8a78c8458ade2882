// frontwire page: the map (basemap, markers, grid clustering) and the timeline with its brush.
// Every text that comes from data is set with textContent; nothing from data goes through innerHTML.
"use strict";

window.FW = window.FW || {};

FW.TYPE_COLORS = {
  "Battles": "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#9467bd",
  "Protests": "#2ca02c",
  "Riots": "#8c564b",
  "Strategic developments": "#1f77b4",
};
FW.colorOf = (type) => FW.TYPE_COLORS[type] || "#555";
FW.el = function (tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
};

const CLUSTER_CELL = 44;        // px: events closer than this on screen are drawn as one cluster
const CLUSTER_MAX_ZOOM = 9;     // from this zoom on, every event is drawn on its own

FW.Map = class {
  constructor(elementId, onSelect) {
    this.onSelect = onSelect;
    this.events = [];
    this.available = typeof window.L !== "undefined";
    if (!this.available) {
      document.getElementById(elementId).textContent =
        "The map library is not installed (run scripts/install.sh); the list and timeline still work.";
      return;
    }
    this.map = L.map(elementId, { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([25, 30], 2);
    this.layer = L.layerGroup().addTo(this.map);
    this.map.on("zoomend", () => this.draw());
    this.loadBasemap();
  }

  async loadBasemap() {
    try {
      const response = await fetch("/static/vendor/countries.json");
      if (!response.ok || typeof window.topojson === "undefined") return;
      const topo = await response.json();
      const land = topojson.feature(topo, topo.objects.countries);
      // Antarctica reaches the pole, which Web Mercator cannot draw; it would smear across the map.
      land.features = land.features.filter((f) => f.id !== "010");
      land.features.forEach(unwrapAntimeridian);
      L.geoJSON(land, { interactive: false, style: { color: "#8a8a80", weight: 0.6, fillColor: "#efeee6",
        fillOpacity: 1 } }).addTo(this.map).bringToBack();
    } catch (error) {
      console.warn("basemap unavailable", error);
    }
  }

  show(events) {
    this.events = events.filter((e) => e.latitude !== null && e.longitude !== null);
    this.draw();
  }

  fit() {
    if (!this.available || !this.events.length) return;
    const bounds = L.latLngBounds(this.events.map((e) => [e.latitude, e.longitude]));
    this.map.fitBounds(bounds.pad(0.3), { maxZoom: 7, animate: false });
  }

  cells() {
    const zoom = this.map.getZoom();
    const cells = new Map();
    for (const event of this.events) {
      let key = event.event_id;
      if (zoom < CLUSTER_MAX_ZOOM) {
        const point = this.map.project([event.latitude, event.longitude], zoom);
        key = Math.floor(point.x / CLUSTER_CELL) + ":" + Math.floor(point.y / CLUSTER_CELL);
      }
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(event);
    }
    return cells.values();
  }

  draw() {
    if (!this.available) return;
    this.layer.clearLayers();
    for (const members of this.cells()) {
      if (members.length === 1) this.drawEvent(members[0]);
      else this.drawCluster(members);
    }
  }

  drawEvent(event) {
    const radius = Math.min(24, 4 + 3 * Math.sqrt(event.fatalities || 0));
    const marker = L.circleMarker([event.latitude, event.longitude], {
      radius, color: "#fff", weight: 1, fillColor: FW.colorOf(event.event_type), fillOpacity: 0.85,
      className: "event-marker" });
    marker.on("click", () => this.onSelect(event.event_id));
    marker.bindTooltip(() => `${event.event_date || "undated"} · ${event.sub_event_type} · ${event.location || ""}`);
    marker.addTo(this.layer);
    const node = marker.getElement();
    if (node) {
      node.setAttribute("data-event-id", event.event_id);
      node.setAttribute("data-fatalities", String(event.fatalities));
    }
  }

  drawCluster(members) {
    const size = Math.min(60, 22 + 6 * Math.log2(members.length));
    const label = FW.el("div", { "class": "cluster", "data-cluster-count": String(members.length) },
      members.length);
    label.style.width = label.style.height = size + "px";
    const lat = members.reduce((s, e) => s + e.latitude, 0) / members.length;
    const lon = members.reduce((s, e) => s + e.longitude, 0) / members.length;
    const icon = L.divIcon({ html: label, className: "", iconSize: [size, size] });
    const marker = L.marker([lat, lon], { icon, title: `${members.length} events` }).addTo(this.layer);
    marker.on("click", () => {
      const bounds = L.latLngBounds(members.map((e) => [e.latitude, e.longitude]));
      const zoom = Math.min(this.map.getBoundsZoom(bounds.pad(0.2)), CLUSTER_MAX_ZOOM);
      this.map.setView(bounds.getCenter(), Math.max(zoom, this.map.getZoom() + 1));
    });
  }
};

// Rings cut at the antimeridian (Russia, Fiji) keep their -180 side east of +180, so no edge spans the map.
function unwrapAntimeridian(feature) {
  const geometry = feature.geometry;
  if (!geometry) return;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      if (!ring.some((p) => p[0] > 170) || !ring.some((p) => p[0] < -170)) continue;
      for (const point of ring) if (point[0] < 0) point[0] += 360;
    }
  }
}

const DAY_MS = 86400000;
const dayNumber = (iso) => Math.floor(Date.parse(iso + "T00:00:00Z") / DAY_MS);
const isoOf = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);

FW.Timeline = class {
  constructor(svgId, onBrush) {
    this.svg = document.getElementById(svgId);
    this.onBrush = onBrush;
    this.bins = [];
    this.brush = null;  // [first day, last day] as day numbers, or null
    this.svg.addEventListener("pointerdown", (e) => this.start(e));
    this.svg.addEventListener("pointermove", (e) => this.move(e));
    this.svg.addEventListener("pointerup", (e) => this.end(e));
    window.addEventListener("resize", () => this.draw());
  }

  show(events) {
    const days = events.filter((e) => e.event_date).map((e) => dayNumber(e.event_date));
    this.bins = [];
    if (!days.length) return this.draw();
    let first = Math.min(...days), last = Math.max(...days);
    const width = Math.max(1, Math.ceil((last - first + 1) / 80));
    if (width >= 7) first -= ((first + 3) % 7 + 7) % 7;  // weeks start on Monday (day 0 was a Thursday)
    const count = Math.floor((last - first) / width) + 1;
    for (let i = 0; i < count; i++) this.bins.push({ from: first + i * width, to: first + (i + 1) * width - 1, n: 0 });
    for (const day of days) this.bins[Math.floor((day - first) / width)].n += 1;
    this.draw();
  }

  geometry() {
    const width = this.svg.clientWidth || 600, height = 90, bottom = 16;
    return { width, height, bottom, step: width / Math.max(1, this.bins.length) };
  }

  draw() {
    const svgNS = "http://www.w3.org/2000/svg";
    while (this.svg.firstChild) this.svg.removeChild(this.svg.firstChild);
    if (!this.bins.length) return;
    const { height, bottom, step } = this.geometry();
    const max = Math.max(...this.bins.map((b) => b.n));
    this.bins.forEach((bin, i) => {
      const h = bin.n ? Math.max(2, (height - bottom - 4) * bin.n / max) : 0;
      const bar = document.createElementNS(svgNS, "rect");
      const inside = !this.brush || (bin.to >= this.brush[0] && bin.from <= this.brush[1]);
      bar.setAttribute("class", inside ? "bar" : "bar out");
      bar.setAttribute("x", i * step + 0.5);
      bar.setAttribute("width", Math.max(1, step - 1));
      bar.setAttribute("y", height - bottom - h);
      bar.setAttribute("height", h);
      bar.setAttribute("data-count", bin.n);
      const title = document.createElementNS(svgNS, "title");
      title.textContent = `${isoOf(bin.from)} to ${isoOf(bin.to)}: ${bin.n} events`;
      bar.appendChild(title);
      this.svg.appendChild(bar);
    });
    for (const [i, anchor] of [[0, "start"], [this.bins.length - 1, "end"]]) {
      const label = document.createElementNS(svgNS, "text");
      label.setAttribute("x", anchor === "start" ? 2 : this.geometry().width - 2);
      label.setAttribute("y", height - 3);
      label.setAttribute("text-anchor", anchor);
      label.textContent = isoOf(anchor === "start" ? this.bins[i].from : this.bins[i].to);
      this.svg.appendChild(label);
    }
    this.rect = document.createElementNS(svgNS, "rect");
    this.rect.setAttribute("class", "brush");
    this.rect.setAttribute("y", 0);
    this.rect.setAttribute("height", height - bottom);
    this.rect.setAttribute("width", 0);
    this.svg.appendChild(this.rect);
  }

  binAt(event) {
    const x = event.clientX - this.svg.getBoundingClientRect().left;
    const index = Math.floor(x / this.geometry().step);
    return Math.max(0, Math.min(this.bins.length - 1, index));
  }

  start(event) {
    if (!this.bins.length) return;
    this.dragFrom = this.binAt(event);
    this.svg.setPointerCapture(event.pointerId);
    this.move(event);
  }

  move(event) {
    if (this.dragFrom === undefined) return;
    const [a, b] = [this.dragFrom, this.binAt(event)].sort((x, y) => x - y);
    const step = this.geometry().step;
    this.rect.setAttribute("x", a * step);
    this.rect.setAttribute("width", (b - a + 1) * step);
  }

  end(event) {
    if (this.dragFrom === undefined) return;
    const [a, b] = [this.dragFrom, this.binAt(event)].sort((x, y) => x - y);
    this.dragFrom = undefined;
    this.set([this.bins[a].from, this.bins[b].to]);
  }

  set(brush) {
    this.brush = brush;
    this.draw();
    this.onBrush(brush ? [isoOf(brush[0]), isoOf(brush[1])] : null);
  }
};
