import type { Measurement } from "../context";
import { rankedPage } from "./ranked-page";

/** Every named measurement, in the order they run. Each issue adds its own. */
export const MEASUREMENTS: Measurement[] = [rankedPage];
