import { describe, expect, it } from "vitest";
import { getTableConfig as sqliteConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { getTableConfig as pgConfig, PgTable } from "drizzle-orm/pg-core";
import * as sqliteSchema from "./sqlite";
import * as pgSchema from "./pg";

/** Column type families that count as "the same" across dialects. */
const FAMILY: Record<string, string> = {
  SQLiteInteger: "int", SQLiteTimestamp: "int", PgInteger: "int", PgBigInt53: "int",
  SQLiteBoolean: "bool", PgBoolean: "bool",
  SQLiteReal: "float", PgDoublePrecision: "float",
  SQLiteText: "text", PgText: "text",
  SQLiteTextJson: "json", PgJsonb: "json",
};

function describeSqlite(t: SQLiteTable) {
  const c = sqliteConfig(t);
  return {
    name: c.name,
    columns: Object.fromEntries(c.columns.map((col) => [col.name, { type: FAMILY[col.columnType] ?? col.columnType, notNull: col.notNull, pk: col.primary }])),
    indexes: c.indexes.map((i) => `${i.config.name}:${i.config.unique ? "unique" : "plain"}:${i.config.columns.map((x) => ("name" in x ? x.name : "?")).join(",")}`).sort(),
    primaryKeys: c.primaryKeys.map((p) => p.columns.map((x) => x.name).join(",")),
    foreignKeys: c.foreignKeys.map((f) => f.reference().columns.map((x) => x.name).join(",") + "->" + f.reference().foreignColumns.map((x) => x.name).join(",")).sort(),
  };
}

function describePg(t: PgTable) {
  const c = pgConfig(t);
  return {
    name: c.name,
    columns: Object.fromEntries(c.columns.map((col) => [col.name, { type: FAMILY[col.columnType] ?? col.columnType, notNull: col.notNull, pk: col.primary }])),
    indexes: c.indexes.map((i) => `${i.config.name}:${i.config.unique ? "unique" : "plain"}:${i.config.columns.map((x) => ("name" in x ? x.name : "?")).join(",")}`).sort(),
    primaryKeys: c.primaryKeys.map((p) => p.columns.map((x) => x.name).join(",")),
    foreignKeys: c.foreignKeys.map((f) => f.reference().columns.map((x) => x.name).join(",") + "->" + f.reference().foreignColumns.map((x) => x.name).join(",")).sort(),
  };
}

const sqliteTables = Object.entries(sqliteSchema).filter(([, v]) => v instanceof SQLiteTable) as [string, SQLiteTable][];
const pgTables = Object.entries(pgSchema).filter(([, v]) => v instanceof PgTable) as [string, PgTable][];

describe("schema parity between SQLite and PostgreSQL", () => {
  it("exports the same tables under the same names", () => {
    expect(sqliteTables.map(([k]) => k).sort()).toEqual(pgTables.map(([k]) => k).sort());
    expect(sqliteTables.length).toBeGreaterThan(20);
  });

  it.each(sqliteTables.map(([k]) => k))("table %s matches column for column, index for index", (key) => {
    const s = describeSqlite(sqliteSchema[key as keyof typeof sqliteSchema] as SQLiteTable);
    const p = describePg(pgSchema[key as keyof typeof pgSchema] as PgTable);
    for (const col of Object.values(s.columns)) expect(Object.values(FAMILY)).toContain(col.type);
    expect(p).toEqual(s);
  });
});
