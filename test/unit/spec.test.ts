// Training spec validation: one JSON Schema (ajv standalone code, generated ahead of time) plus semantic
// checks; every bad spec gets an error that names the field and says what was expected.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { specSchema, validateSpec, type TrainingSpec } from '../../src/core';

function base(): TrainingSpec {
  return {
    seed: 1,
    data: { name: 'xor', samples: 40 },
    model: { input: [2], layers: [{ type: 'dense', units: 4, activation: 'relu' }, { type: 'dense', units: 1 }] },
    loss: 'bce_with_logits',
    optimizer: { type: 'sgd', lr: 0.1 },
    batchSize: 8,
    steps: 10,
  };
}

/** A copy of the base spec with `edit` applied to a mutable clone. */
function specWith(edit: (spec: Record<string, any>) => void): unknown {
  const spec = JSON.parse(JSON.stringify(base()));
  edit(spec);
  return spec;
}

function rejects(spec: unknown, message: RegExp): void {
  assert.throws(() => validateSpec(spec), (error: Error) => {
    assert.match(error.message, message);
    return true;
  });
}

describe('training spec validation', () => {
  it('accepts a valid spec and returns it', () => {
    const spec = base();
    assert.equal(validateSpec(spec), spec);
  });

  describe('the errors the issue names', () => {
    it('an unknown layer type names model.layers[i].type and lists the types', () => {
      rejects(
        specWith((s) => (s.model.layers[0].type = 'lstm')),
        /^model\.layers\[0\]\.type must be one of "dense", "conv2d", "maxpool2d", "flatten" \(got "lstm"\)$/,
      );
    });

    it('a negative learning rate names optimizer.lr', () => {
      rejects(
        specWith((s) => (s.optimizer.lr = -0.1)),
        /^optimizer\.lr must be a positive number \(got -0\.1\)$/,
      );
    });

    it('a learning rate that is not a number names optimizer.lr and shows the value', () => {
      rejects(
        specWith((s) => (s.optimizer.lr = 'abc')),
        /^optimizer\.lr must be a positive number \(got "abc"\)$/,
      );
    });

    it('data whose samples do not match model.input names model.input and the data shape', () => {
      rejects(
        specWith((s) => (s.model.input = [3])),
        /^model\.input \[3\] does not match the data: its samples have shape \[2\] \(features x1, x2\); set model\.input to \[2\]$/,
      );
    });

    it('explicit parameters of the wrong shape name the parameter and the expected shape', () => {
      rejects(
        specWith(
          (s) =>
            (s.parameters = [
              { weight: [[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]], bias: [0, 0, 0, 0] },
              { weight: [[1, 1, 1, 1]], bias: [0] },
            ]),
        ),
        /^parameters\[0\]\.weight must have shape \[4, 2\]: parameters\[0\]\.weight\[0\] must be an array of 2 \(got 3 entries\)$/,
      );
    });

    it('a batch size of 0 names batchSize', () => {
      rejects(
        specWith((s) => (s.batchSize = 0)),
        /^batchSize must be a positive integer or "full" \(got 0\)$/,
      );
    });
  });

  describe('other fields', () => {
    it('a missing required field says it is required and what it expects', () => {
      rejects(specWith((s) => delete s.loss), /^loss is required: one of "bce_with_logits", "cross_entropy", "mse"$/);
      rejects(specWith((s) => delete s.model.layers[0].units), /^model\.layers\[0\]\.units is required: a positive integer$/);
    });

    it('an unknown field names it and lists the known ones', () => {
      rejects(specWith((s) => (s.model.layers[0].unit = 4)), /^model\.layers\[0\]\.unit is not a field of a dense layer; known fields: type, units, activation, init, biasInit$/);
      rejects(specWith((s) => (s.learningRate = 1)), /^learningRate is not a field of Activation Lab training spec; known fields: seed, data/);
    });

    it('an unknown optimizer type lists the optimizers', () => {
      rejects(specWith((s) => (s.optimizer.type = 'rmsprop')), /^optimizer\.type must be one of "sgd", "adam" \(got "rmsprop"\)$/);
    });

    it('an unknown loss, init or dataset lists the choices', () => {
      rejects(specWith((s) => (s.loss = 'hinge')), /^loss must be one of "bce_with_logits", "cross_entropy", "mse" \(got "hinge"\)$/);
      rejects(specWith((s) => (s.init = 'orthogonal')), /^init must be one of "pytorch", "he_normal", .* \(got "orthogonal"\)$/);
      rejects(specWith((s) => (s.data.name = 'mnist')), /^data\.name must be one of "circle", "xor", .*"digits" \(got "mnist"\)$/);
    });

    it('an unknown activation names the layer and lists close or known names', () => {
      rejects(specWith((s) => (s.model.layers[0].activation = 'relux')), /^model\.layers\[0\]\.activation: unknown activation "relux"/);
    });

    it('an unknown activation parameter names it and lists the parameters', () => {
      rejects(specWith((s) => (s.model.layers[0].activation = { name: 'leaky_relu', slope: 0.2 })), /^model\.layers\[0\]\.activation\.slope is not a parameter of leaky_relu; its parameters are negative_slope$/);
    });

    it('a dense layer after a conv layer asks for a flatten', () => {
      rejects(
        specWith((s) => {
          s.data = { name: 'digits', samples: 20 };
          s.model = { input: [1, 8, 8], layers: [{ type: 'conv2d', filters: 2, kernelSize: 3 }, { type: 'dense', units: 10 }] };
          s.loss = 'cross_entropy';
        }),
        /^model\.layers\[1\]: a dense layer needs a flat input, but its input here is \[2, 6, 6\]; add \{ "type": "flatten" \} before it$/,
      );
    });

    it('a kernel larger than its input names kernelSize', () => {
      rejects(
        specWith((s) => {
          s.data = { name: 'digits', samples: 20 };
          s.model = { input: [1, 8, 8], layers: [{ type: 'conv2d', filters: 2, kernelSize: 9 }, { type: 'flatten' }, { type: 'dense', units: 10 }] };
          s.loss = 'cross_entropy';
        }),
        /^model\.layers\[0\]\.kernelSize must be at most the padded input size 8×8 \(got 9\)/,
      );
    });

    it('cross_entropy with fewer outputs than classes says how many units the last layer needs', () => {
      rejects(
        specWith((s) => {
          s.data = { name: 'spiral_3class', samples: 30 };
          s.model.layers[1].units = 2;
          s.loss = 'cross_entropy';
        }),
        /^loss cross_entropy: the data has 3 classes but the model has 2 outputs; set the last layer's units to 3$/,
      );
    });

    it('too few explicit parameter entries says how many are needed', () => {
      rejects(specWith((s) => (s.parameters = [{ weight: [[0, 0]], bias: [0] }])), /^parameters must have one entry per dense\/conv2d layer: 2 \(got 1\)$/);
    });

    it('steps and epochs together are refused', () => {
      rejects(specWith((s) => (s.epochs = 2)), /^give steps or epochs, not both/);
    });

    it('inline data with a ragged sample names the sample', () => {
      rejects(
        specWith((s) => (s.data = { x: [[0, 1], [1]], y: [0, 1] })),
        /^data\.x\[1\] must be an array of 2 \(every sample has shape \[2\]; got 1 entries\)$/,
      );
    });

    it('a spec that is not an object says so', () => {
      rejects(null, /^spec must be a training spec object \(got null\)$/);
    });
  });

  describe('the JSON Schema', () => {
    it('is draft-07 with a description on every top-level field (for editor completion)', () => {
      assert.equal(specSchema.$schema, 'http://json-schema.org/draft-07/schema#');
      const properties = specSchema.properties as Record<string, { description?: string; $ref?: string }>;
      for (const [name, property] of Object.entries(properties)) {
        if (name === '$schema' || property.$ref) continue;
        assert.ok(property.description, `${name} has a description`);
      }
    });

    it('the committed validator is the one ajv generates from the schema (run scripts/generate-spec-validator.mjs after editing it)', async () => {
      const root = path.resolve(__dirname, '../../..');
      const generator = await import(path.join(root, 'scripts/generate-spec-validator.mjs'));
      const expected = generator.generateSpecValidator(specSchema);
      const committed = fs.readFileSync(path.join(root, 'src/core/protocol/spec.validator.generated.ts'), 'utf8');
      assert.ok(committed === expected, 'src/core/protocol/spec.validator.generated.ts is out of date: run node scripts/generate-spec-validator.mjs');
    });

    it('the generated validator evaluates no strings and needs no ajv runtime (webview CSP forbids unsafe-eval)', () => {
      const root = path.resolve(__dirname, '../../..');
      const committed = fs.readFileSync(path.join(root, 'src/core/protocol/spec.validator.generated.ts'), 'utf8');
      assert.doesNotMatch(committed, /new Function|\beval\(|\brequire\(/);
    });
  });
});
