// Activation Lab's settings (src/core/settings.ts) and the walkthrough's manifest entries, on Node: every
// configured value gives a usable one, an unusable one is reported naming the setting and the value, the checks
// agree with the manifest and with the schemas they feed, and the walkthrough's buttons carry valid arguments.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { getActivation } from '../../src/core';
import { recogniseInText } from '../../src/core/hover';
import { guidedExperiments } from '../../src/core/lab';
import { defaultExplorerState, MAX_ABS_X, validateExplorerState } from '../../src/core/protocol/explorer';
import { backendChoices, parseExtensionToLabMessage } from '../../src/core/protocol/trainingLab';
import {
  BACKEND_SETTING_CHOICES,
  checkBackend,
  checkHoverLanguages,
  checkPlotSamples,
  checkPlotShow,
  checkXRange,
  PLOT_MAX_ABS_X,
  PLOT_MAX_SAMPLES,
  PLOT_MIN_SAMPLES,
  PLOT_SHOW_CHOICES,
  SETTING_DEFAULTS,
  SETTINGS,
} from '../../src/core/settings';
import { JAVASCRIPT_HOVER_SAMPLE, pickHoverSample, PYTHON_HOVER_SAMPLE, sampleOffset } from '../../src/extension/hoverSamples';

const ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const properties: Record<string, { default: unknown; enum?: unknown[]; enumDescriptions?: unknown[]; markdownDescription?: string; order?: number; minimum?: number; maximum?: number }> =
  manifest.contributes.configuration.properties;

describe('settings: checks (src/core/settings.ts)', () => {
  it('accepts every backend choice and refuses others, naming the setting, the value and the choices', () => {
    for (const choice of ['auto', 'cpu', 'webgpu']) assert.deepEqual(checkBackend(choice), { value: choice });
    assert.deepEqual(checkBackend(undefined), { value: 'auto' });
    const gpu = checkBackend('gpu');
    assert.equal(gpu.value, 'auto');
    assert.equal(gpu.problem, 'activationLab.backend is "gpu": expected "auto", "cpu" or "webgpu". Using the default, "auto".');
    assert.equal(checkBackend('CPU').value, 'auto', 'case matters, as in the manifest enum');
    assert.match(checkBackend(3).problem!, /activationLab\.backend is 3:/);
  });

  it('accepts an x-range [start, end] with start < end within ±1e6, and says what is wrong with any other', () => {
    assert.deepEqual(checkXRange([-3, 8]), { value: [-3, 8] });
    assert.deepEqual(checkXRange(undefined), { value: [-5, 5] });
    const cases: [unknown, RegExp][] = [
      [[5, 1], /activationLab\.plot\.xRange is \[5,1\]: the end must be greater than the start\. Using the default, \[-5,5\]\./],
      [[2, 2], /end must be greater than the start/],
      [[-2e6, 0], /within ±1000000/],
      [[0, Infinity], /two finite numbers/],
      [['-5', 5], /two finite numbers/],
      [[1, 2, 3], /expected two numbers \[start, end\]/],
      ['-5 5', /expected two numbers \[start, end\]/],
      [{ start: -5, end: 5 }, /expected two numbers/],
    ];
    for (const [raw, message] of cases) {
      const checked = checkXRange(raw);
      assert.deepEqual(checked.value, [-5, 5], `${JSON.stringify(raw)} falls back to the default`);
      assert.match(checked.problem ?? '', message, JSON.stringify(raw));
    }
  });

  it('accepts the four curve choices and a whole number of samples from 50 to 5000', () => {
    for (const show of ['both', 'f', 'derivative', 'side-by-side']) assert.deepEqual(checkPlotShow(show), { value: show });
    assert.match(checkPlotShow('f+df').problem!, /activationLab\.plot\.show is "f\+df": expected "both", "f", "derivative" or "side-by-side"\. Using the default, "both"\./);
    for (const samples of [50, 401, 5000]) assert.deepEqual(checkPlotSamples(samples), { value: samples });
    for (const samples of [49, 5001, 400.5, '401', -1, NaN]) {
      const checked = checkPlotSamples(samples);
      assert.equal(checked.value, 401);
      assert.match(checked.problem!, /activationLab\.plot\.samples is .*: expected a whole number from 50 to 5000\. Using the default, 401\./);
    }
  });

  it('reads hover languages as the hover provider does: not a list gives the default; non-ids are dropped and named', () => {
    assert.deepEqual(checkHoverLanguages(['python', 'r']), { value: ['python', 'r'] });
    assert.deepEqual(checkHoverLanguages([]), { value: [] }, 'an empty list turns hovers off: not a problem');
    const text = checkHoverLanguages('python');
    assert.deepEqual(text.value, SETTING_DEFAULTS.hoverLanguages);
    assert.match(text.problem!, /activationLab\.hover\.languages is "python": expected a list of language ids/);
    const mixed = checkHoverLanguages(['python', 3, '', null]);
    assert.deepEqual(mixed.value, ['python']);
    assert.match(mixed.problem!, /entries that are not language ids \(3, "", null\): ignoring them; hovers work in "python"/);
  });

  it('never throws, and always gives a value the Explorer state and the Training Lab messages accept (any JSON)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), (range, show, samples, backend) => {
        const state = { ...defaultExplorerState(), xRange: [...checkXRange(range).value], show: checkPlotShow(show).value, samples: checkPlotSamples(samples).value };
        assert.ok(validateExplorerState(state).ok, JSON.stringify(state));
        assert.ok(parseExtensionToLabMessage({ type: 'defaults', backend: checkBackend(backend).value }).ok);
        for (const checked of [checkXRange(range), checkPlotShow(show), checkPlotSamples(samples), checkBackend(backend), checkHoverLanguages(range)]) {
          if (checked.problem !== undefined) assert.match(checked.problem, /^activationLab\.[\w.]+ (is|has) /);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps its bounds and choices in step with the schemas they feed', () => {
    assert.deepEqual([...BACKEND_SETTING_CHOICES], [...backendChoices]);
    assert.equal(PLOT_MAX_ABS_X, MAX_ABS_X);
    const base = defaultExplorerState();
    assert.ok(validateExplorerState({ ...base, samples: PLOT_MIN_SAMPLES }).ok);
    assert.ok(validateExplorerState({ ...base, samples: PLOT_MAX_SAMPLES }).ok);
    assert.ok(!validateExplorerState({ ...base, samples: PLOT_MIN_SAMPLES - 1 }).ok);
    assert.ok(!validateExplorerState({ ...base, samples: PLOT_MAX_SAMPLES + 1 }).ok);
    for (const show of PLOT_SHOW_CHOICES) assert.ok(validateExplorerState({ ...base, show }).ok, show);
    // The defaults do not change what a new Explorer shows.
    assert.deepEqual({ xRange: base.xRange, show: base.show, samples: base.samples }, SETTING_DEFAULTS.plot);
  });
});

