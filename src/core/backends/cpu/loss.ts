// Loss kernels on the CPU, PyTorch's definitions with mean reduction: BCEWithLogitsLoss, CrossEntropyLoss
// (log-softmax + NLL over class indices) and MSELoss. Each computes the loss and its gradient in one pass.
import type { BatchKernel, LossArgs, LossEvaluationArgs, LossKind } from '../types';
import { floatBuffer } from './buffer';
import { checkRows } from './common';

/** BCE with logits of one element, PyTorch's stable form: (1−y)·x + m + log(e^−m + e^(−x−m)), m = max(−x, 0). */
function bceWithLogits(x: number, y: number): number {
  const m = Math.max(-x, 0);
  return (1 - y) * x + m + Math.log(Math.exp(-m) + Math.exp(-x - m));
}



/**
 * Log-sum-exp of a row of logits, as log_softmax computes it (max subtracted first). NaN in the row gives
 * NaN, as in PyTorch.
 */
function logSumExp(logits: Float32Array, start: number, count: number): number {
  let max = -Infinity;
  for (let j = 0; j < count; j++) {
    const v = logits[start + j];
    if (v > max || Number.isNaN(v)) max = v;
  }
  if (max === -Infinity || Number.isNaN(max)) return max;
  let sum = 0;
  for (let j = 0; j < count; j++) sum += Math.exp(logits[start + j] - max);
  return max + Math.log(sum);
}

function checkClass(target: number, outputs: number, row: number): number {
  if (!Number.isInteger(target) || target < 0 || target >= outputs) {
    throw new Error(`cross_entropy: the target of batch row ${row} must be a class index from 0 to ${outputs - 1} (got ${target})`);
  }
  return target;
}

export function lossKernel(args: LossArgs): BatchKernel {
  const { kind, maxRows, outputs, targetWidth, lossSlot } = args;
  const logitsBuffer = floatBuffer(args.logits, `${kind} logits`, maxRows * outputs);
  const targetsBuffer = floatBuffer(args.targets, `${kind} targets`, maxRows * targetWidth);
  const gradBuffer = floatBuffer(args.logitsGrad, `${kind} logits gradient`, maxRows * outputs);
  const metricsBuffer = floatBuffer(args.metrics, 'metrics', lossSlot + 1);
  checkTargetWidth(kind, outputs, targetWidth);
  return {
    run(rows) {
      checkRows(`${kind} loss`, rows, maxRows);
      if (rows === 0) throw new Error(`${kind} loss: a batch must have at least one row`);
      const logits = logitsBuffer.floats;
      const targets = targetsBuffer.floats;
      const grad = gradBuffer.floats;
      const metrics = metricsBuffer.floats;
      let total = 0;
      if (kind === 'cross_entropy') {
        const scale = 1 / rows;
        for (let r = 0; r < rows; r++) {
          const start = r * outputs;
          const target = checkClass(targets[r], outputs, r);
          const lse = Math.fround(logSumExp(logits, start, outputs));
          for (let j = 0; j < outputs; j++) {
            const logProbability = Math.fround(logits[start + j] - lse);
            const probability = Math.exp(logProbability);
            grad[start + j] = Math.fround((j === target ? probability - 1 : probability) * scale);
            if (j === target) total -= logProbability;
          }
        }
        metrics[lossSlot] = Math.fround(total / rows);
        return;
      }
      const count = rows * outputs;
      const scale = 1 / count;
      if (kind === 'bce_with_logits') {
        // bceWithLogits(x, y) and the gradient's sigmoid(x) = x ≥ 0 ? 1/(1 + e^−x) : e^x/(1 + e^x) with two
        // transcendental calls instead of four, giving the same values: of the loss's two exponentials one is e^0 = 1
        // and the other is e = e^(−|x|), which is the sigmoid's too. (At x = −∞ the loss's e^(−x−m) is e^NaN, but the
        // loss is NaN through (1−y)·x + m either way.)
        for (let i = 0; i < count; i++) {
          const x = logits[i];
          const y = targets[i];
          const m = Math.max(-x, 0);
          const e = x >= 0 ? Math.exp(-x) : Math.exp(x);
          total += Math.fround((1 - y) * x + m + Math.log(1 + e));
          const sigmoid = x >= 0 ? 1 / (1 + e) : e / (1 + e);
          grad[i] = Math.fround((Math.fround(sigmoid) - y) * scale);
        }
      } else {
        for (let i = 0; i < count; i++) {
          const difference = Math.fround(logits[i] - targets[i]);
          total += Math.fround(difference * difference);
          grad[i] = Math.fround(2 * difference * scale);
        }
      }
      metrics[lossSlot] = Math.fround(total / count);
    },
  };
}

export function lossEvaluationKernel(args: LossEvaluationArgs): BatchKernel {
  const { kind, maxRows, outputs, targetWidth, lossSumSlot, correctSlot } = args;
  const logitsBuffer = floatBuffer(args.logits, `${kind} logits`, maxRows * outputs);
  const targetsBuffer = floatBuffer(args.targets, `${kind} targets`, maxRows * targetWidth);
  const metricsBuffer = floatBuffer(args.metrics, 'metrics', Math.max(lossSumSlot, correctSlot) + 1);
  checkTargetWidth(kind, outputs, targetWidth);
  return {
    run(rows) {
      checkRows(`${kind} evaluation`, rows, maxRows);
      const logits = logitsBuffer.floats;
      const targets = targetsBuffer.floats;
      const metrics = metricsBuffer.floats;
      let lossSum = 0;
      let correct = 0;
      for (let r = 0; r < rows; r++) {
        const start = r * outputs;
        if (kind === 'cross_entropy') {
          const target = checkClass(targets[r], outputs, r);
          lossSum += logSumExp(logits, start, outputs) - logits[start + target];
          let best = 0;
          for (let j = 1; j < outputs; j++) if (logits[start + j] > logits[start + best]) best = j;
          if (best === target) correct++;
        } else {
          let rowLoss = 0;
          for (let j = 0; j < outputs; j++) {
            const x = logits[start + j];
            const y = targets[start + j];
            if (kind === 'bce_with_logits') {
              rowLoss += bceWithLogits(x, y);
              if (x > 0 === y >= 0.5) correct++;
            } else {
              rowLoss += (x - y) * (x - y);
            }
          }
          lossSum += rowLoss / outputs;
        }
      }
      metrics[lossSumSlot] = Math.fround(metrics[lossSumSlot] + lossSum);
      if (correctSlot >= 0) metrics[correctSlot] += correct;
    },
  };
}

function checkTargetWidth(kind: LossKind, outputs: number, targetWidth: number): void {
  const expected = kind === 'cross_entropy' ? 1 : outputs;
  if (targetWidth !== expected) {
    throw new Error(`${kind}: targets must have ${expected} value${expected === 1 ? '' : 's'} per row (${kind === 'cross_entropy' ? 'a class index' : 'one per output'}), got ${targetWidth}`);
  }
}
