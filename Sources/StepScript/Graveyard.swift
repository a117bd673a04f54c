import Foundation

/// Releases deep structures without deep recursion.
///
/// Freeing a list that holds a list that holds a list ... three million levels deep would
/// release each level from inside the previous one's deinit and overflow the native stack.
/// Instead, a container's deinit hands its items to the thread's graveyard, which frees them
/// one level at a time in a loop: a nested container's deinit then only adds its own items to
/// the graveyard and returns. Tuples, which are plain arrays, are taken apart the same way.
final class Graveyard {
    private var pending: [[Value]] = []
    private var draining = false

    /// Takes `items` out of a dying container and frees them iteratively.
    static func bury(_ items: inout [Value]) {
        if items.isEmpty { return }
        let graveyard = current
        graveyard.pending.append(items)
        items = []
        if !graveyard.draining { graveyard.drainPending() }
    }

    /// Frees whatever is still waiting (nothing, unless a release was interrupted).
    static func drain() {
        let graveyard = current
        if !graveyard.draining { graveyard.drainPending() }
    }

    private func drainPending() {
        draining = true
        defer { draining = false }
        while var batch = pending.popLast() {
            // Hold each tuple's items here before the tuple goes, so freeing it releases one level.
            for item in batch {
                switch item {
                case .tuple(let values) where !values.isEmpty: pending.append(values)
                case .namedTuple(_, _, let values) where !values.isEmpty: pending.append(values)
                default: break
                }
            }
            batch.removeAll()
        }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { if let raw = $0 { Unmanaged<Graveyard>.fromOpaque(raw).release() } }
        return key
    }()

    private static var current: Graveyard {
        if let raw = pthread_getspecific(key) { return Unmanaged<Graveyard>.fromOpaque(raw).takeUnretainedValue() }
        let graveyard = Graveyard()
        pthread_setspecific(key, Unmanaged.passRetained(graveyard).toOpaque())
        return graveyard
    }
}
