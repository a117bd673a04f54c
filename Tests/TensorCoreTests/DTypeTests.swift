import Testing
import TensorCore

/// Dtypes: PyTorch's promotion table and result-type rules, conversions as PyTorch's x86 build
/// converts, and integer tensors that hold exact int64 values. Expected values were printed by
/// PyTorch 2.15 (see also the `torch_dtype_family`, `torch_type_promotion` and
/// `torch_int64_exact` scripts of the StepScript corpus).
@Suite struct DTypeTests {
    @Test(arguments: [
        (DType.uint8, DType.int8, DType.int16), (.uint8, .int32, .int32), (.int8, .int16, .int16),
        (.int32, .int64, .int64), (.bool, .uint8, .uint8), (.float16, .bfloat16, .float32),
        (.float16, .float32, .float32), (.bfloat16, .float64, .float64), (.int64, .float16, .float16),
        (.bool, .bool, .bool),
    ])
    func promotionTable(_ a: DType, _ b: DType, _ expected: DType) {
        #expect(DType.promote(a, b) == expected)
        #expect(DType.promote(b, a) == expected)
    }

    @Test func zeroDimTensorsAndNumbersCountOnlyByCategory() throws {
        let i32 = Tensor(shape: [2], integers: [1, 2], dtype: .int32)
        #expect(try i32.binary(.add, .int(5)).dtype == .int32)
        #expect(try i32.binary(.add, .float(2.5)).dtype == .float32)
        #expect(try i32.binary(.add, Tensor(shape: [], integers: [5], dtype: .int64)).dtype == .int32)
        // A 0-d tensor of a higher category brings its own dtype, float64 included.
        #expect(try i32.binary(.add, Tensor(scalar: 5, dtype: .float64)).dtype == .float64)
        #expect(try Tensor(shape: [2], data: [1, 2]).binary(.add, Tensor(scalar: 5, dtype: .float64)).dtype == .float32)
        // 0-d with 0-d: ordinary promotion.
        let zero8 = Tensor(shape: [], integers: [5], dtype: .int8)
        #expect(try zero8.binary(.add, Tensor(shape: [], integers: [5], dtype: .int32)).dtype == .int32)
        #expect(try zero8.binary(.add, .int(5)).dtype == .int8)
        // True division of integers gives the default float type; comparisons give bool.
        #expect(try i32.binary(.div, i32).dtype == .float32)
        #expect(try i32.binary(.lt, .float(1.5)).dtype == .bool)
    }

