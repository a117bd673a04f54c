import Foundation

/// One budget for all the work of a run: wall-clock time and resident memory.
///
/// The interpreter installs its budget as the thread's current one while it runs. Work is
/// charged where it happens — interpreted statements, builtins that iterate, and the outer
/// loops of tensor kernels — and every 2^18 units of charged work the clock and the process's
/// resident memory are read. A kernel that finds the budget spent stops its loops early and
/// returns an unfinished result; the interpreter checks `exceeded` as soon as the operation
/// returns and raises, so an unfinished result is never shown.
public final class ExecutionBudget: @unchecked Sendable {
    /// What ran out.
    public enum Exhausted: Sendable, Equatable {
        /// One run took longer than `seconds`.
        case time(seconds: Double)
        /// The runs since `limitTotalTime` took longer than `seconds` together.
        case totalTime(seconds: Double)
        case memory(bytes: Int)
    }

    /// Seconds a run may take.
    public let seconds: Double
    /// Most resident memory the process may reach while the run goes on.
    public let memoryBytes: Int
    /// Set once a limit is passed; stays set until `start()`.
    public private(set) var exceeded: Exhausted?

    private var deadline: UInt64 = 0
    /// When all runs together must end (a lesson's steps), if there is such a limit.
    private var finalDeadline: (nanos: UInt64, seconds: Double)?
    private var pending = 0
    /// Charged work between two readings of the clock (about a millisecond of kernel work).
    private static let interval = 1 << 18

    public init(seconds: Double, memoryBytes: Int) {
        self.seconds = seconds
        self.memoryBytes = memoryBytes
        start()
    }

    /// Bounds every run from now on to end within `seconds` in all, whatever each may take.
    public func limitTotalTime(_ seconds: Double) {
        let nanos = seconds.isFinite && seconds > 0 ? min(seconds * 1e9, 1e18) : 1e18
        finalDeadline = (DispatchTime.now().uptimeNanoseconds &+ UInt64(nanos), seconds)
    }

    /// Starts a new run: the clock starts now and nothing is exceeded.
    public func start() {
        let nanos = seconds.isFinite && seconds > 0 ? min(seconds * 1e9, 1e18) : 1e18
        deadline = DispatchTime.now().uptimeNanoseconds &+ UInt64(nanos)
        pending = 0
        exceeded = nil
    }

    /// Counts `units` of work (about one element operation each); false once the budget is
    /// spent, so a loop can stop.
    @inline(__always)
    @discardableResult
    public func charge(_ units: Int) -> Bool {
        if exceeded != nil { return false }
        pending &+= units
        if pending >= Self.interval || pending < 0 { measure() }
        return exceeded == nil
    }

    /// Reads the clock and the resident memory now.
    @discardableResult
    public func measure() -> Bool {
        pending = 0
        if exceeded == nil {
            let now = DispatchTime.now().uptimeNanoseconds
            if let final = finalDeadline, now > final.nanos {
                exceeded = .totalTime(seconds: final.seconds)
            } else if now > deadline {
                exceeded = .time(seconds: seconds)
            } else if let rss = Self.residentBytes(), rss > memoryBytes {
                exceeded = .memory(bytes: memoryBytes)
            }
        }
        return exceeded == nil
    }

    /// Marks the budget spent from code that cannot throw (storage already allocated past the
    /// limit); the interpreter raises as soon as the operation returns.
    public func exhaust(_ reason: Exhausted) {
        if exceeded == nil { exceeded = reason }
    }

    /// Whether `bytes` more can be allocated without passing the memory limit, by the
    /// resident memory now.
    public func canAllocate(bytes: Int) -> Bool {
        guard let rss = Self.residentBytes() else { return true }
        let (total, overflow) = rss.addingReportingOverflow(bytes)
        return !overflow && total <= memoryBytes
    }

    /// The process's resident memory now, from `/proc/self/statm`.
    public static func residentBytes() -> Int? {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 127) }
        guard n > 0 else { return nil }
        // "size resident shared ...": the second field, in pages.
        let fields = buffer[..<n].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages * pageSize
    }

    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    // MARK: The thread's current budget

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The budget of the run on this thread, if any.
    public static var current: ExecutionBudget? {
        guard let raw = pthread_getspecific(key) else { return nil }
        return Unmanaged<ExecutionBudget>.fromOpaque(raw).takeUnretainedValue()
    }

    /// Runs `body` with this budget as the thread's current one.
    public func install<T>(_ body: () throws -> T) rethrows -> T {
        let previous = pthread_getspecific(Self.key)
        pthread_setspecific(Self.key, Unmanaged.passUnretained(self).toOpaque())
        defer { pthread_setspecific(Self.key, previous) }
        return try body()
    }

    /// Charges the thread's current budget, if any; false once it is spent.
    @inline(__always)
    @discardableResult
    public static func charge(_ units: Int) -> Bool {
        current?.charge(units) ?? true
    }
}
