// Losses on WebGPU, PyTorch's definitions with mean reduction (BCEWithLogitsLoss, CrossEntropyLoss over class
// indices, MSELoss): one workgroup computes every element's gradient and sums the loss by a fixed tree into its
// metrics slot. The evaluation kernel accumulates summed per-sample losses and correct predictions.
import { WGSL_MATH } from '../../activations/wgsl';
import type { BatchKernel, LossArgs, LossEvaluationArgs, LossKind } from '../types';
import { checkRows } from './checks';
import type { Runtime } from './runtime';

/** Invocations of the single-workgroup reductions. */
export const REDUCE_LANES = 256;

/** WGSL `tree_sum(lane, value)`: the workgroup's sum of `value`, in a fixed order (call from uniform control flow). */
export const TREE_SUM = `
var<workgroup> tree: array<f32, ${REDUCE_LANES}>;
fn tree_sum(lane: u32, value: f32) -> f32 {
  workgroupBarrier();
  tree[lane] = value;
  workgroupBarrier();
  for (var width = ${REDUCE_LANES / 2}u; width > 0u; width = width / 2u) {
    if (lane < width) { tree[lane] = tree[lane] + tree[lane + width]; }
    workgroupBarrier();
  }
  return tree[0];
}`;

function checkTargetWidth(kind: LossKind, outputs: number, targetWidth: number): void {
  const expected = kind === 'cross_entropy' ? 1 : outputs;
  if (targetWidth !== expected) {
    throw new Error(`${kind}: targets must have ${expected} value${expected === 1 ? '' : 's'} per row (${kind === 'cross_entropy' ? 'a class index' : 'one per output'}), got ${targetWidth}`);
  }
}

/** WGSL helpers shared by the loss programs: BCE with logits in PyTorch's stable form, and a row's log-sum-exp. */
const LOSS_FUNCTIONS = `${WGSL_MATH}
// (1 − y)·x + max(−x, 0) + log(e^−m + e^(−x−m)) = (1 − y)·x + max(−x, 0) + log1p(e^−|x|).
fn bce_with_logits(x: f32, y: f32) -> f32 {
  return (1.0 - y) * x + select(0.0, -x, x < 0.0) + al_log1p(al_exp(-abs(x)));
}
// log Σ e^(logits[base + j]), the max subtracted first; a NaN in the row gives NaN.
fn log_sum_exp(base: u32) -> f32 {
  var largest = logits[base];
  for (var j = 1u; j < OUTPUTS; j = j + 1u) {
    let v = logits[base + j];
    if (v > largest || al_is_nan(v)) { largest = v; }
  }
  var sum = 0.0;
  for (var j = 0u; j < OUTPUTS; j = j + 1u) { sum = sum + al_exp(logits[base + j] - largest); }
  return largest + al_log(sum);
}
// The class index in a target, or OUTPUTS when it is not one (the loss then becomes NaN).
fn class_of(value: f32) -> u32 {
  if (!(value >= 0.0) || value >= f32(OUTPUTS) || floor(value) != value) { return OUTPUTS; }
  return u32(value);
}`;

