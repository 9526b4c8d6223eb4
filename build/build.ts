/**
 * The whole build, run by `npm ci` (prepare) and `npm run build`:
 *   1. Envoy's protos → TypeScript (src/gen/envoy), with buf + ts-proto;
 *   2. schemas/*.json and the precompiled ajv validators (src/gen/validators.js);
 *   3. tsc → dist/;  4. generated .js copied next to the compiled code.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { emitValidators } from "./emit-validators.js";

const root = process.cwd();
const t0 = performance.now();
const step = (name: string) => process.stderr.write(`meshc build: ${name}\n`);

if (existsSync(join(root, "build/gen-envoy.ts"))) {
  step("generating Envoy types");
  const { generateEnvoyTypes } = (await import("./gen-envoy.js")) as { generateEnvoyTypes: (root: string) => Promise<void> };
  await generateEnvoyTypes(root);
}
step("emitting schemas and validators");
await emitValidators(root);
step("compiling TypeScript");
execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.json")], { stdio: "inherit" });
mkdirSync(join(root, "dist/gen"), { recursive: true });
cpSync(join(root, "src/gen/validators.js"), join(root, "dist/gen/validators.js"));
step(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
