// Code and file exports generated from the catalog: framework snippets, CSV of sampled values, labels.
export { activationCode, frameworkArgumentMapping, pythonLiteral, type CodeFramework, type FrameworkArgumentMapping } from './frameworkCode';
export { explorerCsv, csvField, float32Text } from './csv';
export { functionLabelText } from './labels';
export { pytorchScript, type PytorchScriptOptions } from './pytorchScript';
