// Datasets: the seeded built-in sets (TensorFlow Playground's six and more), feature crosses, the 8×8
// digits asset, and CSV import with errors that name the line and column.
import { strict as assert } from 'node:assert';
import { applyFeatures, DATASET_NAMES, datasets, loadDigits, makeDataset, parseCsv } from '../../src/core';

describe('built-in datasets', () => {
  it('offers Playground’s six, moons, a 3-class spiral, a sine boundary and digits', () => {
    assert.deepEqual([...DATASET_NAMES].sort(), ['circle', 'digits', 'moons', 'regression_gaussian', 'regression_plane', 'sine', 'spiral', 'spiral_3class', 'two_gaussians', 'xor'].sort());
  });

  for (const name of ['circle', 'xor', 'two_gaussians', 'spiral', 'regression_plane', 'regression_gaussian', 'moons', 'spiral_3class', 'sine'] as const) {
    it(`${name}: seeded, the requested size, split by testFraction, finite 2-D points`, () => {
      const a = datasets.make(name, { samples: 200, noise: 0.2, testFraction: 0.25 }, 4);
      const b = datasets.make(name, { samples: 200, noise: 0.2, testFraction: 0.25 }, 4);
      const c = datasets.make(name, { samples: 200, noise: 0.2, testFraction: 0.25 }, 5);
      assert.deepEqual(a, b, 'same seed, same data');
      assert.notDeepEqual(a.train.x, c.train.x, 'another seed, other data');
      assert.equal(a.train.count, 150);
      assert.equal(a.test!.count, 50);
      assert.deepEqual(a.inputShape, [2]);
      assert.ok(a.train.x.every(Number.isFinite) && a.train.y.every(Number.isFinite));
      if (a.task === 'classification') {
        const counts = new Map<number, number>();
        for (const v of [...a.train.y, ...a.test!.y]) counts.set(v, (counts.get(v) ?? 0) + 1);
        assert.equal(counts.size, a.classes, 'every class occurs');
        for (const [label, count] of counts) assert.ok(count >= 200 / a.classes / 3, `class ${label} has ${count} samples`);
      } else {
        // Targets lie in [−1, 1] without noise; Playground's noise (±6·noise per coordinate) can push the plane's past it.
        assert.ok(a.train.y.every((v) => Math.abs(v) <= 1 + 0.25), 'regression targets near [−1, 1]');
      }
    });
  }

  it('circle without noise: class 1 exactly inside radius 2.5, as in Playground', () => {
    const data = datasets.make('circle', { samples: 300, testFraction: 0 });
    const { x1, x2 } = data.train.points!;
    data.train.y.forEach((label, i) => assert.equal(label, Math.hypot(x1[i], x2[i]) < 2.5 ? 1 : 0));
  });

  it('xor without noise: class 1 where x1·x2 ≥ 0', () => {
    const data = datasets.make('xor', { samples: 300, testFraction: 0 });
    const { x1, x2 } = data.train.points!;
    data.train.y.forEach((label, i) => assert.equal(label, x1[i] * x2[i] >= 0 ? 1 : 0));
  });

  it('regression_plane without noise: the target is (x1 + x2)/10', () => {
    const data = datasets.make('regression_plane', { samples: 50, testFraction: 0 });
    const { x1, x2 } = data.train.points!;
    data.train.y.forEach((y, i) => assert.ok(Math.abs(y - (x1[i] + x2[i]) / 10) < 1e-6));
  });

  it('feature crosses turn (x1, x2) into the requested inputs, in order', () => {
    const data = datasets.make('spiral', { samples: 20, features: ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'] });
    assert.deepEqual(data.inputShape, [7]);
    const { x1, x2 } = data.train.points!;
    for (let i = 0; i < data.train.count; i++) {
      const row = Array.from(data.train.x.subarray(i * 7, i * 7 + 7));
      const expected = [x1[i], x2[i], x1[i] ** 2, x2[i] ** 2, x1[i] * x2[i], Math.sin(x1[i]), Math.sin(x2[i])].map(Math.fround);
      assert.deepEqual(row, expected);
    }
    assert.deepEqual(Array.from(applyFeatures(['x1*x2', 'x2'], [2], [3])), [6, 3]);
  });
});

describe('the 8×8 digits', () => {
  it('are the 1,797 UCI optical digits: [1, 8, 8] images in [0, 1], labels 0–9, about 180 of each', () => {
    const digits = loadDigits();
    assert.equal(digits.count, 1797);
    assert.equal(digits.images.length, 1797 * 64);
    assert.ok(digits.images.every((v) => v >= 0 && v <= 1));
    const counts = new Array(10).fill(0);
    for (const label of digits.labels) counts[label]++;
    for (const c of counts) assert.ok(c >= 174 && c <= 183, `class sizes ${counts}`);
  });

  it('the first sample is a 0 (as in scikit-learn’s load_digits)', () => {
    const digits = loadDigits();
    assert.equal(digits.labels[0], 0);
    assert.deepEqual(Array.from(digits.images.subarray(0, 8), (v) => v * 16), [0, 0, 5, 13, 9, 1, 0, 0]);
  });

  it('as a dataset: a seeded subset split into training and test images', () => {
    const data = makeDataset({ name: 'digits', samples: 300, testFraction: 0.2 }, 1);
    assert.deepEqual(data.inputShape, [1, 8, 8]);
    assert.equal(data.train.count, 240);
    assert.equal(data.test!.count, 60);
    assert.equal(data.classes, 10);
  });
});

describe('CSV import', () => {
  const csv = 'sepal length,sepal width,species\n5.1,3.5,setosa\n7.0,3.2,versicolor\n6.3,3.3,virginica\n4.9,3.0,setosa\n';

  it('reads a header row, numeric feature columns and a label column chosen by name', () => {
    const parsed = parseCsv(csv, { labelColumn: 'species' });
    assert.deepEqual(parsed.features, ['sepal length', 'sepal width']);
    assert.deepEqual(parsed.classes, ['setosa', 'versicolor', 'virginica']);
    assert.deepEqual(Array.from(parsed.y), [0, 1, 2, 0]);
    assert.deepEqual(Array.from(parsed.x), [5.1, 3.5, 7.0, 3.2, 6.3, 3.3, 4.9, 3.0].map(Math.fround));
  });

  it('takes the label column by index, quoted fields, CRLF line ends, and sorts numeric labels numerically', () => {
    const parsed = parseCsv('label,"a, quoted"\r\n10,1\r\n2,"2"\r\n', { labelColumn: 0 });
    assert.deepEqual(parsed.features, ['a, quoted']);
    assert.deepEqual(parsed.classes, ['2', '10']);
    assert.deepEqual(Array.from(parsed.y), [1, 0]);
  });

  it('regression keeps numeric labels as values', () => {
    const parsed = parseCsv('x,y\n1,0.5\n2,-1.5\n', { labelColumn: 'y', task: 'regression' });
    assert.deepEqual(Array.from(parsed.y), [0.5, -1.5]);
  });

  it('a ragged row is an error naming its line and the column count', () => {
    assert.throws(() => parseCsv('a,b,label\n1,2,x\n3,y\n', { labelColumn: 'label' }), /^Error: CSV line 3 has 2 fields but the header has 3; every row needs one value per column$/);
  });

  it('a non-number is an error naming the line, the column and the value', () => {
    assert.throws(() => parseCsv('a,b,label\n1,2,x\n3,abc,y\n', { labelColumn: 'label' }), /^Error: CSV line 3, column "b": "abc" is not a number; feature columns must be numeric$/);
  });

  it('a single class is an error saying classification needs two', () => {
    assert.throws(() => parseCsv('a,label\n1,x\n2,x\n', { labelColumn: 'label' }), /^Error: CSV label column "label" has 1 class \("x"\); classification needs at least 2 classes$/);
  });

  it('an unknown label column lists the columns', () => {
    assert.throws(() => parseCsv(csv, { labelColumn: 'class' }), /^Error: labelColumn "class" is not in the CSV header; columns: sepal length, sepal width, species$/);
  });

  it('a spec can carry CSV data, split by testFraction', () => {
    const rows = ['x1,x2,label', ...Array.from({ length: 20 }, (_, i) => `${i},${i % 3},${i % 2 ? 'odd' : 'even'}`)].join('\n');
    const data = makeDataset({ csv: rows, labelColumn: 'label', testFraction: 0.25 }, 3);
    assert.equal(data.train.count, 15);
    assert.equal(data.test!.count, 5);
    assert.deepEqual(data.classNames, ['even', 'odd']);
  });
});
