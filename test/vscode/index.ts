// The extension-host test suite's entry: VS Code require()s this module (extensionTestsPath) and awaits
// run(). Used by both launchers: scripts/run-vscode-tests.mjs (code-server) and @vscode/test-electron.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import SummaryReporter from '../../scripts/mocha-summary-reporter.cjs';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: SummaryReporter });
  if (process.env.ACTLAB_TEST_GREP) mocha.grep(process.env.ACTLAB_TEST_GREP);
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host tests failed`)) : resolve()));
  });
}
