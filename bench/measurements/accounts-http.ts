/**
 * list_http_p95_ms: the ranked list page as a browser gets it (server-rendered HTML, session checked,
 * rows, counts and reason chips), from a production server (`next start`) on the bench database,
 * under 10 concurrent clients looping for 30 s on loopback, over the same random filter + sort + page
 * combinations as list_query; then the same for the default view alone. Needs a production build in NEXT_DIST_DIR (default .next-accounts):
 *   NEXT_DIST_DIR=.next-accounts npx next build
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { serializeAccountListState, defaultState } from "@/app/(dashboard)/accounts/search-params";
import { percentile, r2, type Measurement } from "../context";
import { benchVocabulary, randomListQuery } from "./accounts-list";

const PORT = 3299;
const CLIENTS = 10;
const DURATION_MS = 30_000;
const COOKIE = "authjs.session-token";

async function waitForServer(base: string, child: ChildProcess, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/login`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not start in time");
}

/** CPU time (user + system) a process has used so far, in ms, on Linux; null elsewhere. */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command), in clock ticks.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** Peak resident memory of a process (VmHWM), in MB, on Linux. */
function peakRssMb(pid: number | undefined): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** CLIENTS concurrent loops over `urls` for DURATION_MS: latencies, errors and the server's CPU per request. */
async function drive(base: string, urls: string[], headers: Record<string, string>, pid: number | undefined) {
  const samples: number[] = [];
  const cpuBefore = cpuMs(pid);
  const loadBefore = os.loadavg()[0]!;
  let errors = 0;
  const firstErrors: string[] = [];
  const end = Date.now() + DURATION_MS;
  let k = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < end) {
        const u = urls[k++ % urls.length]!;
        const t = performance.now();
        try {
          const res = await fetch(base + u, { headers });
          const body = await res.text();
          if (res.status !== 200 || !body.includes('data-testid="accounts-table"')) {
            errors++;
            if (firstErrors.length < 3) firstErrors.push(`${res.status} ${u}`);
          }
        } catch (err) {
          errors++;
          if (firstErrors.length < 3) firstErrors.push(`${(err as Error).message} ${u}`);
        }
        samples.push(performance.now() - t);
      }
    }),
  );
  const cpuAfter = cpuMs(pid);
  return {
    samples,
    errors,
    firstErrors,
    p95: percentile(samples, 95),
    p50: percentile(samples, 50),
    cpuPerRequest: cpuBefore !== null && cpuAfter !== null ? r2((cpuAfter - cpuBefore) / samples.length) : null,
    load: r2((loadBefore + os.loadavg()[0]!) / 2),
  };
}

