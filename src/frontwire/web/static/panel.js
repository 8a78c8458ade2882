// frontwire page: the event panel (ACLED fields, sources with their evidence in context, audit) and review.
// Every text that comes from data is set with textContent; nothing from data goes through innerHTML.
"use strict";

const CONTEXT_CHARS = 320;
const FIELDS = ["event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
  "assoc_actor_1", "assoc_actor_2", "inter1", "inter2", "interaction", "civilian_targeting", "country", "iso3",
  "admin1", "admin2", "location", "latitude", "longitude", "geonameid", "geo_precision", "fatalities",
  "fatalities_low", "fatalities_high", "notes", "confidence"];
const EDITABLE = FIELDS.filter((f) => f !== "event_id");
const el = (...args) => FW.el(...args);

function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (error) {
    return null;
  }
}

// Offsets count Unicode code points (Python's str), not UTF-16 units, so slice by code point.
function evidence(text, source) {
  const points = Array.from(text);
  const sentence = points.slice(source.start, source.end).join("");
  if (sentence !== source.sentence) return null;
  const from = Math.max(0, source.start - CONTEXT_CHARS), to = Math.min(points.length, source.end + CONTEXT_CHARS);
  const box = el("div", { "class": "context" });
  box.append((from > 0 ? "…" : "") + points.slice(from, source.start).join(""),
    el("mark", {}, sentence), points.slice(source.end, to).join("") + (to < points.length ? "…" : ""));
  return box;
}

