// mtbrief review page: sends the article to /v1/clean or /v1/brief and shows the result.
// Security: every piece of server or user text goes into the page through textContent, never
// innerHTML, so pasted HTML is shown as text and never rendered or fetched.
"use strict";

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Edits come in offsets of the INPUT; walk them in order to find each one's span in the output.
function renderCleaned(container, text, edits) {
  container.replaceChildren();
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let delta = 0;
  let pos = 0;
  for (const e of sorted) {
    const start = e.start + delta;
    const end = start + e.after.length;
    delta += e.after.length - (e.end - e.start);
    if (start < pos || end > text.length) continue; // inconsistent edit: show text unmarked
    container.append(document.createTextNode(text.slice(pos, start)));
    const mark = el("mark", e.after ? "edit" : "edit deletion", e.after);
    mark.tabIndex = 0;
    mark.dataset.kind = e.kind;
    mark.dataset.reason = e.reason;
    mark.dataset.before = e.before;
    mark.title = `${e.reason}\nOriginal: ${e.before || "(nothing)"}`;
    container.append(mark);
    pos = end;
  }
  container.append(document.createTextNode(text.slice(pos)));
}

// The guard reports unsupported spans in the draft; mark where they still appear in the brief.
function renderBrief(container, brief, spans) {
  container.replaceChildren();
  const hits = [];
  for (const span of spans) {
    if (!span.text) continue;
    let i = brief.indexOf(span.text);
    while (i >= 0) {
      hits.push({ start: i, end: i + span.text.length, span });
      i = brief.indexOf(span.text, i + span.text.length);
    }
  }
  hits.sort((a, b) => a.start - b.start);
  let pos = 0;
  for (const h of hits) {
    if (h.start < pos) continue;
    container.append(document.createTextNode(brief.slice(pos, h.start)));
    const mark = el("mark", "unsupported", brief.slice(h.start, h.end));
    mark.tabIndex = 0;
    mark.dataset.reason = `unsupported ${h.span.kind}: not found in the cleaned article`;
    mark.dataset.before = "";
    mark.title = mark.dataset.reason;
    container.append(mark);
    pos = h.end;
  }
  container.append(document.createTextNode(brief.slice(pos)));
}

function renderGuard(guard) {
  const p = $("guard");
  const list = $("unsupported");
  list.replaceChildren();
  if (!guard) {
    p.textContent = "";
    return;
  }
  const n = guard.unsupported.length;
  p.className = "guard " + (guard.supported ? "ok" : "warn");
  p.textContent = guard.supported
    ? `Faithful: every name and number is in the article` +
      (n ? ` (the guard fixed ${n} unsupported span(s) in the draft: ${guard.action})` : "")
    : `Warning: ${n} unsupported span(s); guard action: ${guard.action}`;
  for (const span of guard.unsupported) {
    list.append(el("li", "", `${span.kind}: ${span.text}`));
  }
}

function renderTimings(timings, roundTrip) {
  const body = $("timings").tBodies[0];
  body.replaceChildren();
  const rows = Object.entries(timings || {});
  rows.push(["browser round trip", roundTrip]);
  for (const [name, seconds] of rows) {
    const tr = el("tr");
    tr.append(el("td", "", name), el("td", "num", `${(seconds * 1000).toFixed(1)} ms`));
    body.append(tr);
  }
}

function showError(message) {
  const p = $("error");
  p.hidden = !message;
  p.textContent = message || "";
}

async function run(endpoint) {
  const text = $("article").value;
  if (!text.trim()) {
    showError("Paste an article first.");
    return;
  }
  showError("");
  const body = { text, html: $("html").checked };
  if (endpoint === "brief") {
    const lang = $("target-lang").value.trim().toLowerCase();
    const words = parseInt($("max-words").value, 10);
    if (lang) body.target_lang = lang;
    if (words) body.max_words = words;
  }
  const headers = { "Content-Type": "application/json" };
  const key = $("api-key").value.trim();
  if (key) headers.Authorization = `Bearer ${key}`;
  $("status").textContent = "Working…";
  for (const b of document.querySelectorAll("button")) b.disabled = true;
  const started = performance.now();
  try {
    const response = await fetch(`/v1/${endpoint}`, {
      method: "POST", headers, body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const msg = (data.error && data.error.message) || response.statusText;
      showError(`${response.status}: ${msg}`);
      return;
    }
    const roundTrip = (performance.now() - started) / 1000;
    const clean = endpoint === "brief" ? data.clean : data;
    renderCleaned($("cleaned"), clean.text, clean.edits);
    $("edit-count").textContent =
      `(${clean.edits.length} edit${clean.edits.length === 1 ? "" : "s"}, language ${clean.lang || "?"})`;
    if (endpoint === "brief") {
      renderBrief($("brief"), data.brief, data.guard.unsupported);
      renderGuard(data.guard);
    } else {
      $("brief").replaceChildren(el("em", "", "(not requested)"));
      renderGuard(null);
    }
    renderTimings(data.timings, roundTrip);
    $("output").hidden = false;
  } catch (err) {
    showError(`Request failed: ${err}`);
  } finally {
    $("status").textContent = "";
    for (const b of document.querySelectorAll("button")) b.disabled = false;
  }
}

function showTip(event) {
  const mark = event.target.closest("mark");
  if (!mark) return;
  const tip = $("tip");
  tip.replaceChildren(el("div", "tip-reason", mark.dataset.reason));
  if (mark.classList.contains("edit")) {
    tip.append(el("div", "tip-before", `Original: «${mark.dataset.before}»`));
  }
  const box = mark.getBoundingClientRect();
  tip.style.left = `${Math.max(4, box.left)}px`;
  tip.style.top = `${box.bottom + 6}px`;
  tip.hidden = false;
}

function hideTip(event) {
  if (event.target.closest("mark")) $("tip").hidden = true;
}

document.addEventListener("DOMContentLoaded", () => {
  $("clean-btn").addEventListener("click", () => run("clean"));
  $("brief-btn").addEventListener("click", () => run("brief"));
  $("file").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    $("article").value = await file.text();
    $("html").checked = /\.html?$/i.test(file.name);
  });
  for (const id of ["cleaned", "brief"]) {
    $(id).addEventListener("mouseover", showTip);
    $(id).addEventListener("focusin", showTip);
    $(id).addEventListener("mouseout", hideTip);
    $(id).addEventListener("focusout", hideTip);
  }
});
