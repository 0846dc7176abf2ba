import type { Page } from 'playwright-core';

/** The Steer card of the Explore tab: a new run seeded with the compared layouts, with cells locked. */
export class SteerPage {
  constructor(readonly page: Page) {}

  panel() {
    return this.page.getByTestId('steer-panel');
  }

  /** The compared layouts the new run starts from, as the card lists them (`#3, #7`). */
  async seedIds(): Promise<number[]> {
    const text = await this.panel().locator('p.muted').first().innerText();
    return [...(/\(([^)]*)\)/.exec(text)?.[1] ?? '').matchAll(/#(\d+)/g)].map((m) => Number(m[1]));
  }

  async lock(choice: 'agreement' | 'rect' | 'polygon' | 'none'): Promise<void> {
    await this.panel().locator(`input[name="steer-lock"][value="${choice}"]`).check();
  }

  /**
   * Drags on the Steer card's map from one point to another (fractions of its width and height);
   * returns the rectangle of cells the form then holds.
   */
  async drawRectangle(
    from: [number, number],
    to: [number, number],
  ): Promise<{ col: number; row: number; width: number; height: number }> {
    const map = this.page.getByTestId('steer-draw');
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
    await this.page.mouse.move(...at(from));
    await this.page.mouse.down();
    await this.page.mouse.move(...at([(from[0] + to[0]) / 2, (from[1] + to[1]) / 2]), { steps: 4 });
    await this.page.mouse.move(...at(to), { steps: 4 });
    await this.page.mouse.up();
    const value = async (key: string) => Number(await this.page.getByLabel(`Rectangle ${key}`).inputValue());
    return {
      col: await value('col'),
      row: await value('row'),
      width: await value('width'),
      height: await value('height'),
    };
  }

  /** The grid of the polygon tool's map (its canvas has one pixel per cell). */
  async polygonGrid(): Promise<{ width: number; height: number }> {
    const map = this.page.getByTestId('steer-polygon-map');
    return map.evaluate((canvas: HTMLCanvasElement) => ({ width: canvas.width, height: canvas.height }));
  }

  /** Draws a polygon with the polygon tool: clicks the centres of its corner cells, double-clicks the last. */
  async drawPolygon(corners: readonly { col: number; row: number }[]): Promise<void> {
    const map = this.page.getByTestId('steer-polygon-map');
    await map.scrollIntoViewIfNeeded();
    const { width, height } = await this.polygonGrid();
    // The map's box is read again before every click: a click may change the card around it.
    const at = async (c: { col: number; row: number }) => {
      const box = (await map.boundingBox())!;
      return [box.x + ((c.col + 0.5) / width) * box.width, box.y + ((c.row + 0.5) / height) * box.height] as const;
    };
    for (const corner of corners.slice(0, -1)) await this.page.mouse.click(...(await at(corner)));
    await this.page.mouse.dblclick(...(await at(corners.at(-1)!)));
  }

  /** The closed shapes as the polygon tool drew them (corner cells, from its SVG overlay's cell-centre points). */
  async drawnPolygons(): Promise<{ col: number; row: number }[][]> {
    const shapes = await this.page
      .getByTestId('steer-polygon-map')
      .locator('xpath=..')
      .locator('svg.steer-draw-shapes polygon')
      .evaluateAll((polygons) => polygons.map((p) => p.getAttribute('points') ?? ''));
    return shapes.map((points) =>
      points
        .trim()
        .split(/\s+/)
        .map((pair) => {
          const [x, y] = pair.split(',').map(Number);
          return { col: Math.round(x! - 0.5), row: Math.round(y! - 0.5) };
        }),
    );
  }

  /** What the polygon tool says is locked. */
  async polygonStatus(): Promise<string> {
    return this.page.getByTestId('steer-polygon-locked').innerText();
  }

  /** The objective ranges' row of objective `index`: its min and max fields. */
  rangeFields(index: number) {
    const row = this.page.getByTestId('steer-ranges').locator('tbody tr').nth(index);
    return { min: row.locator('input').nth(0), max: row.locator('input').nth(1) };
  }

  async setGenerations(generations: number): Promise<void> {
    await this.page.getByLabel('Steered run generations').fill(String(generations));
  }

  /** Starts the steered run; returns its folder, as the card reports it. */
  async start(): Promise<string> {
    await this.panel().getByRole('button', { name: 'Start steered run' }).click();
    const status = this.page.getByTestId('steer-started');
    await status.waitFor({ timeout: 30_000 });
    return /: (\S.*)$/.exec(await status.innerText())![1]!.trim();
  }
}
