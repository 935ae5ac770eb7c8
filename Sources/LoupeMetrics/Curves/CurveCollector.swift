import LoupeResults

/// Collects curve points in order and drops those within `tolerance` (L1 distance) of the last
/// kept point, so a curve over millions of distinct thresholds is held in a few thousand points
/// before the final thinning; the dropped points deviate from the kept polyline by at most
/// `tolerance`.
struct CurveCollector {
    var x: [Double] = []
    var y: [Double] = []
    var thresholds: [Double] = []
    let tolerance: Double
    private var pending: (Double, Double, Double)?

    init(tolerance: Double) { self.tolerance = tolerance }

    @inline(__always) mutating func add(_ px: Double, _ py: Double, _ threshold: Double) {
        if let lastX = x.last, let lastY = y.last, (px - lastX).magnitude + (py - lastY).magnitude < tolerance {
            pending = (px, py, threshold)
            return
        }
        x.append(px)
        y.append(py)
        thresholds.append(threshold)
        pending = nil
    }

    /// The curve with its last point, thinned to at most `maxPoints`.
    mutating func finish(maxPoints: Int) -> Curve {
        if let (px, py, t) = pending {
            x.append(px)
            y.append(py)
            thresholds.append(t)
            pending = nil
        }
        let keep = CurveThinning.indices(x: x, y: y, maxPoints: maxPoints)
        return Curve(x: keep.map { x[$0] }, y: keep.map { y[$0] }, thresholds: keep.map { thresholds[$0] })
    }
}
