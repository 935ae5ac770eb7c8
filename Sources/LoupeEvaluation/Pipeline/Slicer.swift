import LoupeData
import LoupeMetrics

/// Turns a slicing spec into one group code per row.
///
/// Categorical columns slice by value; numeric columns with at most `maxDistinctValues`
/// distinct values slice by value too (a 0/1 flag or a 1–10 decile is not worth binning);
/// other numeric columns are cut into quantile bins, or at edges the user gave. A cross
/// combines its columns' codes; only combinations that occur become slices, ordered by each
/// column's value order. A value-restricted part keeps only its value's rows (others get no group).
public struct Slicer: Sendable {
    static let maxDistinctValues = 12
    static let defaultQuantileBins = 4
    static let maxSlicesPerSpec = 10_000
    static let missingKey = "(missing)"

    /// One spec's result: codes per row plus, per group code, the key text of every column.
    struct SlicedSpec {
        var request: SliceRequest
        var grouping: Grouping
        var keys: [[String]]
        var binEdges: [String: [Double]]
    }

    /// A single column's view: a code per row (`UInt32.max` = missing) and the text per code,
    /// with codes already in display order.
    private struct ColumnCodes {
        var codes: [UInt32]
        var labels: [String]
        var edges: [Double]?
    }

    let table: Table
    let bins: [String: Binning]
    /// Rows of the table that are evaluated (rows with a missing label or score are not), in
    /// evaluation order.
    let rows: [Int]
    /// Whether `rows` ascend (file order); a regression in timestamp order reorders them.
    var rowsInFileOrder = true

    func slice(_ request: SliceRequest) throws -> SlicedSpec {
        var parts: [ColumnCodes] = []
        var binEdges: [String: [Double]] = [:]
        for part in request.parts {
            guard let column = table.column(part.column) else {
                throw LoupeError.input("\(table.path): no column '\(part.column)' for the slice '\(request.displayName)'")
            }
            var codes = try columnCodes(column)
            if let edges = codes.edges { binEdges[part.column] = edges }
            if let value = part.value {
                guard let kept = codes.labels.firstIndex(of: value) else {
                    throw LoupeError.input(
                        "\(table.path): the slice '\(request.displayName)' keeps \(part.column) = '\(value)', which does not occur in the evaluated rows"
                    )
                }
                codes.codes = codes.codes.map { $0 == UInt32(kept) ? 0 : .max }
                codes.labels = [value]
            } else {
                // Missing values form their own slice, listed last.
                let missing = UInt32(codes.labels.count)
                if codes.codes.contains(.max) {
                    codes.codes = codes.codes.map { $0 == .max ? missing : $0 }
                    codes.labels.append(Slicer.missingKey)
                }
            }
            parts.append(codes)
        }
        return try cross(parts, request: request, binEdges: binEdges)
    }

    /// Mixed-radix combination of the parts' codes, then compaction to the occurring combinations
    /// (ascending combined code, which is display order column by column).
    private func cross(_ parts: [ColumnCodes], request: SliceRequest, binEdges: [String: [Double]]) throws -> SlicedSpec {
        let radix = parts.map { max($0.labels.count, 1) }
        let space = radix.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
        guard space <= Int(UInt32.max - 1) else {
            throw LoupeError.input("the slice '\(request.displayName)' crosses too many values; slice by fewer columns")
        }
        let n = rows.count
        var combined: [UInt32]
        if parts.count == 1 {
            combined = parts[0].codes
        } else {
            combined = [UInt32](repeating: .max, count: n)
            combined.withUnsafeMutableBufferPointer { out in
                for (p, part) in parts.enumerated() {
                    let base = UInt32(radix[p])
                    part.codes.withUnsafeBufferPointer { codes in
                        for r in 0..<n {
                            let current = out[r]
                            let code = codes[r]
                            if code == .max || (p > 0 && current == .max) {
                                out[r] = .max
                            } else {
                                out[r] = p == 0 ? code : current &* base &+ code
                            }
                        }
                    }
                }
            }
        }
        // Compaction: a lookup table when the code space is small, else a sorted set.
        var used: [UInt32]
        var codes: [UInt32]
        if space <= max(4 * n, 1 << 20) {
            var table = [UInt32](repeating: .max, count: space)
            table.withUnsafeMutableBufferPointer { seen in
                for code in combined where code != .max { seen[Int(code)] = 0 }
            }
            used = []
            for code in 0..<space where table[code] == 0 {
                table[code] = UInt32(used.count)
                used.append(UInt32(code))
            }
            // When every combination occurs the codes are already compact.
            codes =
                used.count == space
                ? combined : table.withUnsafeBufferPointer { map in combined.map { $0 == .max ? .max : map[Int($0)] } }
        } else {
            used = Array(Set(combined.filter { $0 != .max })).sorted()
            var index: [UInt32: UInt32] = [:]
            for (i, code) in used.enumerated() { index[code] = UInt32(i) }
            codes = combined.map { $0 == .max ? .max : index[$0] ?? .max }
        }
        guard used.count <= Slicer.maxSlicesPerSpec else {
            throw LoupeError.input(
                "the slice '\(request.displayName)' has \(used.count) distinct values; slice by columns with fewer values, or bin a numeric column with --bins"
            )
        }
        let keys: [[String]] = used.map { code in
            var rest = Int(code)
            var key = [String](repeating: "", count: parts.count)
            for p in stride(from: parts.count - 1, through: 0, by: -1) {
                key[p] = parts[p].labels[rest % radix[p]]
                rest /= radix[p]
            }
            return key
        }
        return SlicedSpec(
            request: request, grouping: Grouping(codes: codes, groupCount: used.count), keys: keys, binEdges: binEdges)
    }

