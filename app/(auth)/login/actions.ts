"use server";

import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth";
import { LOCK_MS } from "@/lib/auth/throttle";

export interface SignInState {
  message?: string;
  email?: string;
}

const GENERIC_SIGN_IN_ERROR = "Email or password is incorrect.";

/** Signs in with email and password; on success next-auth redirects (a thrown redirect). */
export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "");
  const next = String(formData.get("next") ?? "");
  // Only same-site paths: an open redirect after sign-in would be a phishing aid.
  const redirectTo = /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : "/accounts";
  try {
    await signIn("credentials", { email, password: String(formData.get("password") ?? ""), redirectTo });
    return {};
  } catch (err) {
    if (err instanceof AuthError) {
      const code = (err as AuthError & { code?: string }).code;
      if (code === "throttled")
        return { email, message: `Too many failed attempts. Sign-in is paused for ${Math.round(LOCK_MS / 60000)} minutes for this account from this address.` };
      return { email, message: GENERIC_SIGN_IN_ERROR };
    }
    throw err;
  }
}
