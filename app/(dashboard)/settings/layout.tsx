import { SettingsTabs } from "./_components/settings-tabs";

/** The settings section: a heading and tabs; every page checks its own permission. */
export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <section className="flex flex-col gap-5">
      <header className="flex flex-col gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
          <p className="text-sm text-muted-foreground">Users and roles, API access, alerts and the audit trail.</p>
        </div>
        <SettingsTabs />
      </header>
      {children}
    </section>
  );
}
