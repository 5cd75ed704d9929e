// Small canvases, one per hidden unit, showing what the unit computes over the input plane (or, for a CNN,
// each filter's feature map after its activation). Dead units (exactly 0 on every training sample) are marked.
import { h } from '../dom';
import type { Snapshot } from './workerProtocol';

/** Paints `values` (row-major, `rows` × `columns`) with 0 as black and the largest |value| as full colour. */
function paint(canvas: HTMLCanvasElement, values: ArrayLike<number>, rows: number, columns: number, flipRows: boolean): void {
  canvas.width = columns;
  canvas.height = rows;
  const context = canvas.getContext('2d');
  if (!context) return;
  let scale = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) scale = Math.max(scale, Math.abs(values[i]));
  const image = context.createImageData(columns, rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const v = values[(flipRows ? rows - 1 - r : r) * columns + c];
      const t = scale > 0 && Number.isFinite(v) ? v / scale : 0;
      const o = (r * columns + c) * 4;
      image.data[o] = t < 0 ? Math.round(-t * 90 + 20) : Math.round(t * 240);
      image.data[o + 1] = t < 0 ? Math.round(-t * 110 + 20) : Math.round(t * 140);
      image.data[o + 2] = t < 0 ? Math.round(-t * 240) : Math.round(t * 40);
      image.data[o + 3] = 255;
    }
  }
  context.putImageData(image, 0, 0);
}

/** Renders the snapshot's per-unit maps (MLP) or feature maps (CNN) into `container`. */
export function renderUnitMaps(container: HTMLElement, snapshot: Snapshot, layerName: (index: number) => string): void {
  const sections: HTMLElement[] = [];
  for (const layer of snapshot.units) {
    const deadCount = layer.dead.filter(Boolean).length;
    const cells = layer.maps.map((map, unit) => {
      const canvas = h('canvas', { class: 'unit-map', role: 'img', 'aria-label': `${layerName(layer.layer)} unit ${unit + 1}${layer.dead[unit] ? ' (dead)' : ''}` });
      paint(canvas, map, layer.resolution, layer.resolution, true);
      return h('figure', { class: `unit${layer.dead[unit] ? ' dead' : ''}`, 'data-unit': unit, title: layer.dead[unit] ? 'Dead: outputs 0 for every training sample, so no gradient reaches it' : `unit ${unit + 1}` }, canvas, h('figcaption', {}, layer.dead[unit] ? `${unit + 1} dead` : String(unit + 1)));
    });
    sections.push(h('section', { class: 'unit-layer', 'data-layer': layer.layer }, h('h4', {}, `${layerName(layer.layer)} — ${deadCount} of ${layer.maps.length} dead`), h('div', { class: 'unit-grid' }, ...cells)));
  }
  for (const maps of snapshot.featureMaps) {
    const [channels, rows, columns] = maps.shape;
    const size = rows * columns;
    const zeros = maps.values.filter((v) => v === 0).length;
    const input = h('canvas', { class: 'unit-map', role: 'img', 'aria-label': 'input image' });
    paint(input, maps.image, maps.imageShape[1], maps.imageShape[2], false);
    const cells = Array.from({ length: channels }, (_, channel) => {
      const canvas = h('canvas', { class: 'unit-map', role: 'img', 'aria-label': `${layerName(maps.layer)} filter ${channel + 1}` });
      paint(canvas, maps.values.slice(channel * size, (channel + 1) * size), rows, columns, false);
      return h('figure', { class: 'unit' }, canvas, h('figcaption', {}, `filter ${channel + 1}`));
    });
    sections.push(
      h(
        'section',
        { class: 'unit-layer', 'data-layer': maps.layer },
        h('h4', {}, `${layerName(maps.layer)} feature maps — ${Math.round((100 * zeros) / maps.values.length)} % exactly 0`),
        h('div', { class: 'unit-grid' }, h('figure', { class: 'unit input' }, input, h('figcaption', {}, 'input')), ...cells),
      ),
    );
  }
  container.replaceChildren(...(sections.length ? sections : [h('p', { class: 'muted' }, 'Per-unit maps appear for 2-D datasets (MLPs) and for convolutional layers.')]));
}
