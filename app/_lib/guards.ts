import { forbidden, redirect } from "next/navigation";
import { can, type Permission } from "@/lib/auth/policy";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/session";

/**
 * For pages: the signed-in user holding `permission`. Anonymous visitors go to the sign-in page; a role
 * without the permission gets the 403 page. Every page calls this itself (the proxy is not a boundary).
 */
export async function requirePageUser(permission?: Permission): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (permission && !can(user.role, permission)) forbidden();
  return user;
}
