import type { Metadata } from "next";
import localFont from "next/font/local";
import { cookies } from "next/headers";
import "./globals.css";

// Self-hosted (the build runs offline): the variable Inter from @fontsource-variable/inter.
const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  variable: "--font-inter",
  display: "swap",
  weight: "100 900",
});

export const metadata: Metadata = {
  title: { default: "Lodestar", template: "%s · Lodestar" },
  description: "Account scoring for account-based marketing teams",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const theme = (await cookies()).get("theme")?.value === "dark" ? "dark" : "light";
  return (
    <html lang="en" className={`${inter.variable} ${theme === "dark" ? "dark" : ""}`}>
      <body className="min-h-screen font-sans antialiased">{children}</body>
    </html>
  );
}
