/// How MKL's packed sgemm kernel splits the inner dimension k (measured on PyTorch 2.15 with
/// MKL 2024.2, whose AVX2 code path runs on both AVX2 and AVX-512 x86-64 machines).
///
/// The packed kernel (the one `Float32Arithmetic.mm` uses for blocks of four rows when there
/// are at least four rows and twelve columns) does not run one fused multiply-add chain over
/// all of k once k exceeds 192. It cuts k into blocks; each block is a fused multiply-add
/// chain started from zero, and the blocks' sums are added to the result in order:
///
///     k ≤ 192        one block of k
///     192 < k ≤ 384  blocks of ⌊k/2⌋ (an odd k leaves a last block of one term)
///     k > 384        blocks of 192, the last one shorter
///
/// e.g. k = 193 → 96 + 96 + 1, k = 300 → 150 + 150, k = 700 → 192 + 192 + 192 + 124.
/// Found by fitting candidate orders to PyTorch's results bit for bit (every two- and
/// three-block split for odd k), and confirmed for k from 1 to 4096 with m and n up to 1024,
/// every layout of the operands (`a @ b`, `a @ b.T`, `a.T @ b`, `a.T @ b.T`) and one or two
/// threads, which split rows and columns between them but never k; see
/// `scripts/matmul_order.py`, which re-derives and checks the rule where torch is installed.
/// The other kernels (small unfused, dot and gemv kernels) do not block k.
extension MKLKernels {
    /// The length of the packed kernel's k-blocks for an inner dimension of `k`.
    static func packedBlockLength(_ k: Int) -> Int {
        if k <= 192 { return k }
        if k <= 384 { return k / 2 }
        return 192
    }

    /// One element of the packed kernel: fused multiply-add chains over k-blocks, added in order.
    /// `initial` is the value the result held before the product (`addmm`'s bias, beta = 1):
    /// MKL adds every block's sum to it, so it comes first.
    static func packedDot(_ a: [Float], _ b: [Float], initial: Float? = nil) -> Float {
        let k = a.count
        let block = Swift.max(1, packedBlockLength(k))
        var total = initial ?? 0
        var stored = initial != nil
        var start = 0
        while start < k {
            let end = Swift.min(k, start + block)
            var partial: Float = 0
            for p in start..<end { partial = partial.addingProduct(a[p], b[p]) }
            // Without an initial value the first block is stored as is (beta = 0).
            total = stored ? total + partial : partial
            stored = true
            start = end
        }
        return total
    }
}
