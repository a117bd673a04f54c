#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// PyTorch's CPU random generator: a 32-bit Mersenne Twister (MT19937) with PyTorch's seeding
/// and the derived uniform and normal draws, so seeded programs reproduce PyTorch's numbers.
///
/// Not thread-safe: like PyTorch's generator it is meant to be driven from one thread at a time.
public final class Generator: @unchecked Sendable {
    /// PyTorch's `default_rng_seed_val`, the seed the default generator starts from.
    public static let defaultSeed: UInt64 = 67280421310721

    /// The default generator, what `torch.manual_seed` reseeds.
    public static let global = Generator()

    private static let stateSize = 624
    private static let shift = 397
    private static let matrixA: UInt32 = 0x9908_B0DF
    private static let upperMask: UInt32 = 0x8000_0000
    private static let lowerMask: UInt32 = 0x7FFF_FFFF

    private var state = [UInt32](repeating: 0, count: Generator.stateSize)
    /// Index of the next state word to temper; `stateSize` means the state must be regenerated.
    private var next = Generator.stateSize
    /// The second Box–Muller sample of the last double normal draw, handed out next.
    private var cachedNormal: Double?

    /// The seed last given to `manualSeed` (or the constructor), before reduction mod 2^32.
    public private(set) var initialSeed: UInt64 = 0

    public init(seed: UInt64 = Generator.defaultSeed) {
        manualSeed(seed)
    }

    /// Reseeds as `torch.manual_seed(seed)` does; only the low 32 bits reach the MT state.
    public func manualSeed(_ seed: UInt64) {
        initialSeed = seed
        state[0] = UInt32(truncatingIfNeeded: seed)
        for i in 1..<Generator.stateSize {
            let prev = state[i - 1]
            state[i] = 1_812_433_253 &* (prev ^ (prev >> 30)) &+ UInt32(i)
        }
        next = Generator.stateSize
        cachedNormal = nil
    }

    /// Regenerates all 624 state words (the MT19937 "twist").
    private func twist() {
        let n = Generator.stateSize, m = Generator.shift
        for i in 0..<n {
            let y = (state[i] & Generator.upperMask) | (state[(i + 1) % n] & Generator.lowerMask)
            var v = state[(i + m) % n] ^ (y >> 1)
            if y & 1 != 0 { v ^= Generator.matrixA }
            state[i] = v
        }
        next = 0
    }

    /// One tempered 32-bit MT19937 output (`generator->random()`).
    public func random() -> UInt32 {
        if next >= Generator.stateSize { twist() }
        var y = state[next]
        next += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// Two outputs joined as `(first << 32) | second` (`generator->random64()`).
    public func random64() -> UInt64 {
        let hi = UInt64(random())
        let lo = UInt64(random())
        return (hi << 32) | lo
    }

    /// A uniform in [0, 1) from 24 random bits, as PyTorch draws float32 uniforms.
    public func uniform24() -> Double {
        Double(random() & 0xFF_FFFF) * 0x1p-24
    }

    /// A uniform in [0, 1) from 53 random bits, as PyTorch draws double uniforms.
    public func uniform53() -> Double {
        Double(random64() & ((1 << 53) - 1)) * 0x1p-53
    }

    /// A standard normal sample by Box–Muller in double, as `at::normal_distribution<double>`.
    ///
    /// Each Box–Muller step yields two samples; the sine one is cached and returned by the
    /// next call, which is why PyTorch's small `randn` calls consume random numbers in pairs.
    public func normal() -> Double {
        if let cached = cachedNormal {
            cachedNormal = nil
            return cached
        }
        let u1 = uniform53()
        let u2 = uniform53()
        let r = (-2 * log1p(-u2)).squareRoot()
        let theta = 2 * Double.pi * u1
        cachedNormal = r * sin(theta)
        return r * cos(theta)
    }
}
