import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeSessionToken, usesSecureCookies } from "./session";

const secret = "session-test-secret-0123456789abcdef";
const salt = "authjs.session-token";

afterEach(() => {
  vi.useRealTimers();
});

describe("decodeSessionToken", () => {
  it("gives the claims of a token this secret encrypted, the same on a second read", async () => {
    const token = await encode({ token: { uid: "4", sub: "4" }, secret, salt, maxAge: 3600 });
    expect((await decodeSessionToken({ token, secret, salt }))?.uid).toBe("4");
    expect((await decodeSessionToken({ token, secret, salt }))?.uid).toBe("4");
  });

  it("refuses a token of another secret or cookie name, and a tampered one", async () => {
    const token = await encode({ token: { uid: "4" }, secret: "another-secret-0123456789abcdef", salt, maxAge: 3600 });
    await expect(decodeSessionToken({ token, secret, salt })).rejects.toThrow();
    const mine = await encode({ token: { uid: "4" }, secret, salt, maxAge: 3600 });
    await expect(decodeSessionToken({ token: mine, secret, salt: "__Secure-authjs.session-token" })).rejects.toThrow();
    await expect(decodeSessionToken({ token: `${mine.slice(0, -4)}AAAA`, secret, salt })).rejects.toThrow();
  });

  it("refuses a token once it has expired, also after it was read while valid", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-06-01T12:00:00Z"));
    const token = await encode({ token: { uid: "7" }, secret, salt, maxAge: 60 });
    expect((await decodeSessionToken({ token, secret, salt }))?.uid).toBe("7");
    // jose allows 15 s of clock skew past the expiry.
    vi.setSystemTime(new Date("2026-06-01T12:01:10Z"));
    expect((await decodeSessionToken({ token, secret, salt }))?.uid).toBe("7");
    vi.setSystemTime(new Date("2026-06-01T12:01:16Z"));
    await expect(decodeSessionToken({ token, secret, salt })).rejects.toThrow();
  });

  it("is null without a token", async () => {
    expect(await decodeSessionToken({ token: "", secret, salt })).toBeNull();
  });
});

describe("usesSecureCookies (next-auth's choice of the __Secure- cookie)", () => {
  const h = (proto?: string) => new Headers(proto ? { "x-forwarded-proto": proto } : {});
  it("follows AUTH_URL when set", () => {
    expect(usesSecureCookies(h("http"), { AUTH_URL: "https://lodestar.example" })).toBe(true);
    expect(usesSecureCookies(h("https"), { AUTH_URL: "http://localhost:3000" })).toBe(false);
  });
  it("otherwise the forwarded protocol, https when there is none", () => {
    expect(usesSecureCookies(h("http"), {})).toBe(false);
    expect(usesSecureCookies(h("https"), {})).toBe(true);
    expect(usesSecureCookies(h(), {})).toBe(true);
  });
});
