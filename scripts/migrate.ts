/** `npm run db:migrate`: applies the migrations of the configured database (DATABASE_URL). */
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";

const handle = openDatabase();
await migrateDatabase(handle);
console.log(`Migrated ${handle.dialect} database at ${handle.dialect === "sqlite" ? handle.url : "DATABASE_URL"}`);
await handle.close();
