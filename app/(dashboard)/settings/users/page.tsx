import type { Metadata } from "next";
import { requirePageUser } from "@/app/_lib/guards";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { listUsers } from "@/db/queries/settings";
import { InlineAction } from "@/components/ui/inline-action";
import { formatTime } from "@/app/_lib/format-time";
import { setUserDisabledAction } from "./actions";
import { CreateUserForm, RoleForm } from "./user-forms";

export const metadata: Metadata = { title: "Users · Settings" };

export default async function UsersSettingsPage() {
  const me = await requirePageUser("settings:manage");
  const users = await listUsers(getDb());
  return (
    <div className="flex flex-col gap-5">
      <Card>
        <CardHeader>
          <CardTitle>Add a user</CardTitle>
          <p className="text-sm text-muted-foreground">They sign in with this email and password; ask them to keep the password private.</p>
        </CardHeader>
        <CardContent>
          <CreateUserForm />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Users</CardTitle>
          <p className="text-sm text-muted-foreground">A role change or a disable takes effect on the person&apos;s next request.</p>
        </CardHeader>
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="users-table">
            <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
              <tr>
                <th scope="col" className="px-4 py-2">User</th>
                <th scope="col" className="px-4 py-2">Role</th>
                <th scope="col" className="px-4 py-2">Status</th>
                <th scope="col" className="px-4 py-2">Added</th>
                <th scope="col" className="px-4 py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className="border-b last:border-0 align-top">
                  <td className="px-4 py-2">
                    <div className="font-medium">{u.name}{u.id === me.id ? <span className="ml-2 text-xs text-muted-foreground">(you)</span> : null}</div>
                    <div className="text-xs text-muted-foreground">{u.email}</div>
                  </td>
                  <td className="px-4 py-2"><RoleForm userId={u.id} email={u.email} role={u.role} /></td>
                  <td className="px-4 py-2">
                    {u.disabled ? <Badge className="border-destructive/40 text-destructive">Disabled</Badge> : <Badge>Active</Badge>}
                  </td>
                  <td className="whitespace-nowrap px-4 py-2 text-muted-foreground">{formatTime(u.createdAt)}</td>
                  <td className="px-4 py-2 text-right">
                    {u.id === me.id ? null : (
                      <InlineAction
                        action={setUserDisabledAction}
                        fields={{ userId: u.id, disabled: String(!u.disabled) }}
                        label={u.disabled ? "Enable" : "Disable"}
                        variant={u.disabled ? "outline" : "destructive"}
                        ariaLabel={`${u.disabled ? "Enable" : "Disable"} ${u.email}`}
                        confirm={u.disabled ? undefined : `Disable ${u.email}? They are signed out at their next request.`}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
