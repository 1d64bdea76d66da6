// The page in a real browser: Debian's Chromium, headless, driven by
// playwright-core. The page is served from web/ on 127.0.0.1; every
// request the browser makes is logged and checked.
//
// Needs: web/build run first (web/pkg), and the ieplint binary
// (IEPLINT_BIN, default target/debug/ieplint), whose findings the page
// must show in the same places.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile, mkdtemp, writeFile } from "node:fs/promises";
import { execFileSync, spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve, LAUNCH } from "./serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const web = resolve(here, "..");
const repo = resolve(web, "..");
const bin = process.env.IEPLINT_BIN || join(repo, "target/debug/ieplint");
const vague = join(repo, "fixtures/plans/elementary-1to1-vague.json");
const complete = JSON.parse(await readFile(join(repo, "fixtures/plans/elementary-1to1-complete.json"), "utf8"));

let server;
let origin;
let browser;
let page;
/** Every request the page made, in order. */
const requests = [];

before(async () => {
  ({ server, origin } = await serve(web));
  browser = await chromium.launch(LAUNCH);
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => assert.fail(`the page threw: ${e.message}`));
  page.on("dialog", (d) => d.accept());
  await page.goto(`${origin}/`);
  await page.waitForSelector("body[data-ready=true]");
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** The findings the binary reports for a plan. */
function cli(plan) {
  // Exit 1 means findings: the output is what is wanted.
  const run = spawnSync(bin, ["check", "--format", "json", plan], { encoding: "utf8" });
  assert.ok(run.status === 0 || run.status === 1, `ieplint ran: ${run.stderr}`);
  return JSON.parse(run.stdout).diagnostics;
}

/** Rules of the page's findings, with the field each one is shown at. */
async function shown() {
  return page.$$eval(".finding", (cards) => cards.map((c) => ({
    rule: c.dataset.rule,
    pointer: c.dataset.for,
    at: c.closest("[data-pointer]")?.dataset.pointer ?? null,
  })));
}

const paraRules = async () => (await shown()).filter((f) => f.rule.startsWith("para."));

async function settled() {
  // The page re-checks shortly after typing stops.
  await page.waitForTimeout(300);
}

test("an opened plan shows every para finding next to its field", async () => {
  await page.setInputFiles("#open-file", vague);
  await page.waitForSelector('[data-pointer="/services/2/paraprofessional/absence_plan"] .finding');
  await settled();
  const expected = cli(vague).filter((d) => d.rule.startsWith("para."));
  assert.ok(expected.length >= 10, `the fixture has para findings (${expected.length})`);
  const cards = await shown();
  for (const d of expected) {
    const card = cards.find((c) => c.rule === d.rule && c.pointer === d.pointer);
    assert.ok(card, `${d.rule} at ${d.pointer} is shown`);
    assert.equal(card.at, d.pointer, `${d.rule} is shown at its own field`);
  }
  // Every finding of the binary is on the page, and no other.
  assert.equal(cards.length, cli(vague).length);
  // Linting in the page, measured there: the figure goes in the log.
  console.log(`in-page lint of ${vague.split("/").pop()}: ${await page.evaluate(() => document.body.dataset.lintMs)} ms`);
  const counts = await page.$$eval("#section-list li", (li) => li.map((l) => l.textContent));
  assert.ok(counts.some((c) => /^Services\d+$/.test(c) && !c.endsWith("0")), `a count for services: ${counts}`);
});

test("the report prints with its sections, citations and questions", async () => {
  await page.click("#print-report");
  await page.waitForFunction(() => document.getElementById("report-frame").srcdoc !== "");
  const html = await page.$eval("#report-frame", (f) => f.srcdoc);
  assert.match(html, /Paraprofessional support/);
  const printable = await browser.newPage();
  await printable.setContent(html);
  const dir = await mkdtemp(join(tmpdir(), "ieplint-report-"));
  const pdf = join(dir, "report.pdf");
  await printable.pdf({ path: pdf, format: "Letter" });
  await printable.close();
  const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
  for (const heading of ["IEP plan review", "Services (", "Paraprofessional support (", "Questions to ask at the meeting"]) {
    assert.ok(text.includes(heading), `the printed report has "${heading}"`);
  }
  assert.match(text, /34 CFR 300\.\d+/, "citations are printed");
  assert.match(text, /How to fix it:/);
  assert.match(text, /What exactly is the aide for/, "the questions are printed");
  assert.ok(!text.includes("/services/2/paraprofessional/absence_plan How"), "pointers stay out of the sentences");
});

test("saving downloads the plan as it was opened, unknown fields kept", async () => {
  const download = page.waitForEvent("download");
  await page.click("#save-plan");
  const file = await (await download).path();
  const saved = JSON.parse(await readFile(file, "utf8"));
  const original = JSON.parse(await readFile(vague, "utf8"));
  assert.deepEqual(saved, original);
});

/** Fills one field of the form as a parent would. */
async function fill(pointer, value) {
  const field = page.locator(`[data-pointer="${pointer}"]`).first();
  // Unfold the parts that hold it, as a parent clicks them open.
  await field.evaluate((e) => {
    for (let d = e.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
  });
  if (Array.isArray(value) && typeof value[0] === "object") {
    for (const [i, element] of value.entries()) {
      await field.locator(":scope > button.add").click();
      for (const [k, v] of Object.entries(element)) await fill(`${pointer}/${i}/${k}`, v);
    }
    return;
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) await fill(`${pointer}/${k}`, v);
    return;
  }
  const input = field.locator(":scope > input, :scope > textarea, :scope > select");
  const tag = await input.evaluate((e) => e.tagName);
  if (tag === "SELECT") {
    const words = typeof value === "boolean" ? (value ? "Yes" : "No") : String(value).replace(/_/g, " ");
    await input.selectOption({ label: words });
  } else {
    await input.fill(Array.isArray(value) ? value.join("\n") : String(value));
  }
}

test("filling the 1:1 block step by step makes its findings go away", async () => {
  await page.click("#new-plan");
  await settled();
  assert.equal((await paraRules()).length, 0, "a new plan has no para findings");
  await page.click('[data-pointer="/services"] > button.add');
  const service = complete.services.find((s) => s.paraprofessional);
  for (const key of ["id", "category", "name", "provider", "setting", "location"]) {
    await fill(`/services/0/${key}`, service[key]);
  }
  await fill("/services/0/paraprofessional/ratio", "1:1");
  await settled();
  const first = await paraRules();
  assert.ok(first.some((f) => f.rule === "para.absence-plan"), "a 1:1 with nothing else asks for an absence plan");
  const seen = [first.length];
  for (const [key, value] of Object.entries(service.paraprofessional)) {
    if (key === "ratio") continue;
    await fill(`/services/0/paraprofessional/${key}`, value);
    await settled();
    const now = await paraRules();
    assert.ok(!now.some((f) => f.pointer === `/services/0/paraprofessional/${key}`),
      `filling ${key} answers its findings: ${JSON.stringify(now)}`);
    seen.push(now.length);
  }
  for (const [key, value] of Object.entries(service)) {
    if (!["paraprofessional", "id", "category", "name", "provider", "setting", "location"].includes(key)) {
      await fill(`/services/0/${key}`, value);
    }
  }
  await settled();
  const left = (await paraRules()).map((f) => f.rule);
  // The goals the service serves are not in this new plan yet.
  assert.deepEqual(left.filter((r) => r !== "para.linked-goals"), [], `para findings left: ${left}`);
  assert.ok(seen.every((n, i) => i === 0 || n <= seen[i - 1]), `findings only went down: ${seen}`);
  const ms = Number(await page.evaluate(() => document.body.dataset.lintMs));
  console.log(`in-page lint of the filled plan: ${ms} ms`);
});

test("a file that is not a plan says where it is broken", async () => {
  const dir = await mkdtemp(join(tmpdir(), "ieplint-broken-"));
  const broken = join(dir, "broken.json");
  await writeFile(broken, '{\n  "student": {\n    "grade": "3",\n  }\n}\n');
  await page.setInputFiles("#open-file", broken);
  const problem = await page.waitForSelector("#problem:not([hidden])");
  const text = await problem.textContent();
  assert.match(text, /broken\.json could not be opened/);
  assert.match(text, /line 4, column 3/);
});

test("a plan in the wrong shape is shown as written, with what is wrong", async () => {
  const dir = await mkdtemp(join(tmpdir(), "ieplint-shape-"));
  const file = join(dir, "shape.json");
  const written = { format: "iep-plan/1", services: [{ id: "S1", minutes_per_session: "a lot" }], goals: { id: "G1" } };
  await writeFile(file, JSON.stringify(written));
  await page.setInputFiles("#open-file", file);
  await page.waitForSelector('[data-pointer="/goals"] > .findings .finding[data-rule="schema.wrong-type"]');
  const minutes = page.locator('[data-pointer="/services/0/minutes_per_session"]');
  assert.equal(await minutes.locator("output.as-written").textContent(), '"a lot"');
  assert.ok(await minutes.locator('.finding[data-rule="idea.service-details"]').count() > 0);
  const download = page.waitForEvent("download");
  await page.click("#save-plan");
  assert.deepEqual(JSON.parse(await readFile(await (await download).path(), "utf8")), written);
  // The parent can start that value over; the rest stays as written.
  await minutes.locator("button.clear").click();
  await page.locator('[data-pointer="/services/0/minutes_per_session"] > input[type=number]').fill("30");
  await settled();
  const again = page.waitForEvent("download");
  await page.click("#save-plan");
  const saved = JSON.parse(await readFile(await (await again).path(), "utf8"));
  assert.equal(saved.services[0].minutes_per_session, 30);
  assert.deepEqual(saved.goals, written.goals);
});

test("nothing leaves the page", async () => {
  assert.ok(requests.length > 0);
  const elsewhere = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith("blob:") && !u.startsWith("data:") && u !== "about:srcdoc");
  assert.deepEqual(elsewhere, [], "every request is to the page's own folder");
  const files = new Set(requests.map((u) => new URL(u).pathname));
  assert.deepEqual([...files].sort(), ["/", "/app.js", "/pkg/ieplint_web.js", "/pkg/ieplint_web_bg.wasm", "/style.css"]);
});
