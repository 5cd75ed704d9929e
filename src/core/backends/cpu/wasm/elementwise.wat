;; Element-wise passes of the CPU backend on WebAssembly SIMD128, over the matmul module's memory (imported): the
;; work around each product that involves no activation function — bias add, dLoss/dz = dLoss/da · f′(z), bias
;; gradients, squared norms, non-finite counts, SGD and Adam updates. Each is the JS kernel's computation operation for
;; operation: float32 arithmetic is IEEE single precision either way (f32x4 lanes are independent), and the sums the
;; JS kernels take in float64 are float64 here, added in the same order — so the results are the same bits.
;; Addresses are in bytes, counts in elements; nothing needs to be aligned. The fused dense-layer passes at the end call
;; the matmul module's gemm (imported), so a layer's whole forward or backward pass is one call from JS.
(module
  (import "kernel" "memory" (memory 1))
  (import "kernel" "gemm" (func $gemm (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))

  ;; dst[i] = dst[i] + src[i], i < count
  (func $addArrays (param $dst i32) (param $src i32) (param $count i32)
    (local $end i32) (local $vectorEnd i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vectorEnd (i32.add (local.get $dst) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $dst) (local.get $vectorEnd)))
        (v128.store (local.get $dst) (f32x4.add (v128.load (local.get $dst)) (v128.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $vectors)))
    (block $done
      (loop $scalars
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $scalars))))

  ;; dst[i] = dst[i] + value, i < count
  (func $addScalar (param $dst i32) (param $count i32) (param $value f32)
    (local $end i32) (local $vectorEnd i32) (local $splat v128)
    (local.set $splat (f32x4.splat (local.get $value)))
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vectorEnd (i32.add (local.get $dst) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $dst) (local.get $vectorEnd)))
        (v128.store (local.get $dst) (f32x4.add (v128.load (local.get $dst)) (local.get $splat)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $vectors)))
    (block $done
      (loop $scalars
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (local.get $value)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $scalars))))

  ;; z[r][c][s] = z[r][c][s] + bias[c] for r < rows, c < channels, s < spatial.
  (func $addBias (export "addBias") (param $z i32) (param $bias i32) (param $rows i32) (param $channels i32) (param $spatial i32)
    (local $c i32) (local $runBytes i32)
    (if (i32.eq (local.get $spatial) (i32.const 1))
      (then
        (local.set $runBytes (i32.shl (local.get $channels) (i32.const 2)))
        (block $done
          (loop $rowLoop
            (br_if $done (i32.eqz (local.get $rows)))
            (call $addArrays (local.get $z) (local.get $bias) (local.get $channels))
            (local.set $z (i32.add (local.get $z) (local.get $runBytes)))
            (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
            (br $rowLoop)))
        (return)))
    (local.set $runBytes (i32.shl (local.get $spatial) (i32.const 2)))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.eqz (local.get $rows)))
        (local.set $c (i32.const 0))
        (block $channelsDone
          (loop $channelLoop
            (br_if $channelsDone (i32.ge_u (local.get $c) (local.get $channels)))
            (call $addScalar (local.get $z) (local.get $spatial)
                             (f32.load (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $z (i32.add (local.get $z) (local.get $runBytes)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $channelLoop)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $rowLoop))))

  ;; out[i] = a[i] · b[i], i < count (out may be a or b)
  (func $multiply (export "multiply") (param $out i32) (param $a i32) (param $b i32) (param $count i32)
    (local $end i32) (local $vectorEnd i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vectorEnd (i32.add (local.get $out) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $out) (local.get $vectorEnd)))
        (v128.store (local.get $out) (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b))))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $vectors)))
    (block $done
      (loop $scalars
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (f32.store (local.get $out) (f32.mul (f32.load (local.get $a)) (f32.load (local.get $b))))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $scalars))))

  ;; db[c] = float32(Σ_r Σ_s dz[r][c][s]) over r < rows, s < spatial: for each channel a float64 total over the rows in
  ;; order, each row adding its own float64 sum over s in order (for spatial = 1 that sum is the value itself).
  (func $biasGradient (export "biasGradient") (param $dz i32) (param $db i32) (param $rows i32) (param $channels i32) (param $spatial i32)
    (local $c i32) (local $r i32) (local $p i32) (local $end i32) (local $rowBytes i32) (local $runBytes i32)
    (local $total f64) (local $partial f64) (local $pair v128)
    (local $total1 f64) (local $total2 f64) (local $total3 f64) (local $partial1 f64) (local $partial2 f64) (local $partial3 f64)
    (local.set $rowBytes (i32.shl (i32.mul (local.get $channels) (local.get $spatial)) (i32.const 2)))
    (if (i32.eq (local.get $spatial) (i32.const 1))
      (then
        ;; two columns at a time, one float64 lane each
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.gt_u (i32.add (local.get $c) (i32.const 2)) (local.get $channels)))
            (local.set $pair (f64x2.splat (f64.const 0)))
            (local.set $p (i32.add (local.get $dz) (i32.shl (local.get $c) (i32.const 2))))
            (local.set $r (local.get $rows))
            (block $rowsDone
              (loop $rowLoop
                (br_if $rowsDone (i32.eqz (local.get $r)))
                (local.set $pair (f64x2.add (local.get $pair) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p)))))
                (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
                (local.set $r (i32.sub (local.get $r) (i32.const 1)))
                (br $rowLoop)))
            (f32.store (i32.add (local.get $db) (i32.shl (local.get $c) (i32.const 2)))
                       (f32.demote_f64 (f64x2.extract_lane 0 (local.get $pair))))
            (f32.store offset=4 (i32.add (local.get $db) (i32.shl (local.get $c) (i32.const 2)))
                       (f32.demote_f64 (f64x2.extract_lane 1 (local.get $pair))))
            (local.set $c (i32.add (local.get $c) (i32.const 2)))
            (br $pairs))))
      (else
        ;; spatial > 1: four channels at a time, four independent float64 chains (each in its channel's own order)
        (local.set $runBytes (i32.shl (local.get $spatial) (i32.const 2)))
        (block $quadsDone
          (loop $quads
            (br_if $quadsDone (i32.gt_u (i32.add (local.get $c) (i32.const 4)) (local.get $channels)))
            (local.set $total (f64.const 0))
            (local.set $total1 (f64.const 0))
            (local.set $total2 (f64.const 0))
            (local.set $total3 (f64.const 0))
            (local.set $p (i32.add (local.get $dz) (i32.mul (local.get $c) (local.get $runBytes))))
            (local.set $r (local.get $rows))
            (block $rowsDone
              (loop $rowLoop
                (br_if $rowsDone (i32.eqz (local.get $r)))
                (local.set $partial (f64.const 0))
                (local.set $partial1 (f64.const 0))
                (local.set $partial2 (f64.const 0))
                (local.set $partial3 (f64.const 0))
                (local.set $end (i32.add (local.get $p) (local.get $runBytes)))
                (loop $run
                  (local.set $partial (f64.add (local.get $partial) (f64.promote_f32 (f32.load (local.get $p)))))
                  (local.set $partial1 (f64.add (local.get $partial1) (f64.promote_f32 (f32.load (i32.add (local.get $p) (local.get $runBytes))))))
                  (local.set $partial2 (f64.add (local.get $partial2) (f64.promote_f32 (f32.load (i32.add (local.get $p) (i32.shl (local.get $runBytes) (i32.const 1)))))))
                  (local.set $partial3 (f64.add (local.get $partial3) (f64.promote_f32 (f32.load (i32.add (local.get $p) (i32.mul (local.get $runBytes) (i32.const 3)))))))
                  (br_if $run (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 4))) (local.get $end))))
                (local.set $total (f64.add (local.get $total) (local.get $partial)))
                (local.set $total1 (f64.add (local.get $total1) (local.get $partial1)))
                (local.set $total2 (f64.add (local.get $total2) (local.get $partial2)))
                (local.set $total3 (f64.add (local.get $total3) (local.get $partial3)))
                ;; on to these channels' runs in the next row
                (local.set $p (i32.add (local.get $p) (i32.sub (local.get $rowBytes) (local.get $runBytes))))
                (local.set $r (i32.sub (local.get $r) (i32.const 1)))
                (br $rowLoop)))
            (f32.store (i32.add (local.get $db) (i32.shl (local.get $c) (i32.const 2))) (f32.demote_f64 (local.get $total)))
            (f32.store offset=4 (i32.add (local.get $db) (i32.shl (local.get $c) (i32.const 2))) (f32.demote_f64 (local.get $total1)))
            (f32.store offset=8 (i32.add (local.get $db) (i32.shl (local.get $c) (i32.const 2))) (f32.demote_f64 (local.get $total2)))
            (f32.store offset=12 (i32.add (local.get $db) (i32.shl (local.get $c) (i32.const 2))) (f32.demote_f64 (local.get $total3)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $quads)))))
    ;; the remaining channels
    (block $channelsDone
      (loop $channelLoop
        (br_if $channelsDone (i32.ge_u (local.get $c) (local.get $channels)))
        (local.set $total (f64.const 0))
        (local.set $p (i32.add (local.get $dz) (i32.shl (i32.mul (local.get $c) (local.get $spatial)) (i32.const 2))))
        (local.set $r (local.get $rows))
        (block $rowsDone
          (loop $rowLoop
            (br_if $rowsDone (i32.eqz (local.get $r)))
            (local.set $partial (f64.const 0))
            (local.set $end (i32.add (local.get $p) (i32.shl (local.get $spatial) (i32.const 2))))
            (block $runDone
              (loop $run
                (local.set $partial (f64.add (local.get $partial) (f64.promote_f32 (f32.load (local.get $p)))))
                (br_if $run (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 4))) (local.get $end)))))
            (local.set $total (f64.add (local.get $total) (local.get $partial)))
            ;; on to this channel's run in the next row
            (local.set $p (i32.add (local.get $p) (i32.sub (local.get $rowBytes) (i32.shl (local.get $spatial) (i32.const 2)))))
            (local.set $r (i32.sub (local.get $r) (i32.const 1)))
            (br $rowLoop)))
        (f32.store (i32.add (local.get $db) (i32.shl (local.get $c) (i32.const 2))) (f32.demote_f64 (local.get $total)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $channelLoop))))

  ;; Σ x[i]² over i < count, in float64, in order (x[i]² is exact in float64).
  (func $sumOfSquares (export "sumOfSquares") (param $x i32) (param $count i32) (result f64)
    (local $end i32) (local $sum f64) (local $value f64)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $scalars
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $value (f64.promote_f32 (f32.load (local.get $x))))
        (local.set $sum (f64.add (local.get $sum) (f64.mul (local.get $value) (local.get $value))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (br $scalars)))
    (local.get $sum))

  ;; How many of x[0 … count−1] are NaN or ±Infinity (exactly those for which x − x is not 0).
  (func $countNonFinite (export "countNonFinite") (param $x i32) (param $count i32) (result i32)
    (local $end i32) (local $vectorEnd i32) (local $counts v128) (local $value v128) (local $total i32) (local $scalar f32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vectorEnd (i32.add (local.get $x) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $x) (local.get $vectorEnd)))
        (local.set $value (v128.load (local.get $x)))
        ;; a lane of the comparison is −1 where x − x ≠ 0
        (local.set $counts (i32x4.sub (local.get $counts)
                                      (f32x4.ne (f32x4.sub (local.get $value) (local.get $value)) (v128.const f32x4 0 0 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br $vectors)))
    (local.set $total (i32.add (i32.add (i32x4.extract_lane 0 (local.get $counts)) (i32x4.extract_lane 1 (local.get $counts)))
                               (i32.add (i32x4.extract_lane 2 (local.get $counts)) (i32x4.extract_lane 3 (local.get $counts)))))
    (block $done
      (loop $scalars
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $scalar (f32.load (local.get $x)))
        (if (f32.ne (f32.sub (local.get $scalar) (local.get $scalar)) (f32.const 0))
          (then (local.set $total (i32.add (local.get $total) (i32.const 1)))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (br $scalars)))
    (local.get $total))

  ;; One torch.optim.SGD step of count values: d = g (+ decay·p when decay ≠ 0); with momentum (flags bit 0)
  ;; v = d on the first step (bit 2), else v·momentum + (1 − dampening)·d, and d = v, or d + momentum·v for Nesterov
  ;; (bit 1); then p = p − lr·d. Every operation rounded to float32, in that order.
  (func (export "sgd") (param $p i32) (param $g i32) (param $v i32) (param $count i32)
                       (param $lr f32) (param $momentum f32) (param $oneMinusDampening f32) (param $decay f32) (param $flags i32)
    (local $end i32) (local $vectorEnd i32)
    (local $lrs v128) (local $momenta v128) (local $keeps v128) (local $decays v128)
    (local $d v128) (local $velocity v128) (local $ds f32) (local $vs f32)
    (local $hasMomentum i32) (local $nesterov i32) (local $first i32) (local $hasDecay i32)
    (local.set $hasMomentum (i32.and (local.get $flags) (i32.const 1)))
    (local.set $nesterov (i32.and (local.get $flags) (i32.const 2)))
    (local.set $first (i32.and (local.get $flags) (i32.const 4)))
    (local.set $hasDecay (f32.ne (local.get $decay) (f32.const 0)))
    (local.set $lrs (f32x4.splat (local.get $lr)))
    (local.set $momenta (f32x4.splat (local.get $momentum)))
    (local.set $keeps (f32x4.splat (local.get $oneMinusDampening)))
    (local.set $decays (f32x4.splat (local.get $decay)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vectorEnd (i32.add (local.get $p) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (if (i32.eqz (i32.or (local.get $hasMomentum) (local.get $hasDecay)))
      (then
        ;; plain SGD
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $p) (local.get $vectorEnd)))
            (v128.store (local.get $p) (f32x4.sub (v128.load (local.get $p)) (f32x4.mul (local.get $lrs) (v128.load (local.get $g)))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $g (i32.add (local.get $g) (i32.const 16)))
            (br $vectors)))
        (block $done
          (loop $scalars
            (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
            (f32.store (local.get $p) (f32.sub (f32.load (local.get $p)) (f32.mul (local.get $lr) (f32.load (local.get $g)))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (local.set $g (i32.add (local.get $g) (i32.const 4)))
            (br $scalars)))
        (return)))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $p) (local.get $vectorEnd)))
        (local.set $d (v128.load (local.get $g)))
        (if (local.get $hasDecay)
          (then (local.set $d (f32x4.add (local.get $d) (f32x4.mul (local.get $decays) (v128.load (local.get $p)))))))
        (if (local.get $hasMomentum)
          (then
            (if (local.get $first)
              (then (local.set $velocity (local.get $d)))
              (else (local.set $velocity (f32x4.add (f32x4.mul (v128.load (local.get $v)) (local.get $momenta))
                                                    (f32x4.mul (local.get $keeps) (local.get $d))))))
            (v128.store (local.get $v) (local.get $velocity))
            (if (local.get $nesterov)
              (then (local.set $d (f32x4.add (local.get $d) (f32x4.mul (local.get $momenta) (local.get $velocity)))))
              (else (local.set $d (local.get $velocity))))
            (local.set $v (i32.add (local.get $v) (i32.const 16)))))
        (v128.store (local.get $p) (f32x4.sub (v128.load (local.get $p)) (f32x4.mul (local.get $lrs) (local.get $d))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (br $vectors)))
    (block $done
      (loop $scalars
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $ds (f32.load (local.get $g)))
        (if (local.get $hasDecay)
          (then (local.set $ds (f32.add (local.get $ds) (f32.mul (local.get $decay) (f32.load (local.get $p)))))))
        (if (local.get $hasMomentum)
          (then
            (if (local.get $first)
              (then (local.set $vs (local.get $ds)))
              (else (local.set $vs (f32.add (f32.mul (f32.load (local.get $v)) (local.get $momentum))
                                            (f32.mul (local.get $oneMinusDampening) (local.get $ds))))))
            (f32.store (local.get $v) (local.get $vs))
            (if (local.get $nesterov)
              (then (local.set $ds (f32.add (local.get $ds) (f32.mul (local.get $momentum) (local.get $vs)))))
              (else (local.set $ds (local.get $vs))))
            (local.set $v (i32.add (local.get $v) (i32.const 4)))))
        (f32.store (local.get $p) (f32.sub (f32.load (local.get $p)) (f32.mul (local.get $lr) (local.get $ds))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (br $scalars))))

  ;; One torch.optim.Adam step of count values (L2 weight decay added to the gradient when decay ≠ 0):
  ;; m = m·β₁ + (1−β₁)·d; v = v·β₂ + ((1−β₂)·d)·d; p = p − stepSize·(m / (√v / c₂ + eps)), every operation rounded
  ;; to float32 in that order (c₂ = √(1 − β₂ᵗ) and stepSize = lr / (1 − β₁ᵗ), both float32, come from the caller).
  (func (export "adam") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $count i32)
                        (param $beta1 f32) (param $beta2 f32) (param $oneMinusBeta1 f32) (param $oneMinusBeta2 f32)
                        (param $eps f32) (param $decay f32) (param $correction2 f32) (param $stepSize f32)
    (local $end i32) (local $vectorEnd i32) (local $hasDecay i32)
    (local $b1 v128) (local $b2 v128) (local $k1 v128) (local $k2 v128) (local $epsilons v128) (local $decays v128)
    (local $c2 v128) (local $steps v128) (local $d v128) (local $mi v128) (local $vi v128)
    (local $ds f32) (local $ms f32) (local $vs f32)
    (local.set $hasDecay (f32.ne (local.get $decay) (f32.const 0)))
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $k1 (f32x4.splat (local.get $oneMinusBeta1)))
    (local.set $k2 (f32x4.splat (local.get $oneMinusBeta2)))
    (local.set $epsilons (f32x4.splat (local.get $eps)))
    (local.set $decays (f32x4.splat (local.get $decay)))
    (local.set $c2 (f32x4.splat (local.get $correction2)))
    (local.set $steps (f32x4.splat (local.get $stepSize)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vectorEnd (i32.add (local.get $p) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $p) (local.get $vectorEnd)))
        (local.set $d (v128.load (local.get $g)))
        (if (local.get $hasDecay)
          (then (local.set $d (f32x4.add (local.get $d) (f32x4.mul (local.get $decays) (v128.load (local.get $p)))))))
        (local.set $mi (f32x4.add (f32x4.mul (v128.load (local.get $m)) (local.get $b1)) (f32x4.mul (local.get $k1) (local.get $d))))
        (local.set $vi (f32x4.add (f32x4.mul (v128.load (local.get $v)) (local.get $b2))
                                  (f32x4.mul (f32x4.mul (local.get $k2) (local.get $d)) (local.get $d))))
        (v128.store (local.get $m) (local.get $mi))
        (v128.store (local.get $v) (local.get $vi))
        (v128.store (local.get $p)
          (f32x4.sub (v128.load (local.get $p))
                     (f32x4.mul (local.get $steps)
                                (f32x4.div (local.get $mi)
                                           (f32x4.add (f32x4.div (f32x4.sqrt (local.get $vi)) (local.get $c2)) (local.get $epsilons))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (br $vectors)))
    (block $done
      (loop $scalars
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $ds (f32.load (local.get $g)))
        (if (local.get $hasDecay)
          (then (local.set $ds (f32.add (local.get $ds) (f32.mul (local.get $decay) (f32.load (local.get $p)))))))
        (local.set $ms (f32.add (f32.mul (f32.load (local.get $m)) (local.get $beta1)) (f32.mul (local.get $oneMinusBeta1) (local.get $ds))))
        (local.set $vs (f32.add (f32.mul (f32.load (local.get $v)) (local.get $beta2))
                                (f32.mul (f32.mul (local.get $oneMinusBeta2) (local.get $ds)) (local.get $ds))))
        (f32.store (local.get $m) (local.get $ms))
        (f32.store (local.get $v) (local.get $vs))
        (f32.store (local.get $p)
          (f32.sub (f32.load (local.get $p))
                   (f32.mul (local.get $stepSize)
                            (f32.div (local.get $ms)
                                     (f32.add (f32.div (f32.sqrt (local.get $vs)) (local.get $correction2)) (local.get $eps))))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (local.set $m (i32.add (local.get $m) (i32.const 4)))
        (local.set $v (i32.add (local.get $v) (i32.const 4)))
        (br $scalars))))
;; A dense layer's forward pass up to the activation: z = x·Wᵀ (x [rows][in], W [out][in]), then z += bias per
  ;; output. The same operations as gemm followed by addBias.
  (func (export "denseForward") (param $x i32) (param $w i32) (param $z i32) (param $bias i32)
                                (param $rows i32) (param $in i32) (param $out i32) (param $work i32)
    (call $gemm (local.get $x) (local.get $w) (local.get $z) (local.get $rows) (local.get $in) (local.get $out)
                (i32.const 0) (i32.const 1) (local.get $work) (i32.const 0))
    (call $addBias (local.get $z) (local.get $bias) (local.get $rows) (local.get $out) (i32.const 1)))

  ;; A dense layer's backward pass after f′(z) is known: dz = da · f′(z) (skipped when $derivative is 0: dz is da),
  ;; dW = dzᵀ·x, db = Σ_rows dz, and dx = dz·W when $dx is not 0 — the same operations, in the same order, as
  ;; multiply, gemm, biasGradient and gemm called one by one.
  (func (export "denseBackward") (param $dz i32) (param $da i32) (param $derivative i32) (param $x i32) (param $w i32)
                                 (param $dw i32) (param $db i32) (param $dx i32)
                                 (param $rows i32) (param $in i32) (param $out i32) (param $work i32)
    (if (local.get $derivative)
      (then (call $multiply (local.get $dz) (local.get $da) (local.get $derivative) (i32.mul (local.get $rows) (local.get $out)))))
    (call $gemm (local.get $dz) (local.get $x) (local.get $dw) (local.get $out) (local.get $rows) (local.get $in)
                (i32.const 1) (i32.const 0) (local.get $work) (i32.const 0))
    (call $biasGradient (local.get $dz) (local.get $db) (local.get $rows) (local.get $out) (i32.const 1))
    (if (local.get $dx)
      (then (call $gemm (local.get $dz) (local.get $w) (local.get $dx) (local.get $rows) (local.get $out) (local.get $in)
                        (i32.const 0) (i32.const 0) (local.get $work) (i32.const 0)))))
;; ── data movement for the batch and the convolution layers ──────────────────────────────────────────────────

  ;; dst[i] = 0, i < count
  (func $zero (param $dst i32) (param $count i32)
    (local $end i32) (local $vectorEnd i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vectorEnd (i32.add (local.get $dst) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $dst) (local.get $vectorEnd)))
        (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $vectors)))
    (block $done
      (loop $scalars
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.const 0))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $scalars))))

  ;; dst[i] = src[i], i < count (the ranges do not overlap)
  (func $copy (param $dst i32) (param $src i32) (param $count i32)
    (local $end i32) (local $vectorEnd i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vectorEnd (i32.add (local.get $dst) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $dst) (local.get $vectorEnd)))
        (v128.store (local.get $dst) (v128.load (local.get $src)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $vectors)))
    (block $done
      (loop $scalars
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (i32.store (local.get $dst) (i32.load (local.get $src)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $scalars))))

  ;; Copies rows indices[first … first+rows−1] of src (rows of rowLength) into rows 0 … rows−1 of dst. Returns −1, or
  ;; the batch row whose index is not a row of src (sourceRows of them), having copied the rows before it.
  (func (export "gatherRows") (param $dst i32) (param $src i32) (param $indices i32) (param $first i32) (param $rows i32)
                              (param $rowLength i32) (param $sourceRows i32) (result i32)
    (local $r i32) (local $row i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $rowLength) (i32.const 2)))
    (local.set $indices (i32.add (local.get $indices) (i32.shl (local.get $first) (i32.const 2))))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $row (i32.load (i32.add (local.get $indices) (i32.shl (local.get $r) (i32.const 2)))))
        (if (i32.ge_u (local.get $row) (local.get $sourceRows)) (then (return (local.get $r))))
        (call $copy (i32.add (local.get $dst) (i32.mul (local.get $r) (local.get $rowBytes)))
                    (i32.add (local.get $src) (i32.mul (local.get $row) (local.get $rowBytes)))
                    (local.get $rowLength))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop)))
    (i32.const -1))

  ;; For kernel offset $kj: the first output position o with 0 ≤ o·stride − padding + kj (clamped to [0, outSize]) …
  (func $rangeFirst (param $kj i32) (param $outSize i32) (param $stride i32) (param $padding i32) (result i32)
    (local $a i32) (local $first i32)
    (local.set $a (i32.sub (local.get $padding) (local.get $kj)))
    (if (i32.gt_s (local.get $a) (i32.const 0))
      (then (local.set $first (i32.div_s (i32.add (local.get $a) (i32.sub (local.get $stride) (i32.const 1))) (local.get $stride)))))
    (select (local.get $outSize) (local.get $first) (i32.gt_s (local.get $first) (local.get $outSize))))

  ;; … and one past the last with o·stride − padding + kj < size (never before the first).
  (func $rangeEnd (param $kj i32) (param $size i32) (param $outSize i32) (param $stride i32) (param $padding i32) (result i32)
    (local $b i32) (local $end i32) (local $first i32)
    (local.set $b (i32.sub (i32.add (i32.sub (local.get $size) (i32.const 1)) (local.get $padding)) (local.get $kj)))
    (if (i32.ge_s (local.get $b) (i32.const 0))
      (then (local.set $end (i32.add (i32.div_s (local.get $b) (local.get $stride)) (i32.const 1)))))
    (if (i32.gt_s (local.get $end) (local.get $outSize)) (then (local.set $end (local.get $outSize))))
    (local.set $first (call $rangeFirst (local.get $kj) (local.get $outSize) (local.get $stride) (local.get $padding)))
    (select (local.get $first) (local.get $end) (i32.lt_s (local.get $end) (local.get $first))))

  ;; im2col of `rows` images, image r's columns at columns + r·patch·positions floats, laid out
  ;; [(c·k + ki)·k + kj][oy·outWidth + ox] = x[r][c][oy·stride − padding + ki][ox·stride − padding + kj], 0 in the padding.
  (func (export "im2col") (param $x i32) (param $columns i32) (param $rows i32) (param $inChannels i32)
                          (param $height i32) (param $width i32) (param $k i32) (param $stride i32) (param $padding i32)
                          (param $outHeight i32) (param $outWidth i32)
    (local $r i32) (local $c i32) (local $ki i32) (local $kj i32) (local $oy i32) (local $ox i32)
    (local $oyFirst i32) (local $oyEnd i32) (local $oxFirst i32) (local $oxEnd i32)
    (local $o i32) (local $channel i32) (local $source i32) (local $plane i32)
    (local.set $plane (i32.mul (local.get $height) (local.get $width)))
    (local.set $o (local.get $columns))
    (local.set $channel (local.get $x))
    (block $imagesDone
      (loop $images
        (br_if $imagesDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $c (i32.const 0))
        (loop $channels
          (local.set $ki (i32.const 0))
          (loop $kernelRows
            (local.set $oyFirst (call $rangeFirst (local.get $ki) (local.get $outHeight) (local.get $stride) (local.get $padding)))
            (local.set $oyEnd (call $rangeEnd (local.get $ki) (local.get $height) (local.get $outHeight) (local.get $stride) (local.get $padding)))
            (local.set $kj (i32.const 0))
            (loop $kernelColumns
              (local.set $oxFirst (call $rangeFirst (local.get $kj) (local.get $outWidth) (local.get $stride) (local.get $padding)))
              (local.set $oxEnd (call $rangeEnd (local.get $kj) (local.get $width) (local.get $outWidth) (local.get $stride) (local.get $padding)))
              ;; output rows above the image
              (call $zero (local.get $o) (i32.mul (local.get $oyFirst) (local.get $outWidth)))
              (local.set $o (i32.add (local.get $o) (i32.shl (i32.mul (local.get $oyFirst) (local.get $outWidth)) (i32.const 2))))
              (local.set $oy (local.get $oyFirst))
              (block $outRowsDone
                (loop $outRows
                  (br_if $outRowsDone (i32.ge_s (local.get $oy) (local.get $oyEnd)))
                  ;; address of x[r][c][iy][ix] for ox = 0 (only ox ≥ oxFirst is read)
                  (local.set $source
                    (i32.add (local.get $channel)
                             (i32.shl (i32.add (i32.mul (i32.add (i32.sub (i32.mul (local.get $oy) (local.get $stride)) (local.get $padding)) (local.get $ki))
                                                        (local.get $width))
                                               (i32.sub (local.get $kj) (local.get $padding)))
                                      (i32.const 2))))
                  (call $zero (local.get $o) (local.get $oxFirst))
                  (if (i32.eq (local.get $stride) (i32.const 1))
                    (then
                      (call $copy (i32.add (local.get $o) (i32.shl (local.get $oxFirst) (i32.const 2)))
                                  (i32.add (local.get $source) (i32.shl (local.get $oxFirst) (i32.const 2)))
                                  (i32.sub (local.get $oxEnd) (local.get $oxFirst))))
                    (else
                      (local.set $ox (local.get $oxFirst))
                      (block $stridedDone
                        (loop $strided
                          (br_if $stridedDone (i32.ge_s (local.get $ox) (local.get $oxEnd)))
                          (i32.store (i32.add (local.get $o) (i32.shl (local.get $ox) (i32.const 2)))
                                     (i32.load (i32.add (local.get $source) (i32.shl (i32.mul (local.get $ox) (local.get $stride)) (i32.const 2)))))
                          (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
                          (br $strided)))))
                  (call $zero (i32.add (local.get $o) (i32.shl (local.get $oxEnd) (i32.const 2))) (i32.sub (local.get $outWidth) (local.get $oxEnd)))
                  (local.set $o (i32.add (local.get $o) (i32.shl (local.get $outWidth) (i32.const 2))))
                  (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
                  (br $outRows)))
              ;; output rows below the image
              (call $zero (local.get $o) (i32.mul (i32.sub (local.get $outHeight) (local.get $oyEnd)) (local.get $outWidth)))
              (local.set $o (i32.add (local.get $o) (i32.shl (i32.mul (i32.sub (local.get $outHeight) (local.get $oyEnd)) (local.get $outWidth)) (i32.const 2))))
              (br_if $kernelColumns (i32.lt_u (local.tee $kj (i32.add (local.get $kj) (i32.const 1))) (local.get $k))))
            (br_if $kernelRows (i32.lt_u (local.tee $ki (i32.add (local.get $ki) (i32.const 1))) (local.get $k))))
          (local.set $channel (i32.add (local.get $channel) (i32.shl (local.get $plane) (i32.const 2))))
          (br_if $channels (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $inChannels))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $images))))

  ;; Adds one image's columns gradient (laid out as im2col writes columns) onto dx (that image, zeroed by the caller):
  ;; kernel offsets descending, so each dx value receives its terms in the raster order of the output positions they
  ;; come from, as the JS col2im adds them.
  (func (export "col2im") (param $columnsGrad i32) (param $dx i32) (param $inChannels i32)
                          (param $height i32) (param $width i32) (param $k i32) (param $stride i32) (param $padding i32)
                          (param $outHeight i32) (param $outWidth i32)
    (local $c i32) (local $ki i32) (local $kj i32) (local $oy i32) (local $ox i32)
    (local $oyFirst i32) (local $oyEnd i32) (local $oxFirst i32) (local $oxEnd i32)
    (local $channel i32) (local $row i32) (local $target i32) (local $from i32) (local $at i32) (local $positionBytes i32)
    (local.set $positionBytes (i32.shl (i32.mul (local.get $outHeight) (local.get $outWidth)) (i32.const 2)))
    (local.set $channel (local.get $dx))
    (loop $channels
      (local.set $ki (local.get $k))
      (loop $kernelRows
        (local.set $ki (i32.sub (local.get $ki) (i32.const 1)))
        (local.set $oyFirst (call $rangeFirst (local.get $ki) (local.get $outHeight) (local.get $stride) (local.get $padding)))
        (local.set $oyEnd (call $rangeEnd (local.get $ki) (local.get $height) (local.get $outHeight) (local.get $stride) (local.get $padding)))
        (local.set $kj (local.get $k))
        (loop $kernelColumns
          (local.set $kj (i32.sub (local.get $kj) (i32.const 1)))
          (local.set $oxFirst (call $rangeFirst (local.get $kj) (local.get $outWidth) (local.get $stride) (local.get $padding)))
          (local.set $oxEnd (call $rangeEnd (local.get $kj) (local.get $width) (local.get $outWidth) (local.get $stride) (local.get $padding)))
          (local.set $row (i32.add (local.get $columnsGrad)
                                   (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $c) (local.get $k)) (local.get $ki)) (local.get $k)) (local.get $kj))
                                            (local.get $positionBytes))))
          (local.set $oy (local.get $oyFirst))
          (block $outRowsDone
            (loop $outRows
              (br_if $outRowsDone (i32.ge_s (local.get $oy) (local.get $oyEnd)))
              (local.set $target
                (i32.add (local.get $channel)
                         (i32.shl (i32.add (i32.mul (i32.add (i32.sub (i32.mul (local.get $oy) (local.get $stride)) (local.get $padding)) (local.get $ki))
                                                    (local.get $width))
                                           (i32.sub (local.get $kj) (local.get $padding)))
                                  (i32.const 2))))
              (local.set $from (i32.add (local.get $row) (i32.shl (i32.mul (local.get $oy) (local.get $outWidth)) (i32.const 2))))
              (if (i32.eq (local.get $stride) (i32.const 1))
                (then
                  (call $addArrays (i32.add (local.get $target) (i32.shl (local.get $oxFirst) (i32.const 2)))
                                   (i32.add (local.get $from) (i32.shl (local.get $oxFirst) (i32.const 2)))
                                   (i32.sub (local.get $oxEnd) (local.get $oxFirst))))
                (else
                  (local.set $ox (local.get $oxFirst))
                  (block $stridedDone
                    (loop $strided
                      (br_if $stridedDone (i32.ge_s (local.get $ox) (local.get $oxEnd)))
                      (local.set $at (i32.add (local.get $target) (i32.shl (i32.mul (local.get $ox) (local.get $stride)) (i32.const 2))))
                      (f32.store (local.get $at) (f32.add (f32.load (local.get $at))
                                                          (f32.load (i32.add (local.get $from) (i32.shl (local.get $ox) (i32.const 2))))))
                      (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
                      (br $strided)))))
              (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
              (br $outRows)))
          (br_if $kernelColumns (i32.gt_s (local.get $kj) (i32.const 0))))
        (br_if $kernelRows (i32.gt_s (local.get $ki) (i32.const 0))))
      (local.set $channel (i32.add (local.get $channel) (i32.shl (i32.mul (local.get $height) (local.get $width)) (i32.const 2))))
      (br_if $channels (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $inChannels)))))

  ;; 2×2 max pooling with stride 2 over `planes` planes of height × width (floor mode): y = the window's maximum,
  ;; argmax = its index in the plane. As PyTorch (and the JS kernel): the window's values in order (top-left, top-right,
  ;; bottom-left, bottom-right), a larger value or a NaN taking over; four windows of an output row at a time.
  (func (export "maxPool2") (param $x i32) (param $y i32) (param $argmax i32) (param $planes i32)
                            (param $height i32) (param $width i32) (param $outHeight i32) (param $outWidth i32)
    (local $plane i32) (local $oy i32) (local $ox i32) (local $top i32) (local $at i32) (local $o i32)
    (local $t0 v128) (local $t1 v128) (local $v v128) (local $best v128) (local $index v128) (local $first v128) (local $take v128)
    (local $bestScalar f32) (local $value f32) (local $indexScalar i32) (local $planeBytes i32) (local $vectorEnd i32)
    (local.set $planeBytes (i32.shl (i32.mul (local.get $height) (local.get $width)) (i32.const 2)))
    (local.set $vectorEnd (i32.and (local.get $outWidth) (i32.const -4)))
    (block $planesDone
      (loop $planeLoop
        (br_if $planesDone (i32.ge_u (local.get $plane) (local.get $planes)))
        (local.set $oy (i32.const 0))
        (block $rowsDone
          (loop $rowLoop
            (br_if $rowsDone (i32.ge_u (local.get $oy) (local.get $outHeight)))
            (local.set $top (i32.mul (i32.shl (local.get $oy) (i32.const 1)) (local.get $width)))
            (local.set $ox (i32.const 0))
            (block $vectorsDone
              (loop $vectors
                (br_if $vectorsDone (i32.ge_u (local.get $ox) (local.get $vectorEnd)))
                ;; window top-left indices in the plane: top + 2·ox + 0, 2, 4, 6
                (local.set $first (i32x4.add (i32x4.splat (i32.add (local.get $top) (i32.shl (local.get $ox) (i32.const 1))))
                                             (v128.const i32x4 0 2 4 6)))
                (local.set $at (i32.add (local.get $x) (i32.shl (i32.add (local.get $top) (i32.shl (local.get $ox) (i32.const 1))) (i32.const 2))))
                (local.set $t0 (v128.load (local.get $at)))
                (local.set $t1 (v128.load offset=16 (local.get $at)))
                (local.set $best (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $t0) (local.get $t1)))
                (local.set $index (local.get $first))
                (local.set $v (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $t0) (local.get $t1)))
                (local.set $take (v128.or (f32x4.gt (local.get $v) (local.get $best)) (f32x4.ne (local.get $v) (local.get $v))))
                (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $take)))
                (local.set $index (v128.bitselect (i32x4.add (local.get $first) (i32x4.splat (i32.const 1))) (local.get $index) (local.get $take)))
                (local.set $at (i32.add (local.get $at) (i32.shl (local.get $width) (i32.const 2))))
                (local.set $t0 (v128.load (local.get $at)))
                (local.set $t1 (v128.load offset=16 (local.get $at)))
                (local.set $v (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $t0) (local.get $t1)))
                (local.set $take (v128.or (f32x4.gt (local.get $v) (local.get $best)) (f32x4.ne (local.get $v) (local.get $v))))
                (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $take)))
                (local.set $index (v128.bitselect (i32x4.add (local.get $first) (i32x4.splat (local.get $width))) (local.get $index) (local.get $take)))
                (local.set $v (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $t0) (local.get $t1)))
                (local.set $take (v128.or (f32x4.gt (local.get $v) (local.get $best)) (f32x4.ne (local.get $v) (local.get $v))))
                (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $take)))
                (local.set $index (v128.bitselect (i32x4.add (local.get $first) (i32x4.splat (i32.add (local.get $width) (i32.const 1))))
                                                  (local.get $index) (local.get $take)))
                (local.set $o (i32.shl (i32.add (i32.mul (local.get $oy) (local.get $outWidth)) (local.get $ox)) (i32.const 2)))
                (v128.store (i32.add (local.get $y) (local.get $o)) (local.get $best))
                (v128.store (i32.add (local.get $argmax) (local.get $o)) (local.get $index))
                (local.set $ox (i32.add (local.get $ox) (i32.const 4)))
                (br $vectors)))
            (block $scalarsDone
              (loop $scalars
                (br_if $scalarsDone (i32.ge_u (local.get $ox) (local.get $outWidth)))
                (local.set $indexScalar (i32.add (local.get $top) (i32.shl (local.get $ox) (i32.const 1))))
                (local.set $at (i32.add (local.get $x) (i32.shl (local.get $indexScalar) (i32.const 2))))
                (local.set $bestScalar (f32.load (local.get $at)))
                (local.set $value (f32.load offset=4 (local.get $at)))
                (if (i32.or (f32.gt (local.get $value) (local.get $bestScalar)) (f32.ne (local.get $value) (local.get $value)))
                  (then (local.set $bestScalar (local.get $value))
                        (local.set $indexScalar (i32.add (local.get $top) (i32.add (i32.shl (local.get $ox) (i32.const 1)) (i32.const 1))))))
                (local.set $at (i32.add (local.get $at) (i32.shl (local.get $width) (i32.const 2))))
                (local.set $value (f32.load (local.get $at)))
                (if (i32.or (f32.gt (local.get $value) (local.get $bestScalar)) (f32.ne (local.get $value) (local.get $value)))
                  (then (local.set $bestScalar (local.get $value))
                        (local.set $indexScalar (i32.add (i32.add (local.get $top) (local.get $width)) (i32.shl (local.get $ox) (i32.const 1))))))
                (local.set $value (f32.load offset=4 (local.get $at)))
                (if (i32.or (f32.gt (local.get $value) (local.get $bestScalar)) (f32.ne (local.get $value) (local.get $value)))
                  (then (local.set $bestScalar (local.get $value))
                        (local.set $indexScalar (i32.add (i32.add (i32.add (local.get $top) (local.get $width)) (i32.shl (local.get $ox) (i32.const 1))) (i32.const 1)))))
                (local.set $o (i32.shl (i32.add (i32.mul (local.get $oy) (local.get $outWidth)) (local.get $ox)) (i32.const 2)))
                (f32.store (i32.add (local.get $y) (local.get $o)) (local.get $bestScalar))
                (i32.store (i32.add (local.get $argmax) (local.get $o)) (local.get $indexScalar))
                (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
                (br $scalars)))
            (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
            (br $rowLoop)))
        (local.set $x (i32.add (local.get $x) (local.get $planeBytes)))
        (local.set $o (i32.shl (i32.mul (local.get $outHeight) (local.get $outWidth)) (i32.const 2)))
        (local.set $y (i32.add (local.get $y) (local.get $o)))
        (local.set $argmax (i32.add (local.get $argmax) (local.get $o)))
        (local.set $plane (i32.add (local.get $plane) (i32.const 1)))
        (br $planeLoop))))

  ;; Max pooling's backward pass over `planes` planes: dx = 0, then dx[argmax[o]] += dy[o] for each output o in order.
  (func (export "maxPoolBackward") (param $dy i32) (param $argmax i32) (param $dx i32) (param $planes i32)
                                   (param $plane i32) (param $outPlane i32)
    (local $p i32) (local $q i32) (local $at i32)
    (call $zero (local.get $dx) (i32.mul (local.get $planes) (local.get $plane)))
    (block $planesDone
      (loop $planeLoop
        (br_if $planesDone (i32.ge_u (local.get $p) (local.get $planes)))
        (local.set $q (i32.const 0))
        (block $outputsDone
          (loop $outputs
            (br_if $outputsDone (i32.ge_u (local.get $q) (local.get $outPlane)))
            (local.set $at (i32.add (local.get $dx) (i32.shl (i32.load (local.get $argmax)) (i32.const 2))))
            (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (f32.load (local.get $dy))))
            (local.set $argmax (i32.add (local.get $argmax) (i32.const 4)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $outputs)))
        (local.set $dx (i32.add (local.get $dx) (i32.shl (local.get $plane) (i32.const 2))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $planeLoop))))
;; The reductions as metrics kernels: *$slot = float32(Σ x²) (as JS stores the float64 sum into a Float32Array), and
  ;; *$slot += the non-finite count (float32 + an integer count, as JS adds them: exact until 2^24).
  (func (export "sumOfSquaresInto") (param $x i32) (param $count i32) (param $slot i32)
    (f32.store (local.get $slot) (f32.demote_f64 (call $sumOfSquares (local.get $x) (local.get $count)))))
  (func (export "countNonFiniteInto") (param $x i32) (param $count i32) (param $slot i32)
    (f32.store (local.get $slot)
      (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $slot)))
                               (f64.convert_i32_u (call $countNonFinite (local.get $x) (local.get $count)))))))
)
