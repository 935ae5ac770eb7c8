import Foundation

/// How much memory a read may use, so a file too big for the machine fails at once with the
/// figures (exit 2) rather than after minutes with the allocator's abort.
///
/// The columns' memory is predictable before parsing: about rows × projected columns × 8 bytes
/// (numbers are 8 bytes, category codes 4, and the merge may hold a second copy of a chunk).
/// It is compared with the smallest of: the system's available memory and free swap, the
/// cgroup's limit less its usage (containers, CI runners), and the address-space limit
/// (`ulimit -v`) less what the process has mapped.
enum MemoryBudget {
    /// Bytes the columns of `rows` × `columns` values need.
    static func needed(rows: Int, columns: Int) -> Int {
        let (product, overflow) = rows.multipliedReportingOverflow(by: columns)
        let (bytes, overflow2) = product.multipliedReportingOverflow(by: 8)
        return overflow || overflow2 ? Int.max : bytes
    }

    /// The smallest limit this process can learn, or `nil` when it can learn none.
    static func available() -> Int? {
        var limits: [Int] = []
        if let meminfo = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) {
            let fields = field(in: meminfo)
            if let available = fields("MemAvailable") { limits.append(available * 1024 + (fields("SwapFree") ?? 0) * 1024) }
        }
        if let max = number(atPath: "/sys/fs/cgroup/memory.max"), let current = number(atPath: "/sys/fs/cgroup/memory.current") {
            limits.append(Swift.max(0, max - current))
        }
        var limit = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur < UInt(Int.max) {
            let mapped =
                (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))
                .flatMap { $0.split(separator: " ").first.flatMap { Int($0) } }
                .map { $0 * Int(sysconf(Int32(_SC_PAGESIZE))) } ?? 0
            limits.append(Swift.max(0, Int(limit.rlim_cur) - mapped))
        }
        return limits.min()
    }

    /// Throws when reading `rows` × `columns` values of `file` needs more than `available` bytes
    /// (measured when `nil`).
    static func check(rows: Int, columns: Int, file: String, available: Int?) throws {
        let needed = needed(rows: rows, columns: columns)
        guard let available = available ?? self.available(), needed > available else { return }
        throw DataError.insufficientMemory(file: file, rows: rows, columns: columns, needed: needed, available: available)
    }

    private static func field(in text: String) -> (String) -> Int? {
        { name in
            for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
                return line.dropFirst(name.count + 1).split(separator: " ").first.flatMap { Int($0) }
            }
            return nil
        }
    }

    private static func number(atPath path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))  // "max" means no limit: nil
    }
}
