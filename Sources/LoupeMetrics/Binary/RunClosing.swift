/// The arithmetic of a walk over runs of equal scores from the highest score down, shared by
/// `DescendingPass` (per slot, over the sorted rows) and `BinaryGroupState` (over its run list),
/// so the formulas live in one place.
///
/// Closing a run with positive weight pr and negative weight nr adds, with
/// a = neg_above + ½ nr (its positives' "negatives not below") and c = pos_above + ½ pr (its
/// negatives' placement), pr · a and pr · a² (AUC and DeLong for positives) and nr · c² (DeLong
/// for negatives), and gives the average-precision term pr · tp / (tp + fp) with
/// tp = pos_above + pr, fp = neg_above + nr as a numerator and denominator. Walking downwards means
/// none of these needs the totals in advance.
struct RunClosing {
    var posAbove = 0.0, negAbove = 0.0
    var a1 = 0.0, a2 = 0.0, b2 = 0.0

    /// Closes one run and returns its average-precision term (numerator, denominator), for the
    /// caller to divide: without a select (which compiles to an unpredictable branch), pr = 0 gives
    /// 0 / (tp + fp), and the floor only matters when tp + fp = 0, where pr = 0 too (weights are
    /// non-negative).
    @inline(__always) mutating func close(positives pr: Double, negatives nr: Double) -> SIMD2<Double> {
        let a = negAbove + nr / 2
        let c = posAbove + pr / 2
        a1 += pr * a
        a2 += pr * a * a
        b2 += nr * c * c
        let tp = posAbove + pr, fp = negAbove + nr
        posAbove = tp
        negAbove = fp
        return SIMD2(pr * tp, max(tp + fp, .leastNonzeroMagnitude))
    }

    /// A unit-weight row's moments at score s and label y: (1, 1, s, s², ℓ, ℓ², b, b²), with ℓ the
    /// log-loss term (s clipped to [10⁻¹⁵, 1 − 10⁻¹⁵]) and b = (s − y)².
    @inline(__always) static func unitTerms(score: Double, label: Int) -> SIMD8<Double> {
        let p = min(max(score, 1e-15), 1 - 1e-15)
        if label == 0 {
            let l = -libmLog(1 - p), b = score * score
            return SIMD8(1, 1, score, score * score, l, l * l, b, b * b)
        }
        let l = -libmLog(p), d = score - 1
        let b = d * d
        return SIMD8(1, 1, score, score * score, l, l * l, b, b * b)
    }

    /// A row of weight w's moments from its unit terms t: (w, w², ws, ws·s, wℓ, wℓ·ℓ, wb, wb·b).
    @inline(__always) static func weighted(_ t: SIMD8<Double>, weight w: Double, score: Double) -> SIMD8<Double> {
        let ws = w * score, wl = w * t[4], wb = w * t[6]
        return SIMD8(w, w * w, ws, ws * score, wl, wl * t[4], wb, wb * t[6])
    }
}
