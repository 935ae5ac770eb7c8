/// Collects one column's values from one chunk, choosing storage from the first non-missing value
/// and tracking whether every value so far is a number or a timestamp.
///
/// Kind inference must see the whole file, but chunks are parsed independently: a chunk stores
/// numbers while its values are numbers, and when one is not, it stops storing (`abandoned`) and
/// the merge re-parses that chunk as text. Real files rarely take that path; the reference
/// workload never does.
struct ColumnSink {
    enum Storage: UInt8 {
        /// Only missing values so far (counted in `leadingMissing`).
        case undecided
        case number
        case timestamp
        case text
        /// Values stopped fitting the storage; the column will be categorical and this chunk is
        /// re-parsed as text at merge.
        case abandoned
    }

    private(set) var storage: Storage
    private(set) var allNumeric = true
    private(set) var allTimestamp = true
    private(set) var numbers = AppendBuffer<Double>()
    private(set) var codes = AppendBuffer<UInt32>()
    private(set) var dictionary = ByteDictionary()
    private(set) var leadingMissing = 0
    private(set) var missingCount = 0
    private(set) var distinct = DistinctTracker()
    /// Byte offset and text of the first non-missing value that is not a number; -1 if none.
    private(set) var firstNonNumericOffset = -1
    private(set) var firstNonNumericText = ""
    /// Byte offset and text of the first non-missing value that is not a timestamp, recorded
    /// while every value before it was one; -1 if none (or the chunk is re-parsed as text).
    private(set) var firstNonTimestampOffset = -1
    private(set) var firstNonTimestampText = ""
    private let expectedRows: Int
    /// Dates already parsed, keyed by their ten bytes (zero bytes never match a date).
    private var dateCache: [DateCacheEntry] = []

    private struct DateCacheEntry {
        var head: UInt64
        var tail: UInt16
        var seconds: Double
    }

    /// Where this chunk's values go: slices of the merged columns, so that in the common case
    /// the merge only closes gaps instead of copying everything.
    struct Windows {
        var numbers: UnsafeMutablePointer<Double>
        var codes: UnsafeMutablePointer<UInt32>
        var capacity: Int
    }

    init(expectedRows: Int, forceText: Bool = false, windows: Windows? = nil) {
        self.expectedRows = expectedRows
        if let windows {
            numbers = AppendBuffer(window: windows.numbers, capacity: windows.capacity)
            codes = AppendBuffer(window: windows.codes, capacity: windows.capacity)
        }
        storage = forceText ? .text : .undecided
        if forceText {
            codes.reserve(expectedRows)
            allNumeric = false
            allTimestamp = false
        }
    }

    /// Adds one field's (unquoted, unescaped) bytes; `offset` locates it in the file.
    /// `readable` is how many bytes may be read from `p` (0 if unknown), for faster key loads.
    @inline(__always)
    mutating func add(_ p: UnsafePointer<UInt8>, _ n: Int, offset: Int, readable: Int = 0) {
        switch storage {
        case .number:
            if let value = NumberParser.parse(p, n, readable: readable) {
                numbers.append(value)
                distinct.insert(value)
                return
            }
        case .text:
            if !MissingValue.isMissing(p, n) {
                codes.append(dictionary.code(p, n, readable: readable))
                return
            }
        case .timestamp:
            if n == 10 {
                // Dates repeat: a small direct-mapped cache of date bytes to seconds saves the
                // calendar arithmetic on nearly every row of a typical file.
                let head = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
                let tail = UnsafeRawPointer(p + 8).loadUnaligned(as: UInt16.self)
                // Slot by month and day digits: the dates of one year never collide.
                let month = Int(p[5] & 0x0F) &* 10 &+ Int(p[6] & 0x0F)
                let day = Int(p[8] & 0x0F) &* 10 &+ Int(p[9] & 0x0F)
                let slot = (month &* 32 &+ day) & 511
                if slot < dateCache.count && dateCache[slot].head == head && dateCache[slot].tail == tail {
                    numbers.append(dateCache[slot].seconds)
                    return
                }
                if let value = TimestampParser.parse(p, n) {
                    if dateCache.isEmpty {
                        dateCache = Array(repeating: DateCacheEntry(head: 0, tail: 0, seconds: 0), count: 512)
                    }
                    dateCache[slot] = DateCacheEntry(head: head, tail: tail, seconds: value)
                    numbers.append(value)
                    distinct.insert(value)
                    return
                }
            } else if let value = TimestampParser.parse(p, n) {
                numbers.append(value)
                distinct.insert(value)
                return
            }
        case .undecided, .abandoned:
            break
        }
        addSlow(p, n, offset: offset)
    }

