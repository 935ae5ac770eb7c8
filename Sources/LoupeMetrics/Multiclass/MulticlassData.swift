/// One model's multiclass rows for one set of rows (a slice), already filtered: a label code per
/// row in `0..<classCount` (classes in a fixed order), the model's output, and optional
/// non-negative weights (`nil` = every weight 1).
public struct MulticlassData: Sendable {
    public var classCount: Int
    public var labels: [Int32]
    public var predictions: MulticlassPredictions
    public var weights: [Double]?

    public init(classCount: Int, labels: [Int32], predictions: MulticlassPredictions, weights: [Double]? = nil) {
        precondition(classCount >= 2, "a multiclass task has at least two classes")
        switch predictions {
        case .probabilities(let p):
            precondition(
                p.rowCount == labels.count && p.classCount == classCount, "probabilities must be rows × classCount")
        case .classes(let c):
            precondition(c.count == labels.count, "one predicted class per row")
        }
        precondition((weights?.count ?? labels.count) == labels.count, "one weight per row")
        self.classCount = classCount
        self.labels = labels
        self.predictions = predictions
        self.weights = weights
    }

    public var rowCount: Int { labels.count }
}

/// What a multiclass model produced for each row.
public enum MulticlassPredictions: Sendable {
    /// Finite class probabilities in [0, 1], a column per class. Rows are used as given, as
    /// scikit-learn does: a row that does not sum exactly to 1 is not renormalised. The hard
    /// prediction of a row is its argmax, the lowest class on ties (numpy's `argmax`, as
    /// scikit-learn's `predict`).
    case probabilities(ClassProbabilities)
    /// Hard predicted class codes in `0..<classCount`; the probability metrics are then `nil`.
    case classes([Int32])

    public var hasProbabilities: Bool {
        if case .probabilities = self { return true }
        return false
    }
}

/// A model's probabilities, a column per class: `columns[c][row]`.
///
/// Class by class, because that is how the metrics read them most: each class's ranking sorts
/// the rows by that class's probability, one column read in sequence (a row-major matrix made
/// each of the k sorts read the whole matrix). The row-wise terms (argmax, Brier, log loss)
/// read the k columns in step. And it is how a table holds them: with every row kept, the
/// reader's columns are shared as they are, with no copy.
public struct ClassProbabilities: Sendable {
    /// One column per class, all of `rowCount` rows.
    public let columns: [[Double]]
    public let rowCount: Int

    public init(columns: [[Double]]) {
        let rowCount = columns.first?.count ?? 0
        precondition(columns.allSatisfy { $0.count == rowCount }, "one probability per row in every class")
        self.columns = columns
        self.rowCount = rowCount
    }

    /// From a row-major rows × `classCount` matrix (as scikit-learn's `predict_proba` gives it).
    public init(rowMajor p: [Double], classCount k: Int) {
        precondition(k > 0 && p.count % k == 0, "a row-major matrix of k columns")
        let n = p.count / k
        self.init(columns: (0..<k).map { c in (0..<n).map { p[$0 * k + c] } })
    }

    public var classCount: Int { columns.count }

    public subscript(row: Int, class c: Int) -> Double { columns[c][row] }

    /// The rows at `rows`, in that order.
    public func rows(_ rows: [Int]) -> ClassProbabilities {
        ClassProbabilities(columns: columns.map { column in rows.map { column[$0] } })
    }

    /// Calls `body` with the columns' addresses (`p[c][row]`), valid only during the call: the
    /// hot loops index them without an array's checks.
    ///
    /// The addresses are taken one column at a time and used after each column's
    /// `withUnsafeBufferPointer` returns: `columns` is immutable and kept alive for the call, and
    /// an array that is neither mutated nor released keeps its elements where they are. (Nesting
    /// k closures instead made every variable those loops capture subject to the runtime's
    /// exclusivity checks, a tenth of the pairing's time.)
    public func withColumns<R>(_ body: (UnsafePointer<UnsafePointer<Double>>) -> R) -> R {
        let k = columns.count
        let pointers = UnsafeMutablePointer<UnsafePointer<Double>>.allocate(capacity: max(k, 1))
        defer { pointers.deallocate() }
        // An empty column has no storage and is never read; any aligned address stands for it.
        let none = UnsafePointer<Double>(bitPattern: MemoryLayout<Double>.alignment)!
        return withExtendedLifetime(columns) {
            for c in 0..<k { pointers[c] = columns[c].withUnsafeBufferPointer { $0.baseAddress } ?? none }
            return body(pointers)
        }
    }
}
