/// Collects the projected fields of up to `batchRows` records, then converts them column by
/// column.
///
/// Converting field by field in file order jumps between column kinds on every field, and the
/// processor mispredicts those jumps; a column at a time, every branch repeats the last one and
/// number lengths are alike. Fields are kept as file offsets; the rare field with doubled quotes
/// is copied, unescaped, to a side buffer.
struct BatchVisitor: FieldVisitor {
    static let batchRows = 256

    let base: UnsafePointer<UInt8>
    /// The file's size: bytes from `base` that may be read.
    let end: Int
    /// Sink index per header field, -1 when not projected.
    let slots: UnsafePointer<Int32>
    let fieldCount: Int
    let sinkCount: Int
    let sinks: UnsafeMutablePointer<ColumnSink>
    /// Per row and sink: where the bytes start (a file offset, or `~offset` into `side`), their
    /// length, and the field's own offset (its opening quote, if quoted) for locations.
    private let starts: UnsafeMutablePointer<Int>
    private let lengths: UnsafeMutablePointer<Int>
    private let offsets: UnsafeMutablePointer<Int>
    private var side: [UInt8] = []
    private var rows = 0

    init(
        base: UnsafePointer<UInt8>, end: Int, slots: UnsafePointer<Int32>, fieldCount: Int, sinkCount: Int,
        sinks: UnsafeMutablePointer<ColumnSink>
    ) {
        self.base = base
        self.end = end
        self.slots = slots
        self.fieldCount = fieldCount
        self.sinkCount = sinkCount
        self.sinks = sinks
        let cells = max(1, sinkCount * BatchVisitor.batchRows)
        starts = .allocate(capacity: cells)
        lengths = .allocate(capacity: cells)
        offsets = .allocate(capacity: cells)
    }

    /// Frees the batch storage; call once, after the last `flush`.
    func deallocate() {
        starts.deallocate()
        lengths.deallocate()
        offsets.deallocate()
    }

    @inline(__always)
    mutating func field(_ index: Int, _ p: UnsafePointer<UInt8>, _ n: Int, offset: Int) {
        guard index < fieldCount else { return }
        let slot = Int(slots[index])
        if slot < 0 { return }
        let cell = rows &* sinkCount &+ slot
        let start = p - base
        if start == offset || start == offset &+ 1 {
            starts[cell] = start
        } else {
            // Unescaped bytes live in the parser's scratch buffer, which the next field reuses.
            starts[cell] = ~side.count
            side.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        }
        lengths[cell] = n
        offsets[cell] = offset
    }

    @inline(__always)
    mutating func endRecord() {
        rows &+= 1
        if rows == BatchVisitor.batchRows { flush() }
    }

    /// Converts the collected rows, a column at a time.
    mutating func flush() {
        if rows == 0 { return }
        side.withUnsafeBufferPointer { side in
            for slot in 0..<sinkCount {
                let sink = sinks + slot
                // A number column's plain fields first (nearly always all of them), then any
                // other field and the rest one at a time.
                let direct = sink.pointee.addNumbers(upTo: rows) { row in
                    let cell = row &* sinkCount &+ slot, start = starts[cell]
                    // A field in the side buffer (`start` < 0) goes to `add`.
                    return start >= 0 ? (base + start, lengths[cell], end &- start) : nil
                }
                var cell = direct &* sinkCount &+ slot
                for _ in direct..<rows {
                    let start = starts[cell]
                    let pointer: UnsafePointer<UInt8>
                    var readable = 0
                    if start >= 0 {
                        pointer = base + start
                        readable = end &- start
                    } else if let sideBase = side.baseAddress {
                        pointer = sideBase + ~start
                    } else {
                        pointer = base
                    }
                    sink.pointee.add(pointer, lengths[cell], offset: offsets[cell], readable: readable)
                    cell &+= sinkCount
                }
            }
        }
        rows = 0
        side.removeAll(keepingCapacity: true)
    }
}
