// Identifiers that the light start-up code (dist/extension.js) needs before any feature bundle is loaded. Each
// repeats a constant of a heavy module (a panel, the core), which dist/extension.js must not import;
// test/vscode/00-startup.test.ts checks that every one agrees with its original.

/** The Activation Explorer's webview type (explorerPanel.ts EXPLORER_VIEW_TYPE). */
export const EXPLORER_VIEW_TYPE = 'activationLab.explorer';
/** The Training Lab's webview type (trainingLabPanel.ts TRAINING_LAB_VIEW_TYPE). */
export const TRAINING_LAB_VIEW_TYPE = 'activationLab.trainingLab';
/** The language id of Activation Lab notebook cells (core/notebook CELL_LANGUAGE). */
export const CELL_LANGUAGE = 'activationlab';
/** The MIME type of Activation Lab notebook outputs (core/protocol/notebook NOTEBOOK_MIME). */
export const NOTEBOOK_MIME = 'application/vnd.activation-lab+json';
