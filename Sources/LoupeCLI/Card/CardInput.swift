import LoupeEvaluation
import LoupeResults

/// A model card as given to `build` or `card`: the decoded card, and the file it came from (an
/// input the outputs must not replace), `nil` for a config file's inline `card` object.
public struct CardInput: Equatable, Sendable {
    public var card: ModelCard
    public var path: String?

    public init(card: ModelCard, path: String?) {
        self.card = card
        self.path = path
    }

    /// `--card FILE`; in a config file, `"card": "card.json"` (relative to the config file) or
    /// `"card": { ... }` (the card itself, errors at the config file's lines).
    static var option: OptionValue<CardInput> {
        OptionValue(
            fromFlag: { text, flag in
                guard !text.isEmpty else { throw LoupeError.usage("\(flag): give a card file") }
                return CardInput(card: try ModelCardFile.load(path: text), path: text)
            },
            fromConfig: { value in
                if case .object = value.json.value {
                    return CardInput(card: try ModelCardFile.decode(value.json, file: value.file), path: nil)
                }
                guard case .string = value.json.value else {
                    throw value.failure("'card' must be a card file's path or a card object, not \(value.json.value.kindName)")
                }
                let path = try value.path()
                return CardInput(card: try ModelCardFile.load(path: path), path: path)
            })
    }
}
