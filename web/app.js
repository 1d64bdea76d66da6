// The page: a form built from the plan schema, the plan it edits held as a
// JSON value, and the ieplint core (WebAssembly) linting that value on
// every change. Nothing is sent anywhere; the plan lives in this page
// until it is saved as a file.

import init, { Linter, schema, label, list_item, section_title } from "./pkg/ieplint_web.js";

const $ = (id) => document.getElementById(id);

/** The plan being edited; fields the form does not know are kept as read. */
let plan = {};
/** The name the plan is saved and printed under. */
let planName = "iep-plan.json";
let linter = null;
let lintTimer = 0;

// ---------------------------------------------------------------- schema

/** The plan schema and its definitions, read from the core once it runs. */
let SCHEMA = { properties: {} };
let DEFS = {};
/** Fields a parent never types: the format's own bookkeeping. */
const HIDDEN = new Set(["$schema", "format", "x-ieplint"]);
/** Text fields short enough for one line; the others are paragraphs. */
const SHORT = new Set([
  "id", "name", "state", "times", "cadence", "provider", "location", "setting", "area",
  "option", "responsible", "method", "health_plan_ref",
]);

/** A schema node with its `$ref` followed (its own description wins). */
function resolve(node) {
  if (node && node.$ref) {
    const target = DEFS[node.$ref.replace("#/$defs/", "")] || {};
    const merged = { ...target, ...node };
    delete merged.$ref;
    return merged;
  }
  return node || {};
}

/** A choice in words: "same_person" → "same person". */
const choiceWords = (v) => String(v).replace(/_/g, " ");
const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1);

// ---------------------------------------------------------------- pointers

const escapeToken = (t) => String(t).replace(/~/g, "~0").replace(/\//g, "~1");
const unescapeToken = (t) => t.replace(/~1/g, "/").replace(/~0/g, "~");
const child = (pointer, token) => `${pointer}/${escapeToken(token)}`;
const tokens = (pointer) => pointer.split("/").slice(1).map(unescapeToken);

function getAt(pointer) {
  let cur = plan;
  for (const t of tokens(pointer)) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = cur[t];
  }
  return cur;
}

/** Writes a value; `undefined` removes it, and objects this emptied go too. */
function setAt(pointer, value) {
  const path = tokens(pointer);
  const chain = [plan];
  let cur = plan;
  for (const [i, t] of path.slice(0, -1).entries()) {
    if (cur[t] === null || typeof cur[t] !== "object") {
      if (value === undefined) return;
      cur[t] = /^\d+$/.test(path[i + 1]) ? [] : {};
    }
    cur = cur[t];
    chain.push(cur);
  }
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(cur)) return;
    delete cur[last];
    // Remove the objects this left empty, but never list elements: an
    // empty goal is still a goal the parent added.
    for (let i = chain.length - 1; i > 0; i--) {
      const obj = chain[i];
      const parent = chain[i - 1];
      if (Array.isArray(obj) || Array.isArray(parent) || Object.keys(obj).length > 0) break;
      delete parent[path[i - 1]];
    }
  } else {
    cur[last] = value;
  }
}

// ---------------------------------------------------------------- form

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

let fieldCount = 0;
let findingCount = 0;

/** The findings box of a place: findings for it are shown here. */
const findingsBox = () => el("div", { class: "findings" });

function hint(node) {
  return node.description ? el("p", { class: "hint", text: node.description }) : null;
}

