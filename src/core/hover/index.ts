// Hover docs for activations in code, without VS Code: recognise the activation at an offset of a Python or
// JavaScript/TypeScript document (imports resolved, arguments read) and build the hover's Markdown and curve.
export { analyseSource, languageFamily, recogniseAt, recogniseInText } from './recognise';
export type { RecognisedActivation, RecogniseOptions, SourceAnalysis } from './recognise';
export { hoverMarkdown, escapeMarkdown, SHOW_ACTIVATION_COMMAND } from './markdown';
export type { HoverDocument } from './markdown';
export { activationCurveSvg, svgDataUri } from './curve';
export type { CurveOptions } from './curve';
export { defaultDisagreements, callableDefault } from './parameters';
export type { ParameterReading, WrittenParameter, DefaultDisagreement } from './parameters';
export { FRAMEWORK_LABELS, type FrameworkKey } from './catalogNames';
export type { ImportBindings } from './imports';
export type { WrittenArgument } from './callArguments';
export type { SourceFamily } from './lexical';
