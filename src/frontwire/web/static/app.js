// frontwire page: loads events from the JSON API, filters, the event list, and wires map, timeline and panel.
// Every text that comes from data is set with textContent; nothing from data goes through innerHTML.
"use strict";

const PAGE_SIZE = 1000;
const MAX_EVENTS = 50000;  // stops a runaway load; the status line says when it was reached
const LIST_LIMIT = 2000;   // list items drawn at once; the status line says how many are not shown
const EVENT_TYPES = Object.keys(FW.TYPE_COLORS);

const state = { events: [], brush: null, selected: null, loadId: 0 };

FW.status = function (message, isError) {
  const node = document.getElementById("status");
  node.textContent = message || "";
  node.className = isError ? "error" : "";
};

FW.api = async function (path, options) {
  const response = await fetch(path, options);
  let body = null;
  try { body = await response.json(); } catch (error) { body = null; }
  if (!response.ok) {
    const message = body && body.error ? body.error.message : `HTTP ${response.status}`;
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return body;
};

function filterParams() {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(document.getElementById("filters"))) {
    if (String(value).trim()) params.set(name, String(value).trim());
  }
  return params;
}

async function loadEvents() {
  const loadId = ++state.loadId;
  document.body.dataset.state = "loading";
  FW.status("Loading events…");
  const params = filterParams();
  params.set("limit", PAGE_SIZE);
  const events = [];
  try {
    let cursor = null;
    do {
      if (cursor) params.set("cursor", cursor);
      const page = await FW.api("/api/events?" + params.toString());
      if (loadId !== state.loadId) return;  // a newer load started
      events.push(...page.events);
      cursor = page.next;
    } while (cursor && events.length < MAX_EVENTS);
  } catch (error) {
    FW.status("Could not load events: " + error.message, true);
    document.body.dataset.state = "error";
    return;
  }
  state.events = events;
  FW.timeline.show(events);
  FW.timeline.set(null);  // draws map and list through the brush callback
  FW.map.fit();
  document.body.dataset.readyMs = String(Math.round(performance.now()));  // read by scripts/bench_page.py
  document.body.dataset.state = "ready";
}

function visibleEvents() {
  if (!state.brush) return state.events;
  const [since, until] = state.brush;
  return state.events.filter((e) => e.event_date && e.event_date >= since && e.event_date <= until);
}

function render() {
  const events = visibleEvents();
  FW.map.show(events);
  renderList(events);
  const label = document.getElementById("brush-label");
  label.textContent = state.brush ? `${state.brush[0]} to ${state.brush[1]}` : "";
  document.getElementById("brush-clear").hidden = !state.brush;
  const hidden = events.length - Math.min(events.length, LIST_LIMIT);
  FW.status(`${events.length} of ${state.events.length} events` +
    (hidden ? ` (the list shows the first ${LIST_LIMIT})` : "") + (state.brush ? " in the selected period" : ""));
}

function renderList(events) {
  const list = document.getElementById("events");
  const items = document.createDocumentFragment();
  for (const event of events.slice(0, LIST_LIMIT)) items.appendChild(listItem(event));
  list.replaceChildren(items);
  document.getElementById("count").textContent = `(${events.length})`;
}

function listItem(event) {
  const item = FW.el("li", { "data-event-id": event.event_id, tabindex: "0" });
  if (event.event_id === state.selected) item.classList.add("selected");
  const swatch = FW.el("span", { "class": "swatch" });
  swatch.style.background = FW.colorOf(event.event_type);
  const head = FW.el("div");
  head.append(swatch, FW.el("strong", {}, event.sub_event_type),
    ` · ${[event.location, event.country].filter(Boolean).join(", ") || "place unknown"}`);
  const meta = FW.el("div", { "class": "meta" },
    `${event.event_date || "undated"} · ${event.fatalities} fatalities · ` +
    [event.actor1, event.actor2].filter(Boolean).join(" vs "));
  item.append(head, meta, FW.el("div", { "class": "notes" }, event.notes));
  item.addEventListener("click", () => FW.openEvent(event.event_id));
  item.addEventListener("keydown", (e) => { if (e.key === "Enter") FW.openEvent(event.event_id); });
  return item;
}

FW.openEvent = async function (eventId) {
  state.selected = eventId;
  for (const node of document.querySelectorAll("#events li.selected")) node.classList.remove("selected");
  const item = document.querySelector(`#events li[data-event-id="${CSS.escape(eventId)}"]`);
  if (item) item.classList.add("selected");
  await FW.panel.open(eventId);
};

FW.reload = loadEvents;

async function loadTypes() {
  const select = document.getElementById("f-type");
  const types = new Set(EVENT_TYPES);
  try {
    const stats = await FW.api("/api/stats?limit=1");
    Object.keys(stats.by_event_type || {}).forEach((t) => types.add(t));
  } catch (error) { /* the static list is enough */ }
  for (const type of types) select.appendChild(FW.el("option", { value: type }, type));
}

function legend() {
  const box = document.getElementById("legend");
  for (const [type, color] of Object.entries(FW.TYPE_COLORS)) {
    const row = FW.el("span");
    const swatch = FW.el("span", { "class": "swatch" });
    swatch.style.cssText = `display:inline-block;width:.7em;height:.7em;border-radius:50%;background:${color}`;
    row.append(swatch, " " + type);
    box.appendChild(row);
  }
}

function start() {
  FW.map = new FW.Map("map", (id) => FW.openEvent(id));
  FW.timeline = new FW.Timeline("timeline", (brush) => { state.brush = brush; render(); });
  FW.panel = new FW.Panel();
  document.getElementById("filters").addEventListener("submit", (e) => { e.preventDefault(); loadEvents(); });
  document.getElementById("f-reset").addEventListener("click", () => setTimeout(loadEvents, 0));
  document.getElementById("brush-clear").addEventListener("click", () => FW.timeline.set(null));
  const token = document.getElementById("token");
  token.value = sessionStorage.getItem("frontwire-token") || "";
  token.addEventListener("change", () => sessionStorage.setItem("frontwire-token", token.value));
  legend();
  loadTypes();
  loadEvents();
}

document.addEventListener("DOMContentLoaded", start);
