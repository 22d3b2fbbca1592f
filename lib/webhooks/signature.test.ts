import { describe, expect, it } from "vitest";
import { computeSignature, signatureHeader, verifySignature } from "./signature";

describe("webhook signatures", () => {
  const secret = "whsec_test";
  const body = JSON.stringify({ event: "alert.triggered", n: 1 });
  const now = Date.UTC(2025, 0, 1, 12);

  it("verifies a header it produced", () => {
    const header = signatureHeader(secret, body, now);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, header, body, 300, now)).toEqual({ ok: true, timestampS: now / 1000 });
  });

  it("matches a known HMAC-SHA256 vector", () => {
    // echo -n '1735732800.{}' | openssl dgst -sha256 -hmac whsec_test
    expect(computeSignature(secret, 1735732800, "{}")).toBe("d185bf44f4bc146db8c4b28e44ff49b6865242f5b80c742c4d2e72c0b506b879");
  });

  it("refuses a changed body, another secret, an old timestamp and junk", () => {
    const header = signatureHeader(secret, body, now);
    expect(verifySignature(secret, header, body + " ", 300, now)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature("other", header, body, 300, now)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature(secret, header, body, 300, now + 301_000)).toEqual({ ok: false, reason: "expired" });
    expect(verifySignature(secret, "v1=abc", body, 300, now)).toEqual({ ok: false, reason: "malformed" });
    expect(verifySignature(secret, null, body, 300, now)).toEqual({ ok: false, reason: "malformed" });
  });

  it("accepts any of several v1 signatures (secret rotation)", () => {
    const t = now / 1000;
    const header = `t=${t},v1=${computeSignature("old", t, body)},v1=${computeSignature(secret, t, body)}`;
    expect(verifySignature(secret, header, body, 300, now).ok).toBe(true);
  });
});
