;; Packed single-precision matrix product for the CPU backend, on WebAssembly SIMD128 (plain f32x4.mul then
;; f32x4.add, never fused or relaxed, so every result is the IEEE float32 value and matches the JS kernel bit for bit).
;;
;; C (m×n) = A (m×k) · B (k×n), row-major, any operand stored transposed. Goto/BLIS blocking:
;;   for each NC-column block of B, each KC-deep slice of k:
;;     pack that KC×NC block of B into 8-column panels (row p of a panel = B[p, j..j+7]),
;;     for each MC-row block of A: pack it into 4-row panels (row p of a panel = A[i..i+3, p]),
;;       for each 8-column panel, each 4-row panel: the 4×8 register tile below.
;; Packing reads the stored operand through two byte strides, so a transposed operand only changes the
;; strides (and which packer fast path runs), never the tile: transposed products run as fast as plain ones.
;; Small products (m·k·n ≤ 32768: a small network's layers) skip packing where they can: the tiles read A through its
;; strides and B's full 8-column panels in place when B is not transposed; the same sums in the same order. A tile
;; at A's bottom edge reads and writes only its valid rows; one at B's right edge goes through a 4×8 scratch tile.
;; Accumulation order: each C[i][j] is one float32 running sum over p = 0, 1, …, k−1 in order, starting from
;; +0, adding the rounded product A[i][p]·B[p][j] each time; a KC slice carries the sum on through C itself.
;;
;; With $accumulateC = 1, C's values are where the running sums start (C += A·B), so a product over k split into
;; consecutive calls (k = k₀ + k₁ + …, each accumulating after the first) gives the bits of one call over all of k.
;;
;; Memory: one exported memory that JavaScript grows and lays out. `gemm` takes byte addresses of A, B, C and
;; of a 16-byte-aligned workspace of (KC·NC + MC·KC + 32)·4 bytes (the exported blocking constants).
(module
  ;; 4 MiB to start with: the workspace and a small network's buffers fit without growing the memory, which would
  ;; detach every view on it (and, once any ArrayBuffer has been detached, V8 checks for detachment in every
  ;; typed-array loop of the process, making them all slower).
  (memory (export "memory") 64)

  ;; Blocking: KC = 256 (one packed 8-column panel of B is 8 KiB, in L1), MC = 64 (a packed A block is 64 KiB),
  ;; NC = 512 (a packed B block is 512 KiB, in L2). MC is a multiple of 4 and NC of 8.
  ;; The workspace is [packed B: KC·NC floats][packed A: MC·KC floats][edge tile: 4·8 floats].
  (global $KC (export "KC") i32 (i32.const 256))
  (global $MC (export "MC") i32 (i32.const 64))
  (global $NC (export "NC") i32 (i32.const 512))

  ;; The 4×8 register tile: C[4×8] = (accumulate ? C : 0) + Σ_p Apanel[p][0..3]ᵀ · Bpanel[p][0..7],
  ;; p = 0 … kc−1 in order. $pa: kc rows of 4 floats; $pb: kc rows of 8 floats; $c: row 0 of C, rows $ldc bytes apart.
  ;; Only C's first $rows rows (1 … 4) are read and written (a panel at A's bottom edge, zero-padded, needs no copy).
  (func $tile (param $pa i32) (param $pb i32) (param $kc i32) (param $c i32) (param $ldc i32) (param $accumulate i32)
              (param $rows i32)
    (local $end i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local $b0 v128) (local $b1 v128) (local $a v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $c1 (i32.add (local.get $c) (local.get $ldc)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $ldc)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $ldc)))
    (if (local.get $accumulate)
      (then
        (local.set $s00 (v128.load (local.get $c)))
        (local.set $s01 (v128.load offset=16 (local.get $c)))
        (if (i32.gt_u (local.get $rows) (i32.const 1))
          (then
            (local.set $s10 (v128.load (local.get $c1)))
            (local.set $s11 (v128.load offset=16 (local.get $c1)))))
        (if (i32.gt_u (local.get $rows) (i32.const 2))
          (then
            (local.set $s20 (v128.load (local.get $c2)))
            (local.set $s21 (v128.load offset=16 (local.get $c2)))))
        (if (i32.gt_u (local.get $rows) (i32.const 3))
          (then
            (local.set $s30 (v128.load (local.get $c3)))
            (local.set $s31 (v128.load offset=16 (local.get $c3)))))))
    (local.set $end (i32.add (local.get $pb) (i32.shl (local.get $kc) (i32.const 5))))
    (loop $k
      (local.set $b0 (v128.load (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      (local.set $a (v128.load32_splat (local.get $pa)))
      (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=4 (local.get $pa)))
      (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=8 (local.get $pa)))
      (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $s21 (f32x4.add (local.get $s21) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=12 (local.get $pa)))
      (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $s31 (f32x4.add (local.get $s31) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
      (br_if $k (i32.lt_u (local.tee $pb (i32.add (local.get $pb) (i32.const 32))) (local.get $end))))
    (v128.store (local.get $c) (local.get $s00))
    (v128.store offset=16 (local.get $c) (local.get $s01))
    (if (i32.le_u (local.get $rows) (i32.const 1)) (then (return)))
    (v128.store (local.get $c1) (local.get $s10))
    (v128.store offset=16 (local.get $c1) (local.get $s11))
    (if (i32.le_u (local.get $rows) (i32.const 2)) (then (return)))
    (v128.store (local.get $c2) (local.get $s20))
    (v128.store offset=16 (local.get $c2) (local.get $s21))
    (if (i32.le_u (local.get $rows) (i32.const 3)) (then (return)))
    (v128.store (local.get $c3) (local.get $s30))
    (v128.store offset=16 (local.get $c3) (local.get $s31)))

;; The same tile reading A and B where they are: A[i+r][p] at $pa + r·$aLane + p·$aStep (rows past $rows read row 0
  ;; again and are not stored, so nothing outside A is touched) and B[p][0..7] at $pb + p·$bStep. With $aLane = 4,
  ;; $aStep = 16, $bStep = 32 it reads packed panels as $tile does, with the same sums in the same order.
  (func $tileDirect (param $pa i32) (param $aLane i32) (param $aStep i32) (param $pb i32) (param $bStep i32) (param $kc i32)
                    (param $c i32) (param $ldc i32) (param $accumulate i32) (param $rows i32)
    (local $p i32) (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local $b0 v128) (local $b1 v128) (local $a v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $a0 (local.get $pa))
    (local.set $a1 (select (i32.add (local.get $pa) (local.get $aLane)) (local.get $pa) (i32.gt_u (local.get $rows) (i32.const 1))))
    (local.set $a2 (select (i32.add (local.get $pa) (i32.shl (local.get $aLane) (i32.const 1))) (local.get $pa) (i32.gt_u (local.get $rows) (i32.const 2))))
    (local.set $a3 (select (i32.add (local.get $pa) (i32.mul (local.get $aLane) (i32.const 3))) (local.get $pa) (i32.gt_u (local.get $rows) (i32.const 3))))
    (local.set $c1 (i32.add (local.get $c) (local.get $ldc)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $ldc)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $ldc)))
    (if (local.get $accumulate)
      (then
        (local.set $s00 (v128.load (local.get $c)))
        (local.set $s01 (v128.load offset=16 (local.get $c)))
        (if (i32.gt_u (local.get $rows) (i32.const 1))
          (then
            (local.set $s10 (v128.load (local.get $c1)))
            (local.set $s11 (v128.load offset=16 (local.get $c1)))))
        (if (i32.gt_u (local.get $rows) (i32.const 2))
          (then
            (local.set $s20 (v128.load (local.get $c2)))
            (local.set $s21 (v128.load offset=16 (local.get $c2)))))
        (if (i32.gt_u (local.get $rows) (i32.const 3))
          (then
            (local.set $s30 (v128.load (local.get $c3)))
            (local.set $s31 (v128.load offset=16 (local.get $c3)))))))
    (local.set $p (local.get $kc))
    (loop $k
      (local.set $b0 (v128.load (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      (local.set $a (v128.load32_splat (local.get $a0)))
      (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat (local.get $a1)))
      (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat (local.get $a2)))
      (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $s21 (f32x4.add (local.get $s21) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat (local.get $a3)))
      (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $s31 (f32x4.add (local.get $s31) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a0 (i32.add (local.get $a0) (local.get $aStep)))
      (local.set $a1 (i32.add (local.get $a1) (local.get $aStep)))
      (local.set $a2 (i32.add (local.get $a2) (local.get $aStep)))
      (local.set $a3 (i32.add (local.get $a3) (local.get $aStep)))
      (local.set $pb (i32.add (local.get $pb) (local.get $bStep)))
      (br_if $k (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))
    (v128.store (local.get $c) (local.get $s00))
    (v128.store offset=16 (local.get $c) (local.get $s01))
    (if (i32.le_u (local.get $rows) (i32.const 1)) (then (return)))
    (v128.store (local.get $c1) (local.get $s10))
    (v128.store offset=16 (local.get $c1) (local.get $s11))
    (if (i32.le_u (local.get $rows) (i32.const 2)) (then (return)))
    (v128.store (local.get $c2) (local.get $s20))
    (v128.store offset=16 (local.get $c2) (local.get $s21))
    (if (i32.le_u (local.get $rows) (i32.const 3)) (then (return)))
    (v128.store (local.get $c3) (local.get $s30))
    (v128.store offset=16 (local.get $c3) (local.get $s31)))

  ;; A tile with fewer than 8 valid columns (and 1 … 4 valid rows): runs $tileDirect (A and B addressed as there) on
  ;; the workspace's 4×8 edge tile and copies the valid $rows × $cols corner in (when accumulating) and out.
  (func $edgeTile (param $pa i32) (param $aLane i32) (param $aStep i32) (param $pb i32) (param $bStep i32) (param $kc i32)
                  (param $c i32) (param $ldc i32) (param $accumulate i32) (param $rows i32) (param $cols i32) (param $tile i32)
    (local $r i32) (local $j i32)
    (if (local.get $accumulate)
      (then
        (local.set $r (i32.const 0))
        (loop $rowIn
          (local.set $j (i32.const 0))
          (loop $colIn
            (f32.store
              (i32.add (local.get $tile) (i32.shl (i32.add (i32.shl (local.get $r) (i32.const 3)) (local.get $j)) (i32.const 2)))
              (f32.load (i32.add (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 2)))))
            (br_if $colIn (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $cols))))
          (br_if $rowIn (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $rows))))))
    (call $tileDirect (local.get $pa) (local.get $aLane) (local.get $aStep) (local.get $pb) (local.get $bStep) (local.get $kc)
                      (local.get $tile) (i32.const 32) (local.get $accumulate) (local.get $rows))
    (local.set $r (i32.const 0))
    (loop $rowOut
      (local.set $j (i32.const 0))
      (loop $colOut
        (f32.store
          (i32.add (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 2)))
          (f32.load (i32.add (local.get $tile) (i32.shl (i32.add (i32.shl (local.get $r) (i32.const 3)) (local.get $j)) (i32.const 2)))))
        (br_if $colOut (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $cols))))
      (br_if $rowOut (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $rows)))))

  ;; Scalar packer for any strides: dst[p·width + lane] = src[p·$sp + lane·$sl] (byte strides) for lane < $valid,
  ;; 0 for the padding lanes, p = 0 … $count−1.
  (func $packScalar (param $dst i32) (param $src i32) (param $count i32) (param $width i32) (param $valid i32)
                    (param $sp i32) (param $sl i32)
    (local $lane i32) (local $p i32) (local $s i32) (local $d i32) (local $rowBytes i32)
    (if (i32.eqz (local.get $count)) (then (return)))
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    ;; zero the padding lanes first (a store loop: for the small panels this runs on, memory.fill's call costs more)
    (if (i32.lt_u (local.get $valid) (local.get $width))
      (then
        (local.set $d (local.get $dst))
        (local.set $s (i32.add (local.get $dst) (i32.mul (local.get $count) (local.get $rowBytes))))
        (loop $zero
          (v128.store (local.get $d) (v128.const i32x4 0 0 0 0))
          (br_if $zero (i32.lt_u (local.tee $d (i32.add (local.get $d) (i32.const 16))) (local.get $s))))))
    (loop $lanes
      (local.set $s (i32.add (local.get $src) (i32.mul (local.get $lane) (local.get $sl))))
      (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $lane) (i32.const 2))))
      (local.set $p (local.get $count))
      (loop $rows
        (f32.store (local.get $d) (f32.load (local.get $s)))
        (local.set $s (i32.add (local.get $s) (local.get $sp)))
        (local.set $d (i32.add (local.get $d) (local.get $rowBytes)))
        (br_if $rows (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))
      (br_if $lanes (i32.lt_u (local.tee $lane (i32.add (local.get $lane) (i32.const 1))) (local.get $valid)))))

  ;; Packs a $kc × $width panel ($width 4 or 8) as $packScalar does, with SIMD fast paths for full panels:
  ;; lanes adjacent in memory ($sl = 4) copy whole rows; p adjacent in memory ($sp = 4) go through 4×4 transposes.
  (func $pack (param $dst i32) (param $src i32) (param $kc i32) (param $width i32) (param $valid i32)
              (param $sp i32) (param $sl i32)
    (local $rowBytes i32) (local $group i32) (local $s i32) (local $d i32) (local $p i32) (local $full i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (if (i32.ne (local.get $valid) (local.get $width))
      (then (call $packScalar (local.get $dst) (local.get $src) (local.get $kc) (local.get $width) (local.get $valid)
                              (local.get $sp) (local.get $sl))
            (return)))
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (if (i32.eq (local.get $sl) (i32.const 4))
      (then
        (local.set $p (local.get $kc))
        (loop $rows
          (v128.store (local.get $dst) (v128.load (local.get $src)))
          (if (i32.eq (local.get $width) (i32.const 8))
            (then (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))))
          (local.set $dst (i32.add (local.get $dst) (local.get $rowBytes)))
          (local.set $src (i32.add (local.get $src) (local.get $sp)))
          (br_if $rows (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))
        (return)))
    (if (i32.ne (local.get $sp) (i32.const 4))
      (then (call $packScalar (local.get $dst) (local.get $src) (local.get $kc) (local.get $width) (local.get $valid)
                              (local.get $sp) (local.get $sl))
            (return)))
    ;; p adjacent: four lanes × four p at a time, transposed in registers.
    (local.set $full (i32.and (local.get $kc) (i32.const -4)))
    (local.set $group (i32.const 0))
    (loop $groups
      (local.set $s (i32.add (local.get $src) (i32.mul (local.get $group) (local.get $sl))))
      (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $group) (i32.const 2))))
      (local.set $p (i32.const 0))
      (if (local.get $full)
        (then
          (loop $quads
            (local.set $v0 (v128.load (local.get $s)))
            (local.set $v1 (v128.load (i32.add (local.get $s) (local.get $sl))))
            (local.set $v2 (v128.load (i32.add (local.get $s) (i32.shl (local.get $sl) (i32.const 1)))))
            (local.set $v3 (v128.load (i32.add (local.get $s) (i32.mul (local.get $sl) (i32.const 3)))))
            ;; t0 = v0[0] v1[0] v0[1] v1[1]; t1 = v0[2] v1[2] v0[3] v1[3]; t2, t3 likewise for v2, v3
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
            (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
            (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
            ;; row p+q of the panel = lanes v0[q] v1[q] v2[q] v3[q]
            (v128.store (local.get $d)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
            (v128.store (i32.add (local.get $d) (local.get $rowBytes))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
            (v128.store (i32.add (local.get $d) (i32.shl (local.get $rowBytes) (i32.const 1)))
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
            (v128.store (i32.add (local.get $d) (i32.mul (local.get $rowBytes) (i32.const 3)))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
            (local.set $s (i32.add (local.get $s) (i32.const 16)))
            (local.set $d (i32.add (local.get $d) (i32.shl (local.get $rowBytes) (i32.const 2))))
            (br_if $quads (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 4))) (local.get $full))))))
      (local.set $group (i32.add (local.get $group) (i32.const 4)))
      (br_if $groups (i32.lt_u (local.get $group) (local.get $width))))
    ;; the last kc mod 4 rows
    (call $packScalar
      (i32.add (local.get $dst) (i32.mul (local.get $full) (local.get $rowBytes)))
      (i32.add (local.get $src) (i32.shl (local.get $full) (i32.const 2)))
      (i32.sub (local.get $kc) (local.get $full)) (local.get $width) (local.get $valid) (local.get $sp) (local.get $sl)))

;; C = A · B (C += A · B with $accumulateC = 1) with A stored m×k ($transA = 0) or k×m ($transA = 1) and B stored
  ;; k×n ($transB = 0) or n×k ($transB = 1); addresses in bytes, dimensions ≥ 1. C must not overlap A, B or the workspace.
  ;; Small products (m·k·n ≤ DIRECT) read A, and B when it is not transposed, where they are instead of packing them
  ;; (for them packing costs more than it saves); only B's last, partial column panel is still packed.
  (func (export "gemm") (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
                        (param $transA i32) (param $transB i32) (param $work i32) (param $accumulateC i32)
    (local $packB i32) (local $packA i32) (local $tile i32) (local $ldc i32)
    (local $aRow i32) (local $aCol i32) (local $bRow i32) (local $bCol i32)
    (local $jc i32) (local $nc i32) (local $pc i32) (local $kc i32) (local $ic i32) (local $mc i32)
    (local $jr i32) (local $ir i32) (local $cols i32) (local $rows i32) (local $accumulate i32) (local $cBlock i32) (local $c0 i32)
    (local $direct i32) (local $directB i32) (local $pa i32) (local $aLane i32) (local $aStep i32) (local $pb i32) (local $bStep i32)
    (local.set $packB (local.get $work))
    (local.set $packA (i32.add (local.get $work) (i32.shl (i32.mul (global.get $KC) (global.get $NC)) (i32.const 2))))
    (local.set $tile (i32.add (local.get $packA) (i32.shl (i32.mul (global.get $MC) (global.get $KC)) (i32.const 2))))
    (local.set $ldc (i32.shl (local.get $n) (i32.const 2)))
    (local.set $direct
      (i64.le_u (i64.mul (i64.mul (i64.extend_i32_u (local.get $m)) (i64.extend_i32_u (local.get $k))) (i64.extend_i32_u (local.get $n)))
                (i64.const 32768)))
    (local.set $directB (i32.and (local.get $direct) (i32.eqz (local.get $transB))))
    ;; byte strides: A[i][p] at a + i·aRow + p·aCol, B[p][j] at b + p·bRow + j·bCol
    (if (local.get $transA)
      (then (local.set $aRow (i32.const 4)) (local.set $aCol (i32.shl (local.get $m) (i32.const 2))))
      (else (local.set $aRow (i32.shl (local.get $k) (i32.const 2))) (local.set $aCol (i32.const 4))))
    (if (local.get $transB)
      (then (local.set $bRow (i32.const 4)) (local.set $bCol (i32.shl (local.get $k) (i32.const 2))))
      (else (local.set $bRow (i32.shl (local.get $n) (i32.const 2))) (local.set $bCol (i32.const 4))))
    ;; how the tiles step through A: along its stored strides (direct) or through packed 4-row panels
    (if (local.get $direct)
      (then (local.set $aLane (local.get $aRow)) (local.set $aStep (local.get $aCol)))
      (else (local.set $aLane (i32.const 4)) (local.set $aStep (i32.const 16))))
    (loop $columnBlocks
      (local.set $nc (select (i32.sub (local.get $n) (local.get $jc)) (global.get $NC)
                             (i32.lt_u (i32.sub (local.get $n) (local.get $jc)) (global.get $NC))))
      (local.set $pc (i32.const 0))
      (loop $depthSlices
        (local.set $kc (select (i32.sub (local.get $k) (local.get $pc)) (global.get $KC)
                               (i32.lt_u (i32.sub (local.get $k) (local.get $pc)) (global.get $KC))))
        (local.set $accumulate (i32.or (local.get $accumulateC) (i32.ne (local.get $pc) (i32.const 0))))
        ;; pack B[pc … pc+kc−1][jc … jc+nc−1] into 8-column panels (read in place: all but a partial last one)
        (local.set $jr (i32.const 0))
        (loop $packPanelsB
          (local.set $cols (select (i32.sub (local.get $nc) (local.get $jr)) (i32.const 8) (i32.lt_u (i32.sub (local.get $nc) (local.get $jr)) (i32.const 8))))
          (if (i32.or (i32.eqz (local.get $directB)) (i32.lt_u (local.get $cols) (i32.const 8)))
            (then
              (call $pack
                (i32.add (local.get $packB) (i32.shl (i32.mul (local.get $jr) (local.get $kc)) (i32.const 2)))
                (i32.add (local.get $b) (i32.add (i32.mul (local.get $pc) (local.get $bRow))
                                                 (i32.mul (i32.add (local.get $jc) (local.get $jr)) (local.get $bCol))))
                (local.get $kc) (i32.const 8) (local.get $cols) (local.get $bRow) (local.get $bCol))))
          (br_if $packPanelsB (i32.lt_u (local.tee $jr (i32.add (local.get $jr) (i32.const 8))) (local.get $nc))))
        (local.set $ic (i32.const 0))
        (loop $rowBlocks
          (local.set $mc (select (i32.sub (local.get $m) (local.get $ic)) (global.get $MC)
                                 (i32.lt_u (i32.sub (local.get $m) (local.get $ic)) (global.get $MC))))
          ;; pack A[ic … ic+mc−1][pc … pc+kc−1] into 4-row panels (direct: read in place)
          (local.set $ir (i32.const 0))
          (if (i32.eqz (local.get $direct))
            (then
              (loop $packPanelsA
                (call $pack
                  (i32.add (local.get $packA) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 2)))
                  (i32.add (local.get $a) (i32.add (i32.mul (i32.add (local.get $ic) (local.get $ir)) (local.get $aRow))
                                                   (i32.mul (local.get $pc) (local.get $aCol))))
                  (local.get $kc) (i32.const 4)
                  (select (i32.sub (local.get $mc) (local.get $ir)) (i32.const 4) (i32.lt_u (i32.sub (local.get $mc) (local.get $ir)) (i32.const 4)))
                  (local.get $aCol) (local.get $aRow))
                (br_if $packPanelsA (i32.lt_u (local.tee $ir (i32.add (local.get $ir) (i32.const 4))) (local.get $mc))))))
          ;; C[ic …][jc …] block: each B panel (kept in L1) against every A panel
          (local.set $cBlock (i32.add (local.get $c) (i32.add (i32.mul (local.get $ic) (local.get $ldc))
                                                              (i32.shl (local.get $jc) (i32.const 2)))))
          (local.set $jr (i32.const 0))
          (loop $panelsB
            (local.set $cols (select (i32.sub (local.get $nc) (local.get $jr)) (i32.const 8)
                                     (i32.lt_u (i32.sub (local.get $nc) (local.get $jr)) (i32.const 8))))
            (if (i32.and (local.get $directB) (i32.eq (local.get $cols) (i32.const 8)))
              (then
                (local.set $pb (i32.add (local.get $b) (i32.add (i32.mul (local.get $pc) (local.get $bRow))
                                                                (i32.shl (i32.add (local.get $jc) (local.get $jr)) (i32.const 2)))))
                (local.set $bStep (local.get $bRow)))
              (else
                (local.set $pb (i32.add (local.get $packB) (i32.shl (i32.mul (local.get $jr) (local.get $kc)) (i32.const 2))))
                (local.set $bStep (i32.const 32))))
            (local.set $ir (i32.const 0))
            (loop $panelsA
              (local.set $rows (select (i32.sub (local.get $mc) (local.get $ir)) (i32.const 4)
                                       (i32.lt_u (i32.sub (local.get $mc) (local.get $ir)) (i32.const 4))))
              (local.set $c0 (i32.add (local.get $cBlock) (i32.add (i32.mul (local.get $ir) (local.get $ldc))
                                                                   (i32.shl (local.get $jr) (i32.const 2)))))
              (if (local.get $direct)
                (then (local.set $pa (i32.add (local.get $a) (i32.add (i32.mul (i32.add (local.get $ic) (local.get $ir)) (local.get $aRow))
                                                                      (i32.mul (local.get $pc) (local.get $aCol))))))
                (else (local.set $pa (i32.add (local.get $packA) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 2))))))
              (if (i32.eq (local.get $cols) (i32.const 8))
                (then
                  (if (local.get $direct)
                    (then
                      (call $tileDirect (local.get $pa) (local.get $aLane) (local.get $aStep) (local.get $pb) (local.get $bStep)
                                        (local.get $kc) (local.get $c0) (local.get $ldc) (local.get $accumulate) (local.get $rows)))
                    (else
                      (call $tile (local.get $pa) (local.get $pb) (local.get $kc) (local.get $c0) (local.get $ldc)
                                  (local.get $accumulate) (local.get $rows)))))
                (else
                  (call $edgeTile (local.get $pa) (local.get $aLane) (local.get $aStep) (local.get $pb) (local.get $bStep)
                                  (local.get $kc) (local.get $c0) (local.get $ldc) (local.get $accumulate)
                                  (local.get $rows) (local.get $cols) (local.get $tile))))
              (br_if $panelsA (i32.lt_u (local.tee $ir (i32.add (local.get $ir) (i32.const 4))) (local.get $mc))))
            (br_if $panelsB (i32.lt_u (local.tee $jr (i32.add (local.get $jr) (i32.const 8))) (local.get $nc))))
          (br_if $rowBlocks (i32.lt_u (local.tee $ic (i32.add (local.get $ic) (global.get $MC))) (local.get $m))))
        (br_if $depthSlices (i32.lt_u (local.tee $pc (i32.add (local.get $pc) (global.get $KC))) (local.get $k))))
      (br_if $columnBlocks (i32.lt_u (local.tee $jc (i32.add (local.get $jc) (global.get $NC))) (local.get $n)))))
)