export function lossKernel(runtime: Runtime, args: LossArgs): BatchKernel {
  const { kind, maxRows, outputs, targetWidth, lossSlot } = args;
  checkTargetWidth(kind, outputs, targetWidth);
  const logits = runtime.own(args.logits, `${kind} logits`, 'float32', maxRows * outputs);
  const targets = runtime.own(args.targets, `${kind} targets`, 'float32', maxRows * targetWidth);
  const grad = runtime.own(args.logitsGrad, `${kind} logits gradient`, 'float32', maxRows * outputs);
  const metrics = runtime.own(args.metrics, 'metrics', 'float32', lossSlot + 1);
  let body: string;
  if (kind === 'cross_entropy') {
    body = `
  let rows_f = f32(args.rows);
  var total = 0.0;
  for (var r = lane; r < args.rows; r = r + ${REDUCE_LANES}u) {
    let base = r * OUTPUTS;
    let lse = log_sum_exp(base);
    let class_index = class_of(targets[r]);
    for (var j = 0u; j < OUTPUTS; j = j + 1u) {
      let log_probability = logits[base + j] - lse;
      let probability = al_exp(log_probability);
      grad[base + j] = select(probability, probability - 1.0, j == class_index) / rows_f;
    }
    total = total - select(al_nan(lse), logits[base + min(class_index, OUTPUTS - 1u)] - lse, class_index < OUTPUTS);
  }
  let sum = tree_sum(lane, total);
  if (lane == 0u) { metrics[${lossSlot}u] = sum / rows_f; }`;
  } else {
    const element =
      kind === 'bce_with_logits'
        ? `total = total + bce_with_logits(x, y);
    grad[i] = (al_sigmoid(x) - y) / count_f;`
        : `let difference = x - y;
    total = total + difference * difference;
    grad[i] = (2.0 * difference) / count_f;`;
    body = `
  let count = args.rows * OUTPUTS;
  let count_f = f32(count);
  var total = 0.0;
  for (var i = lane; i < count; i = i + ${REDUCE_LANES}u) {
    let x = logits[i];
    let y = targets[i];
    ${element}
  }
  let sum = tree_sum(lane, total);
  if (lane == 0u) { metrics[${lossSlot}u] = sum / count_f; }`;
  }
  const kernel = runtime.kernel(
    runtime.program({
      label: `${kind} loss over ${outputs} outputs`,
      bindings: [
        { name: 'logits', access: 'read' },
        { name: 'targets', access: 'read' },
        { name: 'grad', access: 'read_write' },
        { name: 'metrics', access: 'read_write' },
      ],
      code: `const OUTPUTS: u32 = ${outputs}u;
${LOSS_FUNCTIONS}
${TREE_SUM}
@compute @workgroup_size(${REDUCE_LANES})
fn main(@builtin(local_invocation_index) lane: u32) {${body}
}`,
    }),
    [logits, targets, grad, metrics],
  );
  return {
    run(rows) {
      checkRows(`${kind} loss`, rows, maxRows);
      if (rows === 0) throw new Error(`${kind} loss: a batch must have at least one row`);
      runtime.dispatch(kernel, [1, 1, 1], { rows });
    },
  };
}

export function lossEvaluationKernel(runtime: Runtime, args: LossEvaluationArgs): BatchKernel {
  const { kind, maxRows, outputs, targetWidth, lossSumSlot, correctSlot } = args;
  checkTargetWidth(kind, outputs, targetWidth);
  const logits = runtime.own(args.logits, `${kind} logits`, 'float32', maxRows * outputs);
  const targets = runtime.own(args.targets, `${kind} targets`, 'float32', maxRows * targetWidth);
  const metrics = runtime.own(args.metrics, 'metrics', 'float32', Math.max(lossSumSlot, correctSlot) + 1);
  const perRow =
    kind === 'cross_entropy'
      ? `let class_index = class_of(targets[r]);
    let lse = log_sum_exp(base);
    loss = loss + select(al_nan(lse), lse - logits[base + min(class_index, OUTPUTS - 1u)], class_index < OUTPUTS);
    var best = 0u;
    for (var j = 1u; j < OUTPUTS; j = j + 1u) { if (logits[base + j] > logits[base + best]) { best = j; } }
    if (best == class_index) { correct = correct + 1.0; }`
      : `var row_loss = 0.0;
    for (var j = 0u; j < OUTPUTS; j = j + 1u) {
      let x = logits[base + j];
      let y = targets[base + j];
      ${
        kind === 'bce_with_logits'
          ? `row_loss = row_loss + bce_with_logits(x, y);
      if ((x > 0.0) == (y >= 0.5)) { correct = correct + 1.0; }`
          : 'row_loss = row_loss + (x - y) * (x - y);'
      }
    }
    loss = loss + row_loss / f32(OUTPUTS);`;
  const kernel = runtime.kernel(
    runtime.program({
      label: `${kind} evaluation over ${outputs} outputs`,
      bindings: [
        { name: 'logits', access: 'read' },
        { name: 'targets', access: 'read' },
        { name: 'metrics', access: 'read_write' },
      ],
      code: `const OUTPUTS: u32 = ${outputs}u;
${LOSS_FUNCTIONS}
${TREE_SUM}
@compute @workgroup_size(${REDUCE_LANES})
fn main(@builtin(local_invocation_index) lane: u32) {
  var loss = 0.0;
  var correct = 0.0;
  for (var r = lane; r < args.rows; r = r + ${REDUCE_LANES}u) {
    let base = r * OUTPUTS;
    ${perRow}
  }
  let loss_sum = tree_sum(lane, loss);
  let correct_sum = tree_sum(lane, correct);
  if (lane == 0u) {
    metrics[${lossSumSlot}u] = metrics[${lossSumSlot}u] + loss_sum;
    ${correctSlot >= 0 ? `metrics[${correctSlot}u] = metrics[${correctSlot}u] + correct_sum;` : ''}
  }
}`,
    }),
    [logits, targets, metrics],
  );
  return {
    run(rows) {
      checkRows(`${kind} evaluation`, rows, maxRows);
      if (rows > 0) runtime.dispatch(kernel, [1, 1, 1], { rows });
    },
  };
}
