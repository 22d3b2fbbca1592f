/**
 * Fails closed: a production server with no AUTH_SECRET refuses to start, because sessions could not
 * be verified and nothing may be served without them.
 */
if (process.env.NODE_ENV === "production" && !process.env.AUTH_SECRET) {
  console.error(
    "\nLodestar refuses to start: AUTH_SECRET is not set.\n" +
      "Set it to a long random string, e.g.  AUTH_SECRET=$(openssl rand -base64 33)  (npm run demo writes one to .env.local).\n",
  );
  process.exit(1);
}
// Background sender of queued webhook deliveries (threshold alerts); off with LODESTAR_WEBHOOK_WORKER=0.
void import("./db/jobs/webhook-worker").then((m) => m.startWebhookWorker());
// Background CSV imports: runs queued jobs and resumes ones whose server died (stale heartbeat).
void import("./db/jobs/import-runner").then((m) => m.startImportPoller());
void import("./db/jobs/training-runner").then((m) => m.startTrainingRunner()); // predictive training runs in the background (off: LODESTAR_TRAINING_RUNNER=0)
// Loads the scoring snapshot and list index in the background once data settles (off: LODESTAR_WARM=0).
void import("./db/jobs/warmer").then((m) => m.startWarmer());
export {};
