/// Accumulated statistics that can be built over parts of the rows and merged into the
/// statistics of their union, so an evaluation can later run over shards and combine them.
///
/// `merge` is associative: (a ⊕ b) ⊕ c and a ⊕ (b ⊕ c) hold the same statistics. What is exact
/// and what only agrees to rounding:
/// * exact, and independent of merge order: row counts, integer (and unit-weight) sums, maxima,
///   and the keys of sorted maps (scores, |e| values), whose entries combine by adding;
/// * equal up to the order of floating-point summation: the compensated sums of real-valued
///   terms (weighted moments, the ranking sums derived from them). Compensated (TwoSum) sums
///   agree to a few ulps whatever the order, not bit for bit;
/// * order-dependent: a state may document statistics that need its parts merged in row order
///   (`a.merge(b)` with every row of `a` before every row of `b`), such as Durbin–Watson's
///   successive differences; for those merging is associative but not commutative.
/// The empty state (over no rows) is the identity of `merge`.
public protocol MergeableState {
    /// Adds the statistics of `other`, built over rows disjoint from this state's.
    mutating func merge(_ other: Self)
}
