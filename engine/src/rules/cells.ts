/** Class index of cells outside the study area (nodata), in every class map of the engine and the app. */
export const NO_CLASS = 255;

/** Value of cells where the parties' preferred layouts disagree, on the desktop's consensus map (never a class index). */
export const PARTIES_DISAGREE = 254;
