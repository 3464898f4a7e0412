// Fail when src/lib/generated/api.ts is not what openapi-typescript makes of ../web/openapi.json.
// Fix: `npm run generate` (never edit the generated file by hand).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const committed = "src/lib/generated/api.ts";
const dir = mkdtempSync(join(tmpdir(), "stockagent-api-"));
const fresh = join(dir, "api.ts");
try {
  const run = spawnSync(
    "node_modules/.bin/openapi-typescript",
    ["../web/openapi.json", "-o", fresh, "--silent"],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  if (run.status !== 0) {
    console.error("check:generated: openapi-typescript failed");
    process.exit(1);
  }
  if (readFileSync(fresh, "utf8") !== readFileSync(committed, "utf8")) {
    console.error(`check:generated: ${committed} is out of date with ../web/openapi.json; run \`npm run generate\``);
    process.exit(1);
  }
  console.log(`check:generated: ${committed} matches ../web/openapi.json`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
