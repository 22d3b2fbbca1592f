/**
 * `npm run demo`: the one command that gives a newcomer a running Lodestar on the embedded SQLite
 * database with demo data. Writes an AUTH_SECRET to .env.local on first run, migrates, seeds and
 * publishes the default model, builds (when the build is missing or stale) and serves on :3000.
 *
 * Options: --accounts N (default 5000), --port P (default 3000), --dev (next dev instead of a build).
 */
import { execSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { DEMO_USERS, DEMO_PASSWORD } from "@/db/seed/load";
import { prepareDemo } from "./lib/prepare-demo";

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const accounts = Number(opt("accounts", process.env.DEMO_ACCOUNTS ?? "5000"));
const port = opt("port", process.env.PORT ?? "3000");
const dev = args.includes("--dev");

const root = process.cwd();
const envFile = path.join(root, ".env.local");
if (!process.env.AUTH_SECRET) {
  const existing = fs.existsSync(envFile) ? fs.readFileSync(envFile, "utf8") : "";
  const m = existing.match(/^AUTH_SECRET=(.+)$/m);
  if (m) process.env.AUTH_SECRET = m[1]!.trim();
  else {
    process.env.AUTH_SECRET = crypto.randomBytes(33).toString("base64");
    fs.appendFileSync(envFile, `${existing && !existing.endsWith("\n") ? "\n" : ""}AUTH_SECRET=${process.env.AUTH_SECRET}\n`);
    console.log("Wrote a new AUTH_SECRET to .env.local");
  }
}

const handle = openDatabase();
await prepareDemo(handle, { accounts, log: (m) => console.log(m) });
await handle.close();

function gitRev(): string {
  try {
    return execSync("git rev-parse HEAD && git status --porcelain -- app components lib db", { encoding: "utf8" });
  } catch {
    return "unknown";
  }
}

if (!dev) {
  const stamp = path.join(root, ".next", "lodestar-build-stamp");
  const rev = gitRev();
  const fresh = fs.existsSync(path.join(root, ".next", "BUILD_ID")) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === rev && rev !== "unknown";
  if (!fresh) {
    console.log("Building the app (first run takes a few minutes)…");
    execSync("npx next build", { stdio: "inherit", env: process.env });
    fs.writeFileSync(stamp, rev);
  }
}

console.log(`\nLodestar is starting on http://localhost:${port}\nDemo users (password: ${DEMO_PASSWORD}):`);
for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(10)} ${u.email}`);
console.log("");
const child = spawn("npx", ["next", dev ? "dev" : "start", "-p", port], { stdio: "inherit", env: process.env });
const stop = () => child.kill("SIGTERM");
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
child.on("exit", (code) => process.exit(code ?? 0));
