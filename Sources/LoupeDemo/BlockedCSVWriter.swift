import Dispatch
import Foundation
import LoupeData
import LoupeMetrics

/// Writes a generated CSV file as independent blocks of rows, rendered on all cores and written
/// in order, so the output depends only on the inputs and never on the number of threads.
///
/// Each block gets its own random stream derived from (seed, block index), which also makes every
/// shorter file of the same seed a prefix of a longer one.
struct BlockedCSVWriter: Sendable {
    /// Renders rows `start ..< start + count` (global row numbers) of block `block` through the
    /// cursor; each row may use at most `maxRowBytes` bytes.
    typealias RenderBlock = @Sendable (_ block: Int, _ start: Int, _ count: Int, _ cursor: inout ByteCursor) -> Void

    let header: String
    let rows: Int
    let blockRows: Int
    let maxRowBytes: Int
    let render: RenderBlock

    /// The random stream of one block: SplitMix64 seeded from the file's seed and the block index
    /// through one SplitMix64 step, so neighbouring blocks are uncorrelated.
    static func blockSeed(_ seed: UInt64, block: Int) -> UInt64 {
        var mixer = SplitMix64(seed: seed ^ (UInt64(block) &* 0xD1B5_4A32_D192_ED03))
        return mixer.next()
    }

    var blockCount: Int { rows == 0 ? 0 : (rows + blockRows - 1) / blockRows }

    /// The bytes of one block.
    func renderBlock(_ block: Int) -> [UInt8] {
        let start = block * blockRows
        let count = min(blockRows, rows - start)
        return [UInt8](unsafeUninitializedCapacity: count * maxRowBytes) { buffer, used in
            var cursor = ByteCursor(buffer.baseAddress!)
            render(block, start, count, &cursor)
            used = cursor.pointer - buffer.baseAddress!
        }
    }

    /// The whole file in memory (for small files and tests).
    func bytes() -> [UInt8] {
        var out = Array(header.utf8)
        out.append(UInt8(ascii: "\n"))
        for block in 0..<blockCount { out += renderBlock(block) }
        return out
    }

    /// Streams the file to `path` (created or truncated): blocks are rendered a wave at a time,
    /// one per core, and appended in block order.
    func write(to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw GeneratorError.cannotCreate(path: path)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw GeneratorError.cannotCreate(path: path)
        }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Array((header + "\n").utf8))
            let wave = max(1, ProcessInfo.processInfo.activeProcessorCount)
            var first = 0
            while first < blockCount {
                let last = min(blockCount, first + wave)
                let start = first
                let rendered = ParallelResults<[UInt8]>.map(last - first) { i in renderBlock(start + i) }
                for block in rendered { try handle.write(contentsOf: block) }
                first = last
            }
        } catch {
            throw GeneratorError.cannotWrite(path: path, reason: String(describing: error))
        }
    }
}
