import LoupeResults

/// Thinning of a polyline to a bounded number of points while keeping its shape.
public enum CurveThinning {
    /// Indices of at most `maxPoints` points of the polyline (x, y), always including both
    /// endpoints, chosen top-down as Ramer–Douglas–Peucker does but by count: starting from the
    /// chord between the endpoints, repeatedly keep the point farthest (perpendicular distance)
    /// from its current chord, until `maxPoints` are kept or every dropped point lies on a chord.
    public static func indices(x: [Double], y: [Double], maxPoints: Int) -> [Int] {
        let n = x.count
        if n <= max(maxPoints, 2) { return Array(0..<n) }
        struct Segment { var error: Double; var start: Int; var end: Int; var farthest: Int }
        func farthest(_ a: Int, _ b: Int) -> Segment {
            let dx = x[b] - x[a], dy = y[b] - y[a]
            let length = (dx * dx + dy * dy).squareRoot()
            var best = -1.0, at = a
            if b - a >= 2 {
                for i in (a + 1)..<b {
                    let px = x[i] - x[a], py = y[i] - y[a]
                    let d = length > 0 ? (px * dy - py * dx).magnitude / length : (px * px + py * py).squareRoot()
                    if d > best { best = d; at = i }
                }
            }
            return Segment(error: best, start: a, end: b, farthest: at)
        }
        // A binary max-heap on error; ties broken by position so the result is deterministic.
        var heap: [Segment] = []
        func higher(_ p: Segment, _ q: Segment) -> Bool { p.error > q.error || (p.error == q.error && p.start < q.start) }
        func push(_ s: Segment) {
            heap.append(s)
            var i = heap.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                if !higher(heap[i], heap[parent]) { break }
                heap.swapAt(i, parent)
                i = parent
            }
        }
        func pop() -> Segment {
            let top = heap[0]
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                var i = 0
                while true {
                    let l = 2 * i + 1, r = l + 1
                    var m = i
                    if l < heap.count && higher(heap[l], heap[m]) { m = l }
                    if r < heap.count && higher(heap[r], heap[m]) { m = r }
                    if m == i { break }
                    heap.swapAt(i, m)
                    i = m
                }
            }
            return top
        }
        var kept = [0, n - 1]
        push(farthest(0, n - 1))
        while kept.count < max(maxPoints, 2), !heap.isEmpty {
            let s = pop()
            if s.error <= 0 { break }
            kept.append(s.farthest)
            push(farthest(s.start, s.farthest))
            push(farthest(s.farthest, s.end))
        }
        return kept.sorted()
    }
}
