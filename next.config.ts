import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Lets several servers of one checkout (e.g. an end-to-end run beside a dev server) keep separate builds.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Native drivers are loaded from node_modules at run time, never bundled.
  serverExternalPackages: ["better-sqlite3", "pg", "bcryptjs"],
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  // `npm test` type-checks the whole repository with tsc before building; checking again here only
  // doubles the build time on small machines.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
