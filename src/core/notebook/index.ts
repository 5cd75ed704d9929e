// Notebooks, the pure part: the cell language (parse, completion, hover), running a parsed cell into notebook
// outputs, and the `*.actlabnb` file format. The output schema itself lives in ../protocol/notebook.
export { parseCell, CellError, CELL_DEFAULTS, COMMAND_DOCS, OPTION_DOCS } from './cell';
export type { CellProgram, PlotProgram, TrainProgram, CompareProgram, SweepProgram, ActivationChoice } from './cell';
export { runCell, plotPayload, outputNumber, spreadIndices, type RunCellOptions } from './run';
export { completionsAt, hoverAt, activationMarkdown, type CompletionSuggestion, type HoverInfo } from './language';
export { readNotebookFile, writeNotebookFile, CELL_LANGUAGE, ERROR_MIME, type NotebookFile, type NotebookFileCell, type OutputItemText } from './ipynb';
export { COMMANDS, type CellCommand } from './syntax';
export { NOTEBOOK_MIME, NOTEBOOK_PAYLOAD_VERSION, parseNotebookPayload, type NotebookPayload, type PayloadResult } from '../protocol/notebook';
export { payloadSummary } from './summary';