export const accountsHttp: Measurement = {
  name: "accounts_http",
  description: "issue 4: ranked list page over HTTP, 10 concurrent clients",
  async run(ctx) {
    const { handle, log, random, modelId } = ctx;
    const distDir = process.env.NEXT_DIST_DIR || ".next-accounts";
    if (!fs.existsSync(path.join(process.cwd(), distDir, "BUILD_ID"))) {
      throw new Error(`no production build in ${distDir}: run NEXT_DIST_DIR=${distDir} npx next build first`);
    }
    const [rep] = await handle.db.select({ id: handle.schema.users.id }).from(handle.schema.users).where(eq(handle.schema.users.email, "sales@lodestar.dev"));
    if (!rep) throw new Error("the bench database has no sales@lodestar.dev");
    const secret = crypto.randomBytes(32).toString("base64url");
    const token = await encode({ token: { uid: String(rep.id), sub: String(rep.id) }, secret, salt: COOKIE, maxAge: 3600 });
    const headers = { cookie: `${COOKIE}=${token}` };

    // The URLs: the same random combinations as list_query (owner = the rep, as "my accounts").
    const v = await benchVocabulary(ctx);
    const now = Date.now();
    const urls = Array.from({ length: 200 }, () => {
      const c = randomListQuery(random, v, modelId, now);
      const f = c.filters;
      const state = {
        ...defaultState(),
        sort: c.sort,
        perPage: c.perPage as 25 | 50 | 100,
        page: c.pageDraw < 0.6 ? 1 : 1 + Math.floor(c.pageDraw * 8),
        filters: {
          q: f.q,
          band: f.band,
          scoreMin: f.scoreMin,
          scoreMax: f.scoreMax,
          industry: f.industry,
          country: f.country,
          region: f.region,
          employeesMin: f.employeesMin,
          employeesMax: f.employeesMax,
          revenueMin: f.revenueMin,
          revenueMax: f.revenueMax,
          tech: f.tech,
          owner: f.ownerId === undefined ? undefined : ("me" as const),
          stage: f.stage as never,
          openOpp: f.openOpp,
          engagedDays: f.engagedDays,
        },
      };
      const q = serializeAccountListState(state);
      return q ? `/accounts?${q}` : "/accounts";
    });

    const base = `http://127.0.0.1:${PORT}`;
    const child = spawn(process.execPath, [path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(PORT), "-H", "127.0.0.1"], {
      // LODESTAR_WARM=0: the list page does not use the scoring snapshot, and warming it (about 30 s of
      // CPU at 1M accounts) would overlap the measurement.
      env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: distDir, DATABASE_URL: `file:${handle.url}`, AUTH_SECRET: secret, PORT: String(PORT), LODESTAR_WARM: "0" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    try {
      await waitForServer(base, child, 120_000);
      // Warm-up: the server builds its list index in the background and answers in SQL meanwhile;
      // wait until a filtered page says it came from the index, then visit every URL once.
      const t0 = performance.now();
      for (;;) {
        const html = await (await fetch(`${base}/accounts?industry=Software`, { headers })).text();
        if (html.includes('data-list-source="index"')) break;
        if (performance.now() - t0 > 600_000) throw new Error("the list index was not ready after 10 minutes");
        await new Promise((r) => setTimeout(r, 2000));
      }
      log(`server ready, list index built after ${Math.round((performance.now() - t0) / 1000)} s; warming up ${urls.length} URLs`);
      for (const u of urls) await (await fetch(base + u, { headers })).text();

      const mixed = await drive(base, urls, headers, child.pid);
      log(`random views: server CPU ${mixed.cpuPerRequest} ms per request; machine load average ${mixed.load} on ${os.cpus().length} CPUs`);
      log(`random views over HTTP: ${mixed.samples.length} requests in ${DURATION_MS / 1000} s, p95 ${r2(mixed.p95)} ms, p50 ${r2(mixed.p50)} ms, ${mixed.errors} errors ${mixed.firstErrors.join("; ")}`);
      // The view a rep lands on: the default list (50 rows, score order).
      const landing = await drive(base, ["/accounts"], headers, child.pid);
      log(`default view over HTTP: ${landing.samples.length} requests, p95 ${r2(landing.p95)} ms, server CPU ${landing.cpuPerRequest} ms per request, ${landing.errors} errors`);
      return {
        list_http_p95_ms: r2(mixed.p95),
        list_http_p50_ms: r2(mixed.p50),
        list_http_requests: mixed.samples.length,
        list_http_rps: r2(mixed.samples.length / (DURATION_MS / 1000)),
        list_http_errors: mixed.errors,
        list_http_server_cpu_ms_per_request: mixed.cpuPerRequest,
        list_http_load_average: mixed.load,
        list_http_default_view_p95_ms: r2(landing.p95),
        list_http_default_view_errors: landing.errors,
        list_http_default_view_cpu_ms_per_request: landing.cpuPerRequest,
        list_http_server_peak_rss_mb: peakRssMb(child.pid),
      };
    } catch (err) {
      log(`server stderr: ${stderr}`);
      throw err;
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 500));
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  },
};
