/**
 * next-auth with email + password. Wrong password and unknown user get the same answer; five failures
 * in a row for one email and address lock that pair (./throttle.ts); every success and failure is
 * written to the audit log with the client address.
 */
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import bcrypt from "bcryptjs";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { writeAudit } from "@/db/mutations/audit";
import { authConfig } from "./config";
import { clearFailures, lockRemainingMs, recordFailure } from "./throttle";

/** Thrown when the (email, address) pair is locked; the login form shows its own message. */
export class ThrottledSignin extends CredentialsSignin {
  code = "throttled";
}

const credentialsSchema = z.object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(200) });

// Compared against when the email is unknown, so both paths cost one bcrypt comparison.
const DUMMY_HASH = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8y0tOAQ1y0ZrBWuVX2m7hN9cVvvz1e";

/** The client's address as the proxy in front of us reports it, or "local". */
export function clientIp(headers: Headers | undefined): string {
  const fwd = headers?.get("x-forwarded-for");
  if (fwd) return fwd.split(",")[0]!.trim();
  return headers?.get("x-real-ip") ?? "local";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  secret: process.env.AUTH_SECRET,
  logger: {
    // A wrong password is an expected outcome (it is in the audit log), not a server error.
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const handle = getDb();
        const ip = clientIp(request?.headers);
        if ((await lockRemainingMs(handle, email, ip)) > 0) {
          await writeAudit(handle, { actorLabel: email, action: "auth.sign_in_throttled", ip });
          throw new ThrottledSignin();
        }
        const [user] = await handle.db.select().from(handle.schema.users).where(eq(handle.schema.users.email, email));
        const matches = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
        if (!user || user.disabled || !matches) {
          await recordFailure(handle, email, ip);
          await writeAudit(handle, { actorUserId: user?.id ?? null, actorLabel: email, action: "auth.sign_in_failed", ip });
          return null;
        }
        await clearFailures(handle, email, ip);
        await writeAudit(handle, { actorUserId: user.id, actorLabel: email, action: "auth.sign_in", targetType: "user", targetId: user.id, ip });
        return { id: String(user.id), email: user.email, name: user.name };
      },
    }),
  ],
});
