/**
 * Runs queued import jobs outside the web server, until none is left: `npx tsx db/jobs/import-worker.ts`
 * (DATABASE_URL as for the app). The web server's own poller does the same; this is for running
 * imports on another machine of a PostgreSQL deployment, and for the crash test that kills it.
 */
import { getDb } from "../client";
import { pollImportJobs } from "./import-runner";

const handle = getDb();
for (;;) {
  const result = await pollImportJobs(handle);
  if (!result) break;
  console.log(`import finished: ${result.status}, ${result.processedRows} rows`, result.counts);
}
await handle.close();
