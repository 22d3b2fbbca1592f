/**
 * Issue 7 as user stories: an admin hands out API keys and revokes them, wires a webhook that a real
 * receiver verifies, sets an alert rule, manages a user's role and reads it all back in the audit log;
 * marketing reads the API reference.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { verifySignature } from "@/lib/webhooks/signature";
import { expect, test } from "./fixtures";

test.describe("admin settings and the REST API", () => {
  test("admin creates an API key shown once, the API accepts it, a read key cannot write, and revoking refuses it at once", async ({ pageAs, request }) => {
    const page = await pageAs("admin");
    page.on("dialog", (d) => void d.accept());
    await page.goto("/settings/api-keys");
    const name = `CRM sync ${Date.now()}`;
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Access").selectOption("read");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-api-key").textContent())!.trim();
    expect(key).toMatch(/^ldst_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    await expect(page.getByTestId("api-keys-table")).toContainText(name);

    const list = await request.get("/api/v1/accounts?limit=3", { headers: { authorization: `Bearer ${key}` } });
    expect(list.status()).toBe(200);
    const body = (await list.json()) as { data: { externalId: string; score: { band: string } }[]; nextCursor: string };
    expect(body.data).toHaveLength(3);
    expect(body.nextCursor).toBeTruthy();

    const write = await request.post("/api/v1/accounts/batch", { headers: { authorization: `Bearer ${key}` }, data: { records: [{ externalId: "e2e-1", name: "E2E" }] } });
    expect(write.status()).toBe(403);

    // Shown once: a reload lists the key by its prefix only.
    await page.reload();
    await expect(page.getByTestId("new-api-key")).toHaveCount(0);
    await expect(page.getByTestId("api-keys-table")).toContainText(key.slice(0, 13));
    await expect(page.getByTestId("api-keys-table")).not.toContainText(key);

    await page.getByRole("button", { name: `Revoke key ${name}` }).click();
    await expect(page.getByTestId("api-keys-table").locator("tr", { hasText: name })).toContainText("Revoked");
    const after = await request.get("/api/v1/accounts?limit=3", { headers: { authorization: `Bearer ${key}` } });
    expect(after.status()).toBe(401);
  });

  test("a bad API payload gets 400 with field-level messages", async ({ pageAs, request }) => {
    const page = await pageAs("admin");
    await page.goto("/settings/api-keys");
    await page.getByLabel("Name").fill(`writer ${Date.now()}`);
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-api-key").textContent())!.trim();
    const res = await request.post("/api/v1/accounts/batch", {
      headers: { authorization: `Bearer ${key}` },
      data: { records: [{ externalId: "ok", name: "Fine" }, { externalId: "bad", name: "Bad", employeeCount: "many" }] },
    });
    expect(res.status()).toBe(400);
    const body = (await res.json()) as { error: { fields: Record<string, string[]> } };
    expect(Object.keys(body.error.fields)).toEqual(["records.1.employeeCount"]);
  });

  test("admin adds a webhook endpoint, sends a test, and the signed delivery reaches a verifying receiver", async ({ pageAs }) => {
    const received: { verified: boolean; event: string }[] = [];
    let secret = "";
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const verified = verifySignature(secret, req.headers["lodestar-signature"] as string, body, 300).ok;
        received.push({ verified, event: String(req.headers["lodestar-event"]) });
        res.writeHead(verified ? 204 : 401).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const { port } = server.address() as AddressInfo;
    try {
      const page = await pageAs("admin");
      page.on("dialog", (d) => void d.accept());
      await page.goto("/settings/webhooks");
      const name = `Receiver ${port}`;
      await page.getByLabel("Name").fill(name);
      await page.getByLabel("URL").fill(`http://127.0.0.1:${port}/hooks/lodestar`);
      await page.getByRole("button", { name: "Add endpoint" }).click();
      secret = (await page.getByTestId("new-webhook-secret").textContent())!.trim();
      expect(secret).toMatch(/^whsec_/);
      await page.getByRole("button", { name: `Send a test to ${name}` }).click();
      await expect(page.getByText("Test queued")).toBeVisible();
      await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThan(0);
      expect(received[0]).toEqual({ verified: true, event: "webhook.test" });
      await expect(async () => {
        await page.reload();
        const row = page.getByTestId("deliveries-table").locator("tr", { hasText: name }).first();
        await expect(row).toContainText("delivered");
        await expect(row).toContainText("204");
        await expect(row).toContainText(/\d+ ms/);
      }).toPass({ timeout: 30_000 });
      // Replay: one more signed attempt.
      await page.getByTestId("deliveries-table").locator("tr", { hasText: name }).first().getByRole("button", { name: /Replay delivery/ }).click();
      await expect.poll(() => received.length, { timeout: 30_000 }).toBe(2);
      expect(received.every((r) => r.verified)).toBe(true);
    } finally {
      server.close();
    }
  });

  test("admin creates an alert rule that notifies the owner and calls a webhook", async ({ pageAs }) => {
    const page = await pageAs("admin");
    await page.goto("/settings/alerts");
    const name = `Hot accounts ${Date.now()}`;
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Fires when an account, at a publish,").selectOption("crosses_score");
    await page.getByLabel("Score (0–100)").fill("75");
    await page.getByRole("button", { name: "Create rule" }).click();
    await expect(page.getByText("Rule created")).toBeVisible();
    const row = page.getByTestId("alert-rules-table").locator("tr", { hasText: name });
    await expect(row).toContainText("crosses 75 upwards");
    await expect(row).toContainText("owner");
    await row.getByRole("button", { name: `Disable rule ${name}` }).click();
    await expect(row).toContainText("Disabled");
  });

  test("a bad alert rule is refused with a message on the field", async ({ pageAs }) => {
    const page = await pageAs("admin");
    await page.goto("/settings/alerts");
    await page.getByLabel("Name").fill("Never");
    await page.getByLabel("Fires when an account, at a publish,").selectOption("rises_by");
    await page.getByLabel("Points").evaluate((el: HTMLInputElement) => el.removeAttribute("min"));
    await page.getByLabel("Points").fill("-3");
    await page.getByRole("button", { name: "Create rule" }).click();
    await expect(page.locator("#rule-points-error")).toHaveText("More than 0.");
    await expect(page.getByLabel("Points")).toHaveAttribute("aria-describedby", "rule-points-error");
  });

  test("admin adds a user, changes their role, and finds both in the audit log", async ({ pageAs }) => {
    const page = await pageAs("admin");
    await page.goto("/settings/users");
    const email = `new.rep.${Date.now()}@lodestar.dev`;
    await page.getByLabel("Name", { exact: true }).fill("New Rep");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Role", { exact: true }).selectOption("sales");
    await page.getByLabel("First password (12+ characters)").fill("a-long-enough-password");
    await page.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByText(`${email} can now sign in as sales.`)).toBeVisible();
    const row = page.getByTestId("users-table").locator("tr", { hasText: email });
    await row.getByLabel(`Role of ${email}`, { exact: true }).selectOption("manager");
    await row.getByRole("button", { name: `Save role of ${email}` }).click();
    await expect(async () => {
      await page.goto(`/settings/audit?action=user.&actor=admin%40`);
      await expect(page.getByTestId("audit-table")).toContainText("user.role_change");
    }).toPass({ timeout: 15_000 });
    await expect(page.getByTestId("audit-table")).toContainText("user.create");
    await expect(page.getByTestId("audit-table")).toContainText(email);
  });

  test("marketing reads the API reference generated from the OpenAPI document", async ({ pageAs }) => {
    const page = await pageAs("marketing");
    await page.goto("/api-docs");
    await expect(page.getByRole("heading", { name: "API reference" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "/api/v1/accounts/batch" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "/api/v1/accounts/{externalId}/explanation" })).toBeVisible();
    await expect(page.locator("#op-upsertAccounts pre")).toContainText("Idempotency-Key");
    await expect(page.locator("#schema-AccountInput")).toContainText("employeeCount");
    const doc = await page.request.get("/api/v1/openapi.json");
    expect(((await doc.json()) as { openapi: string }).openapi).toBe("3.1.0");
  });

  test("a sales rep sees their notifications page", async ({ pageAs }) => {
    const page = await pageAs("sales");
    await page.goto("/notifications");
    await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
    await expect(page.getByTestId("unread-count")).toBeVisible();
  });
});
