/**
 * CSV import and export: RFC 4180 parsing and writing, value parsers, and the column mapping of the
 * import wizard.
 */
export * from "./parse";
export * from "./write";
export * from "./values";
export * from "./fields";
export * from "./mapping";