describe('settings: the manifest (package.json contributes.configuration)', () => {
  it('declares every setting the extension reads, and reads every one it declares', () => {
    assert.deepEqual(Object.keys(properties).sort(), Object.values(SETTINGS).sort());
  });

  it('documents each setting with a description, a default the checks accept, and an order', () => {
    const checks: Record<string, (raw: unknown) => { value: unknown; problem?: string }> = {
      [SETTINGS.backend]: checkBackend,
      [SETTINGS.plotXRange]: checkXRange,
      [SETTINGS.plotShow]: checkPlotShow,
      [SETTINGS.plotSamples]: checkPlotSamples,
      [SETTINGS.hoverLanguages]: checkHoverLanguages,
    };
    for (const [id, property] of Object.entries(properties)) {
      assert.ok((property.markdownDescription ?? '').length > 40, `${id} has a markdownDescription`);
      assert.equal(typeof property.order, 'number', `${id} has an order`);
      const checked = checks[id](property.default);
      assert.equal(checked.problem, undefined, `${id}'s default is accepted`);
      assert.deepEqual(checked.value, property.default, `${id}'s manifest default is the one the extension falls back to`);
      assert.deepEqual(checks[id](undefined).value, property.default, `${id}: no value means the manifest default`);
      if (property.enum) {
        assert.equal(property.enumDescriptions?.length, property.enum.length, `${id} describes each choice`);
        for (const choice of property.enum) assert.equal(checks[id](choice).problem, undefined, `${id} accepts "${choice}"`);
      }
    }
    assert.deepEqual(properties[SETTINGS.backend].enum, [...BACKEND_SETTING_CHOICES]);
    assert.deepEqual(properties[SETTINGS.plotShow].enum, [...PLOT_SHOW_CHOICES]);
    assert.equal(properties[SETTINGS.plotSamples].minimum, PLOT_MIN_SAMPLES);
    assert.equal(properties[SETTINGS.plotSamples].maximum, PLOT_MAX_SAMPLES);
  });
});

interface Step {
  id: string;
  title: string;
  description: string;
  media: { svg?: string; image?: string; markdown?: string; altText?: string };
  completionEvents?: string[];
}

/** The command links of a step's description: `[label](command:id?args)`, args decoded. */
function commandLinks(description: string): { label: string; command: string; args: unknown[]; button: boolean }[] {
  const links: { label: string; command: string; args: unknown[]; button: boolean }[] = [];
  for (const line of description.split('\n')) {
    for (const match of line.matchAll(/\[([^\]]+)\]\(command:(?:toSide:)?([\w.]+)(?:\?([^)\s]+))?\)/g)) {
      const args = match[3] ? JSON.parse(decodeURIComponent(match[3])) : [];
      links.push({ label: match[1], command: match[2], args: Array.isArray(args) ? args : [args], button: line.trim() === match[0] });
    }
  }
  return links;
}

