/**
 * The edge-safe half of the next-auth configuration (no database, no bcrypt): pages, session policy,
 * and the JWT/session callbacks that carry only the user id. Roles are never read from the token; the
 * data-access layer (./session.ts) loads the user from the database on every request.
 */
import type { NextAuthConfig } from "next-auth";

export const SESSION_MAX_AGE_S = 8 * 60 * 60;

export const authConfig = {
  pages: { signIn: "/login" },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  trustHost: true,
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
} satisfies NextAuthConfig;
