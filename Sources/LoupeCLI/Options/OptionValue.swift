import LoupeEvaluation

/// How one option's value is read, from a flag's text and from the config file's JSON.
struct OptionValue<Value> {
    var fromFlag: (_ text: String, _ flag: String) throws -> Value
    var fromConfig: (ConfigValue) throws -> Value

    func map<Other>(_ transform: @escaping (Value) -> Other) -> OptionValue<Other> {
        OptionValue<Other>(
            fromFlag: { text, flag in transform(try fromFlag(text, flag)) },
            fromConfig: { transform(try fromConfig($0)) })
    }
}

extension OptionValue<String> {
    static var text: OptionValue { OptionValue(fromFlag: { text, _ in text }, fromConfig: { try $0.string() }) }
    /// A path: on the command line as given, in the config file relative to the file's folder.
    static var path: OptionValue { OptionValue(fromFlag: { text, _ in text }, fromConfig: { try $0.path() }) }
}

extension OptionValue<Double> {
    static var number: OptionValue {
        OptionValue(fromFlag: { text, flag in try ArgumentScanner.number(text, flag: flag) }, fromConfig: { try $0.number() })
    }
}

extension OptionValue<Int> {
    static func integer(atLeast minimum: Int) -> OptionValue {
        OptionValue(
            fromFlag: { text, flag in try ArgumentScanner.integer(text, flag: flag, atLeast: minimum) },
            fromConfig: { try $0.integer(atLeast: minimum) })
    }
}
