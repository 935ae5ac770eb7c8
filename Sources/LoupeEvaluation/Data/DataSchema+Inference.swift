import LoupeData
import LoupeResults

extension DataSchema {
    /// The most values an inferred domain lists; a categorical column with more (or a text-like
    /// one) gets no domain.
    public static let inferredDomainLimit = 100

    /// A schema describing `table` as it is, to be edited by hand: every column required with its
    /// kind and its present share (rounded down to 0.01, so the same data passes); categorical
    /// columns with at most `inferredDomainLimit` values get them as the domain (all of them:
    /// `minDomainMass` 1); numeric columns their observed range; every column the default drift
    /// thresholds. Environments `training` and `serving`; the `absentInServing` columns (the label)
    /// may be absent in `serving`.
    public static func infer(from table: Table, file: String, absentInServing: [String] = []) -> DataSchema {
        let profile = DataProfile(table, file: file)
        let columns = profile.columns.map { column -> Column in
            let s = column.statistics
            let rows = s.count + s.missing
            let present = rows > 0 ? Double(s.count) / Double(rows) : 1
            var inferred = Column(
                name: s.name, kind: s.kind, required: true,
                minPresence: (present * 100).rounded(.down) / 100, drift: .defaults,
                absentIn: absentInServing.contains(s.name) ? ["serving"] : nil)
            if let numeric = s.numeric, let low = numeric.minimum, let high = numeric.maximum {
                inferred.range = ValueRange(min: low, max: high)
            }
            if let categorical = s.categorical, let counts = column.counts, !categorical.textLike,
                counts.entries.count <= inferredDomainLimit
            {
                inferred.domain = counts.entries.map(\.name)
                inferred.minDomainMass = 1
            }
            return inferred
        }
        return DataSchema(environments: ["training", "serving"], columns: columns)
    }
}