FW.Panel = class {
  constructor() {
    this.node = document.getElementById("panel");
    this.body = document.getElementById("panel-body");
    document.getElementById("panel-close").addEventListener("click", () => { this.node.hidden = true; });
    this.articles = new Map();
  }

  async open(eventId) {
    this.eventId = eventId;
    this.node.hidden = false;
    this.body.replaceChildren(el("p", {}, "Loading…"));
    let event = null, audit = { audit: [], status: null };
    try {
      [event, audit] = await Promise.all([
        FW.api("/api/events/" + encodeURIComponent(eventId)).catch((e) => { if (e.status === 404) return null; throw e; }),
        FW.api(`/api/events/${encodeURIComponent(eventId)}/audit`).catch(() => audit)]);
    } catch (error) {
      this.body.replaceChildren(el("p", { "class": "error" }, "Could not load the event: " + error.message));
      return;
    }
    if (eventId !== this.eventId) return;
    this.body.replaceChildren();
    if (event) {
      this.body.append(this.fields(event), this.attributionBlock(event), this.sourcesBlock(event),
        this.reviewBlock(event));
    } else {
      this.body.append(el("h2", {}, eventId), el("p", {}, "This event no longer exists (" +
        (audit.status || "removed") + ")."));
    }
    this.body.appendChild(this.auditBlock(audit));
    this.node.dataset.eventId = eventId;
  }

  fields(event) {
    const box = el("section", { "class": "fields" });
    box.appendChild(el("h2", {}, `${event.sub_event_type} · ${event.location || event.country || "place unknown"}`));
    const list = el("dl");
    for (const name of FIELDS) {
      const value = event[name];
      list.append(el("dt", {}, name), el("dd", { "data-field": name }, value === null ? "—" : value));
    }
    box.appendChild(list);
    return box;
  }

  // Reports that blame different actors: each claim with the reports that make it; none is chosen.
  attributionBlock(event) {
    const box = el("section", { "class": "attributions" });
    if (!event.contested) return box;
    box.appendChild(el("h3", {}, "Contested attribution"));
    const list = el("ul");
    for (const claim of event.attributions || []) {
      const outlets = claim.sources.map((s) => [s.source || "unknown source", s.published || "undated"].join(", "));
      const item = el("li", { "data-claimed-actor": claim.actor });
      item.append(el("strong", {}, claim.actor), " — " + outlets.join("; "));
      claim.sources.forEach((s) => item.appendChild(el("blockquote", {}, s.sentence)));
      list.appendChild(item);
    }
    box.appendChild(list);
    return box;
  }

  sourcesBlock(event) {
    const box = el("section", { "class": "sources" });
    box.appendChild(el("h3", {}, `Sources (${event.sources.length})`));
    event.sources.forEach((source, index) => {
      const item = el("div", { "class": "source", "data-source-index": String(index) });
      const head = el("div", { "class": "meta" },
        [source.source || "unknown source", source.published || "undated", source.article_id].join(" · ") + " ");
      const url = safeUrl(source.url);
      if (url) head.appendChild(el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, "article"));
      const context = el("div", { "class": "context" });
      context.appendChild(el("mark", {}, source.sentence));
      item.append(head, context);
      box.appendChild(item);
      this.fillContext(source, context);
    });
    return box;
  }

  async fillContext(source, placeholder) {
    try {
      if (!this.articles.has(source.article_id)) {
        this.articles.set(source.article_id, FW.api("/api/articles/" + encodeURIComponent(source.article_id)));
      }
      const article = await this.articles.get(source.article_id);
      const context = evidence(article.text, source);
      if (context) placeholder.replaceWith(context);
    } catch (error) {
      this.articles.delete(source.article_id);  // keeps the sentence alone; the text may come later
    }
  }

  reviewBlock(event) {
    const box = el("section", { "class": "review" });
    box.appendChild(el("h3", {}, "Review"));
    const actions = el("fieldset");
    const confirm = el("button", { type: "button", "data-action": "confirm" }, "Confirm");
    const reject = el("button", { type: "button", "data-action": "reject" }, "Reject");
    confirm.addEventListener("click", () => this.send({ action: "confirm" }));
    reject.addEventListener("click", () => this.send({ action: "reject" }));
    actions.append(confirm, " ", reject);
    box.append(actions, this.editForm(event), this.mergeForm(), this.splitForm(event),
      el("p", { "class": "review-result", role: "status" }));
    return box;
  }

  editForm(event) {
    const form = el("form", { "class": "edit" });
    const field = el("select", { name: "field" });
    for (const name of EDITABLE) field.appendChild(el("option", { value: name }, name));
    const value = el("input", { name: "value", size: "24" });
    const sync = () => { value.value = event[field.value] === null ? "" : String(event[field.value]); };
    field.addEventListener("change", sync);
    sync();
    form.append(el("legend", {}, "Edit a field"), field, " ", value, " ", el("button", { type: "submit" }, "Save"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.send({ action: "edit", fields: { [field.value]: typed(event[field.value], value.value) } });
    });
    return wrap(form);
  }

  mergeForm() {
    const form = el("form", { "class": "merge" });
    const other = el("input", { name: "other", size: "24", placeholder: "event id to merge in" });
    form.append(el("legend", {}, "Merge another event into this one"), other, " ",
      el("button", { type: "submit" }, "Merge"));
    form.addEventListener("submit", (e) => { e.preventDefault(); this.send({ action: "merge", other: other.value.trim() }); });
    return wrap(form);
  }

  splitForm(event) {
    const box = el("div", { "class": "split" });
    if (event.sources.length < 2) return box;
    box.appendChild(el("legend", {}, "Split a source off into its own event"));
    event.sources.forEach((source, index) => {
      const button = el("button", { type: "button", "data-split": String(index) },
        `Split #${index + 1} (${source.source || source.article_id})`);
      button.addEventListener("click", () => this.send({ action: "split", source: index }));
      box.append(button, " ");
    });
    return wrap(box);
  }

  async send(body) {
    const token = document.getElementById("token").value.trim();
    const who = document.getElementById("who").value.trim() || "analyst";
    const result = this.body.querySelector(".review-result");
    try {
      const answer = await FW.api(`/api/events/${encodeURIComponent(this.eventId)}/review`, {
        method: "POST", body: JSON.stringify({ ...body, who }),
        headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token } });
      const eventId = this.eventId;
      await FW.reload();
      await this.open(eventId);
      FW.status(`Review stored: ${answer.status}`);
    } catch (error) {
      if (result) result.textContent = "Not stored: " + error.message;
    }
  }

  auditBlock(audit) {
    const box = el("section", { "class": "audit" });
    box.appendChild(el("h3", {}, "Audit" + (audit.status ? ` (status: ${audit.status})` : "")));
    const list = el("ol", { "class": "audit" });
    for (const record of audit.audit || []) {
      const item = el("li", { "data-audit-action": record.action },
        `${record.at} · ${record.who} · ${record.action}: ${JSON.stringify(record.before)} → ${JSON.stringify(record.after)}`);
      list.appendChild(item);
    }
    if (!list.children.length) list.appendChild(el("li", {}, "Not reviewed yet."));
    box.appendChild(list);
    return box;
  }
};

function wrap(node) {
  const box = el("fieldset");
  box.appendChild(node);
  return box;
}

// An edited value keeps the field's JSON type: numbers, booleans and null are parsed, text stays text.
function typed(previous, text) {
  if (typeof previous === "string" || (previous === null && !/^-?[\d.]+$|^(true|false)$/.test(text))) {
    return text === "" && previous === null ? null : text;
  }
  if (text === "") return null;
  try { return JSON.parse(text); } catch (error) { return text; }
}
