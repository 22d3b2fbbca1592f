import type { Measurement } from "../context";
import { backtestMeasurement, previewMeasurement, publishMeasurement, publishPgMeasurement } from "./models";
import { apiUpsert } from "./api-upsert";
import { insightsMeasurement } from "./insights";
import { rankedPage } from "./ranked-page";
import { importMeasurement } from "./import";
import { accountsList } from "./accounts-list";
import { predictiveMeasurement } from "./predictive";
import { accountsExport } from "./accounts-export";
import { accountsHttp } from "./accounts-http";

/** Every named measurement, in the order they run. Each issue adds its own. */
export const MEASUREMENTS: Measurement[] = [rankedPage, publishMeasurement, previewMeasurement, backtestMeasurement, publishPgMeasurement, apiUpsert, accountsList, accountsExport, accountsHttp, insightsMeasurement, importMeasurement, predictiveMeasurement];
