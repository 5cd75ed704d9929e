// The notebooks feature (dist/features/notebooks.js, loaded on first use; see ../lazy.ts): the Activation Lab
// cell language's parser, runner (the trainer on the CPU backend, the datasets), completion and hover, and the
// *.actlabnb file format. ../notebooks/ registers the kernel's controllers, the serializer and the cell language
// providers at activation; they call into this module when a cell runs, a file is read or written, or a cell is
// edited.
import { ActivationLabSerializer } from '../notebooks/serializer';

export { completionsAt, hoverAt, parseCell, payloadSummary, runCell } from '../../core/notebook';

/** Reads and writes `*.actlabnb` files for VS Code. */
export const serializer = new ActivationLabSerializer();