    /// The fields `field(0)`, `field(1)`, … (bytes, length, readable bytes) of a number column,
    /// parsed straight into its storage while they are numbers (and `field` gives one), at most
    /// `limit` of them; returns how many it took, and the caller gives the rest to `add`. The
    /// same values, in the same order, as `add` one at a time, with the loop's state in registers
    /// (`add` stores the buffer's count and reloads the column's state on every field).
    @inline(__always)
    mutating func addNumbers(
        upTo limit: Int, _ field: (Int) -> (bytes: UnsafePointer<UInt8>, length: Int, readable: Int)?
    ) -> Int {
        guard storage == .number else { return 0 }
        let first = numbers.count
        let taken = numbers.append(upTo: limit) { i in
            guard let f = field(i) else { return nil }
            return NumberParser.parse(f.bytes, f.length, readable: f.readable)
        }
        if !distinct.overflowed {
            for i in first..<(first + taken) { distinct.insert(numbers[i]) }
        }
        return taken
    }

    /// Stops counting distinct values, as if more than the limit had been seen
    /// (`DistinctOverflow`).
    mutating func stopCountingDistinct() { distinct.markOverflowed() }

    /// A JSON `null`.
    mutating func addMissing() {
        var byte: UInt8 = 0
        add(&byte, 0, offset: 0)
    }

    private mutating func noteNotTimestamp(_ p: UnsafePointer<UInt8>, _ n: Int, offset: Int) {
        guard allTimestamp else { return }
        allTimestamp = false
        firstNonTimestampOffset = offset
        firstNonTimestampText = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    private mutating func addSlow(_ p: UnsafePointer<UInt8>, _ n: Int, offset: Int) {
        if MissingValue.isMissing(p, n) {
            missingCount += 1
            switch storage {
            case .undecided: leadingMissing += 1
            case .number, .timestamp: numbers.append(.nan)
            case .text: codes.append(Column.missingCode)
            case .abandoned: break
            }
            return
        }
        if storage == .abandoned { return }
        var number: Double? = nil
        var timestamp: Double? = nil
        if allNumeric { number = NumberParser.parse(p, n) }
        if number == nil {
            if allNumeric || firstNonNumericOffset < 0 {
                firstNonNumericOffset = offset
                firstNonNumericText = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
            }
            allNumeric = false
            if allTimestamp { timestamp = TimestampParser.parse(p, n) }
            if timestamp == nil { noteNotTimestamp(p, n, offset: offset) }
        } else {
            noteNotTimestamp(p, n, offset: offset)
        }
        switch storage {
        case .undecided:
            if let number {
                storage = .number
                numbers.reserve(expectedRows)
                numbers.append(.nan, times: leadingMissing)
                numbers.append(number)
                distinct.insert(number)
            } else if let timestamp {
                storage = .timestamp
                numbers.reserve(expectedRows)
                numbers.append(.nan, times: leadingMissing)
                numbers.append(timestamp)
                distinct.insert(timestamp)
            } else {
                storage = .text
                codes.reserve(expectedRows)
                codes.append(Column.missingCode, times: leadingMissing)
                codes.append(dictionary.code(p, n))
            }
        case .number, .timestamp:
            // A value that does not fit: from here on only the kind flags matter.
            storage = .abandoned
            numbers = AppendBuffer()
            distinct = DistinctTracker()
        case .text, .abandoned:
            break
        }
    }

    /// Releases the stored values once the merge has copied them.
    mutating func releaseStorage() {
        numbers = AppendBuffer()
        codes = AppendBuffer()
        dictionary = ByteDictionary()
    }
}
