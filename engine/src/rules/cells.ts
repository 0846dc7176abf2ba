/** Class index of cells outside the study area (nodata), in every class map of the engine and the app. */
export const NO_CLASS = 255;
