// The fuzz campaign (issue 10): generated experiment specs, webview messages (both directions, both panels),
// notebook payloads (parsed, and rendered in headless Chromium), notebook cells and CSV files, valid ones broken a
// field at a time and hostile ones (HTML and script, megabyte strings, NaN, 1e308, 100 000-deep nesting).
// Properties: nothing throws past the validation layer, every rejection names the field, accepted values work in the
// next layer, nothing hangs, no text reaches the DOM as HTML. `npm test` runs a modest budget from a fixed seed
// (printed in each title); `npm run fuzz` runs the same targets with 10 000+ cases each (scripts/fuzz.mjs).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { CAMPAIGN, configFromEnvironment, formatResult, runsFor } from '../fuzz/campaign';
import { holdBrowser } from '../fuzz/dom';
import { runTarget, type TargetResult } from '../fuzz/harness';

const config = configFromEnvironment();
const results: TargetResult[] = [];

describe(`fuzz campaign (seed ${config.seed}; replay with ACTLAB_FUZZ_SEED=${config.seed})`, function () {
  this.timeout(0);
  const selected = CAMPAIGN.filter((entry) => !config.targets || config.targets.includes(entry.target.name));
  let releaseBrowser: (() => Promise<void>) | undefined;

  // One Chromium for all the browser targets.
  before(async () => {
    if (selected.some((entry) => entry.browser)) releaseBrowser = await holdBrowser();
  });

  after(async () => {
    await releaseBrowser?.();
    if (!results.length) return;
    for (const result of results) console.log(`      ${formatResult(result)}`);
    if (config.report) fs.writeFileSync(config.report, JSON.stringify({ seed: config.seed, results }, null, 2));
  });

  for (const entry of selected) {
    const { target } = entry;
    const runs = runsFor(entry, config);
    it(`${target.name}: ${runs} generated ${target.group} (seed ${config.seed}) — never throw, rejections name the field, accepted ones work downstream${entry.browser ? ', no text becomes HTML' : ''}`, async () => {
      const result = await runTarget(target, { seed: config.seed, numRuns: runs, path: config.path });
      results.push(result);
      assert.ok(!result.failure, result.failure);
      assert.ok(result.stats.runs >= runs, `${target.name} ran ${result.stats.runs} of ${runs} cases`);
    });
  }
});