    /// Codes over the evaluated rows for one column, in display order.
    private func columnCodes(_ column: Column) throws -> ColumnCodes {
        switch column.kind {
        case .categorical:
            let order = column.dictionary.indices.sorted { NaturalOrder.less(column.dictionary[$0], column.dictionary[$1]) }
            var rank = [UInt32](repeating: 0, count: column.dictionary.count)
            for (position, code) in order.enumerated() { rank[code] = UInt32(position) }
            let codes = rank.withUnsafeBufferPointer { rank in
                column.codes.gathered(at: rows, inFileOrder: rowsInFileOrder).map {
                    $0 == Column.missingCode ? UInt32.max : rank[Int($0)]
                }
            }
            return ColumnCodes(codes: codes, labels: order.map { column.dictionary[$0] }, edges: nil)
        case .numeric, .timestamp:
            let values = column.numbers.gathered(at: rows, inFileOrder: rowsInFileOrder)
            if let binning = bins[column.name] {
                let edges: [Double]
                switch binning {
                case .edges(let given): edges = given
                case .quantiles(let count): edges = Quantiles.edges(values, bins: count)
                }
                return binned(values, edges: edges, closedTop: binning.isQuantiles)
            }
            if let distinct = Quantiles.distinctValues(values, atMost: Slicer.maxDistinctValues) {
                var index: [Double: UInt32] = [:]
                for (i, v) in distinct.enumerated() { index[v] = UInt32(i) }
                let codes = values.map { $0.isNaN ? UInt32.max : index[$0] ?? .max }
                return ColumnCodes(codes: codes, labels: distinct.map(Slicer.text), edges: nil)
            }
            let edges = Quantiles.edges(values, bins: Slicer.defaultQuantileBins)
            return binned(values, edges: edges, closedTop: true)
        }
    }

    /// Bins `[e0, e1)`, …, `[e(k-1), ek]`; with user edges, values outside get `< e0` / `>= ek` bins.
    private func binned(_ values: [Double], edges: [Double], closedTop: Bool) -> ColumnCodes {
        guard edges.count >= 2 else {
            // Every value is the same: one bin.
            let label = edges.first.map { "[\(Slicer.text($0)), \(Slicer.text($0))]" } ?? "(all)"
            return ColumnCodes(codes: values.map { $0.isNaN ? .max : 0 }, labels: [label], edges: edges)
        }
        var labels: [String] = []
        let k = edges.count - 1
        let below = !closedTop
        if below { labels.append("< \(Slicer.text(edges[0]))") }
        for i in 0..<k {
            let last = i == k - 1 && closedTop
            labels.append("[\(Slicer.text(edges[i])), \(Slicer.text(edges[i + 1]))\(last ? "]" : ")")")
        }
        if !closedTop { labels.append(">= \(Slicer.text(edges[k]))") }
        let offset = below ? 1 : 0
        let codes = values.map { v -> UInt32 in
            if v.isNaN { return .max }
            if v < edges[0] { return 0 }
            if v >= edges[k] { return closedTop ? UInt32(offset + k - 1) : UInt32(offset + k) }
            // Binary search for the last edge <= v.
            var lo = 0, hi = k
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if edges[mid] <= v { lo = mid } else { hi = mid }
            }
            return UInt32(offset + lo)
        }
        var used = [Bool](repeating: false, count: labels.count)
        for c in codes where c != .max { used[Int(c)] = true }
        // Drop empty outer bins so "< e0" does not show as an empty slice.
        var remap = [UInt32](repeating: .max, count: labels.count)
        var kept: [String] = []
        for i in labels.indices where used[i] || (i >= offset && i < offset + k) {
            remap[i] = UInt32(kept.count)
            kept.append(labels[i])
        }
        return ColumnCodes(codes: codes.map { $0 == .max ? .max : remap[Int($0)] }, labels: kept, edges: edges)
    }

    /// Numbers as people write them: `3`, not `3.0`; `0.25`.
    public static func text(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}

extension Binning {
    var isQuantiles: Bool {
        if case .quantiles = self { return true }
        return false
    }
}
