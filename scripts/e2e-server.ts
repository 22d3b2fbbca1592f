/**
 * The server the end-to-end tests run against: a fresh SQLite database (data/e2e.db) with 1,000 demo
 * accounts and the default model published, served by the production build (`next build` first),
 * or by `next dev` with E2E_DEV=1. E2E_PORT picks the port (and so the database file).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { prepareDemo } from "./lib/prepare-demo";

const i = process.argv.indexOf("--port");
const port = i >= 0 ? process.argv[i + 1]! : "3100";
const dev = process.argv.includes("--dev") || process.env.E2E_DEV === "1";
const file = path.join(process.cwd(), "data", `e2e-${port}.db`);
for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
process.env.DATABASE_URL = `file:${file}`;
process.env.AUTH_SECRET ??= "e2e-only-secret-not-for-production-use-0123456789";
process.env.E2E = "1";

const handle = openDatabase();
await prepareDemo(handle, { accounts: 1000, seed: 7, log: (m) => console.log(m) });
await handle.close();

const distDir = process.env.NEXT_DIST_DIR || ".next";
if (!dev && !fs.existsSync(path.join(process.cwd(), distDir, "BUILD_ID"))) {
  console.error(`No production build found in ${distDir}: run \`npx next build\` first (npm test does), or set E2E_DEV=1.`);
  process.exit(1);
}
// E2E_DEV=1 serves with `next dev` (compiles pages on demand), handy while other work is in progress.
const child = spawn("npx", ["next", dev ? "dev" : "start", "-p", port, "-H", "127.0.0.1"], { stdio: "inherit", env: process.env });
const stop = () => child.kill("SIGTERM");
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
child.on("exit", (code) => process.exit(code ?? 0));
