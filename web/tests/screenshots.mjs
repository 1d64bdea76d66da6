// Takes the two pictures of the page shown in the README (docs/): a
// draft opened with its findings at their fields, and the printable
// report. Run after web/build: node screenshots.mjs
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve, LAUNCH } from "./serve.mjs";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repo = resolve(web, "..");
const { server, origin } = await serve(web);
const browser = await chromium.launch(LAUNCH);
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${origin}/`);
await page.waitForSelector("body[data-ready=true]");
await page.setInputFiles("#open-file", join(repo, "fixtures/plans/elementary-1to1-vague.json"));
await page.waitForSelector('[data-pointer="/services/2/paraprofessional/absence_plan"] .finding');
await page.locator('[data-pointer="/services/2/paraprofessional/purpose"]').scrollIntoViewIfNeeded();
await page.evaluate(() => window.scrollBy(0, -120));
await page.screenshot({ path: join(repo, "docs/page-findings.png") });
await page.click("#print-report");
await page.waitForFunction(() => document.getElementById("report-frame").srcdoc !== "");
const html = await page.$eval("#report-frame", (f) => f.srcdoc);
const report = await browser.newPage({ viewport: { width: 900, height: 1000 } });
await report.setContent(html);
await report.screenshot({ path: join(repo, "docs/page-report.png") });
await browser.close();
server.close();
