/**
 * What makes the app's maps read like the report's: a north arrow, a scale bar for the zoom
 * shown (round lengths from the report's scale-bar arithmetic) and the map coordinates of the
 * pointer in the grid's CRS.
 */
import type { MapGeoreference } from '../../../../../engine/src/api/contract.js';
import { formatDistance } from '../../../../../engine/src/report/format.js';
import { scaleBar } from '../../../../../engine/src/report/scale-bar.js';
import { formatNumber } from '../../format.js';
import type { MapView } from './view.js';

const METRE_UNITS = /^(m|metre|meter|metres|meters)$/i;

export function MapDecorations({
  view,
  boxWidth,
  georeference,
  pointer,
}: {
  view: MapView | null;
  boxWidth: number;
  georeference: MapGeoreference;
  /** Map coordinates under the pointer, or null when it is off the map. */
  pointer: { x: number; y: number } | null;
}) {
  const metric = METRE_UNITS.test(georeference.units);
  // Metres across the visible box at this zoom; the bar spans a round length of about a quarter of it.
  const bar = metric && view && boxWidth > 0 ? scaleBar((boxWidth / view.scale) * georeference.pixelWidth) : null;
  const digits = metric ? 0 : 5;
  return (
    <>
      <div className="map-north" aria-label="North is up" title="North is up" data-testid="north-arrow">
        <span aria-hidden="true">▲</span>N
      </div>
      {bar && (
        <div className="map-scale" data-testid="scale-bar" aria-label={`Scale bar: ${formatDistance(bar.lengthM)}`}>
          <span className="map-scale-bar" style={{ width: `${Math.round(bar.fractionOfWidth * boxWidth)}px` }} />
          <span className="map-scale-label">{formatDistance(bar.lengthM)}</span>
        </div>
      )}
      <div className="map-coords" data-testid="map-coordinates" title={georeference.crsName}>
        {pointer
          ? `x ${formatNumber(pointer.x, digits)}, y ${formatNumber(pointer.y, digits)} · ${georeference.crsName}`
          : georeference.crsName}
      </div>
    </>
  );
}