describe('walkthrough: the manifest (package.json contributes.walkthroughs)', () => {
  const walkthrough = (manifest.contributes.walkthroughs as { id: string; title: string; description: string; steps: Step[] }[]).find((w) => w.id === 'activationLab.welcome');

  it('leads through the Explorer, the Training Lab, a notebook and a hover, in 4 to 5 steps', () => {
    assert.ok(walkthrough, 'activationLab.welcome is contributed');
    assert.ok(walkthrough.title && walkthrough.description);
    assert.ok(walkthrough.steps.length >= 4 && walkthrough.steps.length <= 5);
    const commands = walkthrough.steps.map((step) => commandLinks(step.description).find((l) => l.button)?.command);
    for (const needed of ['activationLab.openExplorer', 'activationLab.runGuidedExperiment', 'activationLab.newNotebook', 'activationLab.tryHover']) {
      assert.ok(commands.includes(needed), `a step's button runs ${needed}`);
    }
  });

  it('gives every step a title, a description with a button, completion events and media that exist', () => {
    for (const step of walkthrough!.steps) {
      assert.ok(step.title.length > 5, step.id);
      assert.ok(commandLinks(step.description).some((l) => l.button), `${step.id}: a command link on its own line (a button)`);
      assert.doesNotMatch(step.description.replace(/``[^`]+``/g, ''), /`/, `${step.id}: code is written \`\`like this\`\` (the walkthrough's format; single backticks show as such)`);
      assert.ok((step.completionEvents ?? []).length > 0, `${step.id}: completion events`);
      const file = step.media.svg ?? step.media.markdown ?? step.media.image;
      assert.ok(file && fs.existsSync(path.join(ROOT, file)), `${step.id}: media ${file} exists`);
      if (!step.media.markdown) assert.ok((step.media.altText ?? '').length > 20, `${step.id}: alt text`);
      if (step.media.svg) {
        const svg = fs.readFileSync(path.join(ROOT, step.media.svg), 'utf8');
        assert.match(svg, /^<svg [^>]*viewBox=/, `${step.id}: an SVG with a viewBox`);
        assert.match(svg, /var\(--vscode-editor-background/, `${step.id}: themed with the workbench's colours`);
        assert.doesNotMatch(svg, /<style|style="|<script|href="http/, `${step.id}: no inline styles (the walkthrough's CSP blocks them), scripts or remote links`);
      }
      for (const event of step.completionEvents ?? []) assert.match(event, /^(onCommand|onSettingChanged|onView|onContext|onLink):[\w.@-]+$/, `${step.id}: ${event}`);
    }
  });

  it('passes arguments its commands accept: a guided experiment id, catalog activation ids', () => {
    const links = walkthrough!.steps.flatMap((step) => commandLinks(step.description));
    const experiment = links.find((l) => l.command === 'activationLab.runGuidedExperiment' && l.args.length);
    assert.deepEqual(experiment?.args, ['dying-relu']);
    assert.ok(guidedExperiments.some((e) => e.id === experiment!.args[0]));
    for (const link of links.filter((l) => l.command === 'activationLab.compareActivations' && l.args.length)) {
      for (const id of link.args[0] as string[]) assert.equal(getActivation(id).id, id);
    }
    for (const link of links) assert.ok(link.args.every((a) => a !== undefined), `${link.command}: arguments decode as JSON`);
  });
});

describe('walkthrough: the "Try a Hover" examples', () => {
  for (const [sample, languageId, opensOn] of [
    [PYTHON_HOVER_SAMPLE, 'python', 'relu'],
    [JAVASCRIPT_HOVER_SAMPLE, 'typescript', 'leaky_relu'],
  ] as const) {
    it(`${sample.family}: every marked activation shows a hover, and the hover opens on ${opensOn}`, () => {
      for (const name of sample.names) {
        const found = recogniseInText(sample.text, languageId, sampleOffset(sample, name.written) + 1);
        assert.equal(found?.activation.id, name.id, `${name.written} is recognised as ${name.id}`);
      }
      // "Try a Hover" puts the cursor 2 characters into `showAt`.
      assert.equal(recogniseInText(sample.text, languageId, sampleOffset(sample, sample.showAt) + 2)?.activation.id, opensOn);
    });
  }

  it('picks Python when hovers work there, else the first configured language (its syntax family), none when off', () => {
    assert.deepEqual(pickHoverSample(SETTING_DEFAULTS.hoverLanguages), { languageId: 'python', sample: PYTHON_HOVER_SAMPLE });
    assert.deepEqual(pickHoverSample(['typescript', 'python']), { languageId: 'python', sample: PYTHON_HOVER_SAMPLE });
    assert.deepEqual(pickHoverSample(['typescriptreact']), { languageId: 'typescriptreact', sample: JAVASCRIPT_HOVER_SAMPLE });
    assert.deepEqual(pickHoverSample(['r']), { languageId: 'r', sample: PYTHON_HOVER_SAMPLE });
    assert.equal(pickHoverSample([]), undefined);
  });
});