    @Test func integerArithmeticWrapsAtTheTensorsWidth() throws {
        let u8 = Tensor(shape: [2], integers: [1, 200], dtype: .uint8)
        #expect(try u8.binary(.add, .int(300)).integers == [45, 244])
        #expect(try u8.binary(.sub, .int(2)).integers == [255, 198])
        #expect(u8.unary(.neg).integers == [255, 56])
        let i8 = Tensor(shape: [1], integers: [-128], dtype: .int8)
        #expect(i8.unary(.abs).integers == [-128])
        let big = Tensor(shape: [2], integers: [Int64.max, 1])
        #expect(try big.binary(.add, .int(1)).integers == [Int64.min, 2])
        #expect(try big.sum().integers == [Int64.min])
        #expect(try Tensor(shape: [1], integers: [2]).binary(.pow, .int(70)).integers == [0])
        #expect(try Tensor(shape: [2], integers: [5, -7]).binary(.floorDiv, .int(2)).integers == [2, -4])
        #expect(try Tensor(shape: [2], integers: [5, -7]).binary(.mod, .int(3)).integers == [2, 2])
        #expect(throws: TensorError(.runtime, "ZeroDivisionError")) { try big.binary(.floorDiv, .int(0)) }
        #expect(throws: TensorError(.runtime, "Integers to negative integer powers are not allowed.")) {
            try big.binary(.pow, .int(-1))
        }
    }

    @Test func int64ValuesStayExact() throws {
        let t = Tensor(shape: [3], integers: [Int64.max, 1, Int64.min])
        #expect(t.description == "tensor([ 9223372036854775807,                    1, -9223372036854775808])")
        #expect(try t.max().integerScalar == Int64.max)
        #expect(try t.index([.int(0)]).integerScalar == Int64.max)
        #expect(try Tensor.cat([t, t]).integers == [Int64.max, 1, Int64.min, Int64.max, 1, Int64.min])
        let a = Tensor(shape: [1, 2], integers: [1 << 62, 1]), b = Tensor(shape: [2, 1], integers: [4, 1])
        #expect(try a.matmul(b).integers == [1])
        #expect(try Tensor.arange(start: 1 << 62, end: (1 << 62) + 2, step: 1, dtype: .int64).integers == [1 << 62, (1 << 62) + 1])
    }

    @Test func conversionsRoundOnceAndFollowX86ForOutOfRange() {
        let x = Tensor(shape: [4], data: [3e9, -2.7, 300, .nan])
        #expect(x.to(.int32).integers == [Int64(Int32.min), -2, 300, Int64(Int32.min)])
        #expect(x.to(.int16).integers == [0, -2, 300, 0])
        #expect(x.to(.uint8).integers == [0, 254, 44, 0])
        #expect(x.to(.int64).integers == [3_000_000_000, -2, 300, Int64.min])
        // int64 to float32 rounds once: through a double it would tie down to 2^60 instead.
        let i = Tensor(shape: [1], integers: [(1 << 60) + (1 << 36) + 1])
        #expect(i.to(.float32).scalar == 0x1p60 + 0x1p37)
        #expect(Tensor(shape: [2], data: [1.0 / 3, 1000], dtype: .bfloat16).scalars == [0.333984375, 1000])
        #expect(Tensor(shape: [3], data: [70000, 1e-8, 0.1], dtype: .float16).scalars == [.infinity, 0, 0.0999755859375])
    }

    @Test(arguments: [
        (DType.int32, "tensor([1, 2], dtype=torch.int32)"), (.uint8, "tensor([1, 2], dtype=torch.uint8)"),
        (.float64, "tensor([1., 2.], dtype=torch.float64)"), (.float16, "tensor([1., 2.], dtype=torch.float16)"),
        (.bfloat16, "tensor([1., 2.], dtype=torch.bfloat16)"), (.int64, "tensor([1, 2])"), (.float32, "tensor([1., 2.])"),
    ])
    func reprShowsEveryDtypeButTheDefaults(_ dtype: DType, _ expected: String) {
        #expect(Tensor(shape: [2], integers: [1, 2], dtype: dtype).description == expected)
    }

    @Test func sixteenBitFloatsComputeInFloat32AndRoundOnce() throws {
        let h = Tensor(shape: [2], data: [1, 2], dtype: .float16)
        // 1 + float32(1/3) rounds to half's 1.333 (PyTorch prints 1.3330), not through half(1/3).
        #expect(try h.binary(.add, .float(1.0 / 3)).scalars == [1.3330078125, 2.333984375])
        #expect(try h.sum().dtype == .float16)
        #expect(try h.softmax(dim: 0).description == "tensor([0.2690, 0.7310], dtype=torch.float16)")
    }

    /// `torch.manual_seed(123)` then `torch.rand(3, dtype=torch.float64)` and
    /// `torch.randn(3, dtype=torch.float64)`, as PyTorch 2.15 printed them.
    @Test func float64DrawsMatchPyTorch() throws {
        let generator = Generator(seed: 123)
        #expect(try Tensor.rand([3], dtype: .float64, generator: generator).scalars == [0.368895870664273, 0.013365949855291825, 0.5917800383018739])
        #expect(try Tensor.randn([3], dtype: .float64, generator: generator).scalars == [0.9447060587040129, 0.6217403061840759, -1.350102785483954])
        #expect(throws: TensorError.self) { try Tensor.rand([3], dtype: .float16, generator: generator) }
    }
}
