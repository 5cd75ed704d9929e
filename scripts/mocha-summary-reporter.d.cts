// Types of the CommonJS mocha reporter for the TypeScript test entry that imports it.
import Mocha = require('mocha');

declare const SummaryReporter: typeof Mocha.reporters.Spec;
export = SummaryReporter;