/** One field for a value of the schema node `node` at `pointer`. */
function field(name, node, pointer) {
  node = resolve(node);
  const value = getAt(pointer);
  if (node.type === "object") return group(name, node, pointer, value);
  if (node.type === "array") {
    const items = resolve(node.items);
    if (items.type === "object") return list(name, node, items, pointer, value);
  }
  const id = `f${++fieldCount}`;
  const wrap = el("div", { class: "field", "data-pointer": pointer });
  wrap.append(el("label", { for: id, text: capital(label(name)) }));
  let input;
  const mismatch = value !== undefined && !fits(node, value);
  if (mismatch) {
    // Written in a shape the form cannot edit: kept as it is, shown, and
    // the finding about it says what is wrong.
    input = asWritten(pointer, value, id);
  } else if (node.type === "array") {
    input = scalarList(id, resolve(node.items), pointer, value);
  } else if (node.enum) {
    input = choice(id, node.enum, pointer, value);
  } else if (node.type === "boolean") {
    input = choice(id, [true, false], pointer, value, (v) => (v ? "Yes" : "No"));
  } else if (node.type === "number" || node.type === "integer") {
    input = el("input", { id, type: "number", inputmode: "numeric" });
    if (node.minimum !== undefined) input.min = node.minimum;
    if (node.maximum !== undefined) input.max = node.maximum;
    if (value !== undefined) input.value = String(value);
    input.addEventListener("input", () => {
      const n = input.value.trim() === "" ? undefined : Number(input.value);
      edit(pointer, Number.isFinite(n) ? n : undefined);
    });
  } else if (node.format === "date" && (value === undefined || /^\d{4}-\d{2}-\d{2}$/.test(value))) {
    input = el("input", { id, type: "date" });
    if (value !== undefined) input.value = value;
    input.addEventListener("input", () => edit(pointer, input.value || undefined));
  } else {
    const short = SHORT.has(name) || node.format === "date";
    input = short ? el("input", { id, type: "text" }) : el("textarea", { id, rows: "3" });
    if (value !== undefined) input.value = value;
    input.addEventListener("input", () => edit(pointer, input.value === "" ? undefined : input.value));
  }
  wrap.append(input, hint(node), findingsBox());
  return wrap;
}

/** A value the form cannot edit, as written, with a way to start it over. */
function asWritten(pointer, value, id) {
  const box = el("div", { class: "as-written-box" });
  const shown = el("output", { class: "as-written", text: JSON.stringify(value) });
  if (id) shown.id = id;
  const clear = el("button", { type: "button", class: "clear", text: "Clear it and write it again" });
  clear.addEventListener("click", () => {
    setAt(pointer, undefined);
    changed(true);
  });
  box.append(shown, clear);
  return box;
}

/** Whether a value has the type the form would write there. */
function fits(node, value) {
  switch (node.type) {
    case "array": return Array.isArray(value);
    case "boolean": return typeof value === "boolean";
    case "number": case "integer": return typeof value === "number";
    case "string": return typeof value === "string" && (!node.enum || node.enum.includes(value));
    default: return true;
  }
}

function choice(id, values, pointer, value, words = choiceWords) {
  const select = el("select", { id });
  select.append(el("option", { value: "", text: "— not stated —" }));
  values.forEach((v, i) => {
    const o = el("option", { value: String(i), text: words(v) });
    if (v === value) o.selected = true;
    select.append(o);
  });
  select.addEventListener("change", () => {
    edit(pointer, select.value === "" ? undefined : values[Number(select.value)]);
  });
  return select;
}

/** A list of words or dates: tick boxes for a fixed list, else one per line. */
function scalarList(id, items, pointer, value) {
  if (items.enum) {
    const box = el("div", { id, class: "ticks", role: "group" });
    const chosen = new Set(value || []);
    for (const v of items.enum) {
      const tick = el("input", { type: "checkbox" });
      tick.checked = chosen.has(v);
      tick.addEventListener("change", () => {
        const now = items.enum.filter((w, i) => box.querySelectorAll("input")[i].checked);
        edit(pointer, now.length ? now : undefined);
      });
      box.append(el("label", { class: "tick" }, tick, ` ${choiceWords(v)}`));
    }
    return box;
  }
  const area = el("textarea", { id, rows: "3", placeholder: "One per line" });
  if (value) area.value = value.join("\n");
  area.addEventListener("input", () => {
    const lines = area.value.split("\n").map((l) => l.trim()).filter((l) => l !== "");
    const typed = items.type === "number" ? lines.map(Number) : lines;
    edit(pointer, typed.length ? typed : undefined);
  });
  return area;
}

/** A part of the plan with fields of its own, folded until it is used. */
function group(name, node, pointer, value) {
  const box = el("details", { class: "group", "data-pointer": pointer });
  if (value !== undefined || pointer.split("/").length <= 2) box.open = true;
  box.append(el("summary", {}, el("span", { text: capital(label(name)) }), el("span", { class: "count" })));
  if (node.description) box.append(hint(node));
  box.append(findingsBox());
  if (value !== undefined && (value === null || typeof value !== "object" || Array.isArray(value))) {
    box.append(asWritten(pointer, value));
    return box;
  }
  for (const [key, sub] of Object.entries(node.properties || {})) {
    box.append(field(key, sub, child(pointer, key)));
  }
  return box;
}

