// Mocha reporter: mocha's spec output, plus the run's counts written as JSON to $ACTLAB_RESULTS_FILE
// so scripts/test.mjs can sum every suite into one `N passed, N failed` line.
const fs = require('node:fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const file = process.env.ACTLAB_RESULTS_FILE;
      if (!file) return;
      const { passes, failures, pending } = this.stats;
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed: failures, skipped: pending }));
    });
  }
}

module.exports = SummaryReporter;