/** A list of parts (goals, services, team members) one can add to. */
function list(name, node, items, pointer, value) {
  const box = el("div", { class: "list", "data-pointer": pointer });
  box.append(el("h3", { text: capital(label(name)) }), hint(node), findingsBox());
  const what = list_item(name);
  if (value !== undefined && !Array.isArray(value)) {
    box.append(asWritten(pointer, value));
    return box;
  }
  (value || []).forEach((element, i) => {
    const at = child(pointer, i);
    const title = element && typeof element === "object" && element.id !== undefined
      ? `${capital(what)} ${element.id}` : `${capital(what)} ${i + 1}`;
    const item = group(title, items, at, element);
    item.classList.add("item");
    item.querySelector("summary span").textContent = title;
    const remove = el("button", { type: "button", class: "remove", text: `Remove this ${what}` });
    remove.addEventListener("click", () => {
      getAt(pointer).splice(i, 1);
      if (getAt(pointer).length === 0) setAt(pointer, undefined);
      changed(true);
    });
    item.append(remove);
    box.append(item);
  });
  const add = el("button", { type: "button", class: "add", text: `Add a ${what}` });
  add.addEventListener("click", () => {
    const current = getAt(pointer);
    if (Array.isArray(current)) current.push({});
    else setAt(pointer, [{}]);
    changed(true);
  });
  box.append(add);
  return box;
}

/** The sections of an IEP document, each holding its top-level fields. */
function render() {
  const form = $("form");
  form.replaceChildren();
  fieldCount = 0;
  const sections = new Map();
  for (const [key, node] of Object.entries(SCHEMA.properties)) {
    if (HIDDEN.has(key)) continue;
    const title = section_title(`/${key}`);
    if (!sections.has(title)) sections.set(title, []);
    sections.get(title).push([key, node]);
  }
  for (const [title, keys] of sections) {
    const part = el("section", { class: "part", id: sectionId(title) });
    part.append(el("h2", {}, el("span", { text: title }), el("span", { class: "count" })));
    for (const [key, node] of keys) part.append(field(key, node, `/${key}`));
    form.append(part);
  }
}

const sectionId = (title) => `section-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`;

// ---------------------------------------------------------------- findings

function edit(pointer, value) {
  setAt(pointer, value);
  changed(false);
}

/** After an edit: rebuild the form when its shape changed, then re-check. */
function changed(reshape) {
  if (reshape) render();
  clearTimeout(lintTimer);
  lintTimer = setTimeout(check, reshape ? 0 : 120);
}

const planText = () => `${JSON.stringify(plan, null, 2)}\n`;
const today = () => {
  const d = new Date();
  const two = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
};

/** Lints the plan and shows every finding at the field it is about. */
function check() {
  if (!linter) return;
  const text = planText();
  const started = performance.now();
  const report = JSON.parse(linter.lint(text, today()));
  const ms = performance.now() - started;
  document.body.dataset.lintMs = ms.toFixed(1);
  for (const box of document.querySelectorAll(".findings")) box.replaceChildren();
  for (const e of document.querySelectorAll("[aria-describedby]")) e.removeAttribute("aria-describedby");
  findingCount = 0;
  for (const c of document.querySelectorAll(".count")) c.textContent = "";
  for (const f of report.findings) place(f);
  sectionCounts(report);
  const words = report.errors + report.warnings === 0
    ? "No findings: every check passed."
    : `${count(report.errors, "thing to fix", "things to fix")} and ${count(report.warnings, "thing to improve", "things to improve")}.`;
  $("status").textContent = `${words} Checked on this computer in ${Math.max(1, Math.round(ms))} ms.`;
}

const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** The finding's card in the nearest place the form has for its pointer. */
function place(f) {
  let pointer = f.pointer;
  let at = null;
  for (;;) {
    at = document.querySelector(`[data-pointer="${CSS.escape(pointer)}"]`);
    if (at || pointer === "") break;
    pointer = pointer.slice(0, pointer.lastIndexOf("/"));
  }
  const box = at ? at.querySelector(":scope > .findings") : null;
  const card = el("div", { class: `finding ${f.severity}`, "data-rule": f.rule, "data-for": f.pointer });
  const word = { error: "Must fix", warning: "Should fix", info: "Worth a look" }[f.severity];
  card.append(el("span", { class: "sev", text: word }), el("p", { class: "what", text: f.message }));
  if (f.quote) card.append(el("blockquote", { text: `“${f.quote}”` }));
  card.append(el("p", { class: "fix" }, el("span", { class: "label", text: "How to fix it: " }), f.help));
  if (f.cite) card.append(el("p", { class: "cite" }, el("span", { class: "label", text: "Law or guidance: " }), f.cite));
  card.append(el("p", { class: "rule", text: f.rule }));
  (box || topBox()).append(card);
  // A screen reader reads the finding with the field it is about.
  card.id = `finding-${++findingCount}`;
  const input = at && at.matches(".field") ? at.querySelector(":scope > [id]") : null;
  if (input) input.setAttribute("aria-describedby", `${input.getAttribute("aria-describedby") || ""} ${card.id}`.trim());
  // Count it on every folded part and section that holds it.
  for (let a = at; a; a = a.parentElement) {
    const c = a.matches("details, section") ? a.querySelector(":scope > summary .count, :scope > h2 .count") : null;
    if (c) c.textContent = String(Number(c.textContent || 0) + 1);
  }
}

/** Findings about the whole plan, above the form. */
function topBox() {
  let box = $("plan-findings");
  if (!box) {
    box = el("div", { id: "plan-findings", class: "findings" });
    $("form").prepend(box);
  }
  return box;
}

function sectionCounts(report) {
  const list = $("section-list");
  list.replaceChildren();
  const counts = new Map(report.sections.map((s) => [s.title, s.count]));
  for (const part of document.querySelectorAll("section.part")) {
    const title = part.querySelector("h2 span").textContent;
    let n = counts.get(title) || 0;
    // The paraprofessional support is part of the services in the form.
    if (part.id === sectionId("Services")) n += counts.get("Paraprofessional support") || 0;
    const link = el("a", { href: `#${part.id}`, text: title });
    list.append(el("li", {}, link, el("span", { class: n ? "badge" : "badge none", text: String(n) })));
  }
}

// ---------------------------------------------------------------- files

function problem(message) {
  const p = $("problem");
  p.textContent = message;
  p.hidden = !message;
}

/** Opens a plan: its text is checked first, so a file that is not a plan
 * says where it is broken instead of emptying the form. */
async function open(file) {
  const text = await file.text();
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    const report = JSON.parse(linter.lint(text, today()));
    const e = report.error || { message: "This file is not JSON." };
    const where = e.line ? ` (line ${e.line}, column ${e.column})` : "";
    problem(`${file.name} could not be opened: ${e.message}${where}. ${e.help || ""}`);
    return;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    problem(`${file.name} could not be opened: a plan is one JSON object ({ … }), and this file holds something else.`);
    return;
  }
  problem("");
  plan = value;
  planName = file.name;
  changed(true);
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The report in a frame of its own, printed from there. */
function printReport() {
  const frame = $("report-frame");
  frame.onload = () => {
    frame.onload = null;
    frame.contentWindow.focus();
    frame.contentWindow.print();
  };
  frame.srcdoc = linter.report(planText(), planName, today());
}

function wire() {
  $("new-plan").addEventListener("click", () => {
    if (Object.keys(plan).length > 1 && !window.confirm("Start a new plan? What is in the form now is lost unless you saved it.")) return;
    plan = { format: "iep-plan/1" };
    planName = "iep-plan.json";
    problem("");
    changed(true);
  });
  $("open-file").addEventListener("change", (e) => {
    const file = e.target.files[0];
    if (file) open(file);
    e.target.value = "";
  });
  $("save-plan").addEventListener("click", () => download(planName, planText(), "application/json"));
  $("print-report").addEventListener("click", printReport);
  document.addEventListener("dragover", (e) => e.preventDefault());
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (file) open(file);
  });
}

async function start() {
  try {
    await init();
    linter = new Linter();
  } catch (e) {
    $("status").textContent = `The checker could not start in this browser: ${e}`;
    return;
  }
  SCHEMA = JSON.parse(schema());
  DEFS = SCHEMA.$defs || {};
  plan = { format: "iep-plan/1" };
  render();
  wire();
  document.body.dataset.ready = "true";
  check();
}

start();
