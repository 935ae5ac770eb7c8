import LoupeEvaluation

/// One option of a loupe command, declared once: its flag, its config key, how each is read,
/// how a flag overrides the file, its help and what provenance records of it. The commands
/// derive their flag parsing, config decoding, merging, help and provenance from a table of these.
struct Option<Options> {
    /// `--threshold`; nil for a key only the config file has (`run`).
    var flag: String?
    /// A short spelling of the flag (`-q`).
    var alias: String? = nil
    /// What the help shows after the flag (`X`, `FILE`); nil for a switch, which takes no value.
    var valueName: String? = nil
    /// The usage line shows the flag without brackets.
    var isRequired = false
    /// The flag may be given more than once (the usage line adds `...`).
    var repeatable = false
    /// The config file's key; nil when only a flag sets the option.
    var key: String? = nil
    var help: OptionHelp? = nil
    /// Reads the flag into the options: `value` is the flag's value, or for a switch the text
    /// after a `=` (normally nil).
    var parse: ((inout Options, _ value: String?) throws -> Void)? = nil
    /// Reads the config file's value of `key`.
    var decode: ((inout Options, ConfigValue) throws -> Void)? = nil
    /// Flag over file: `merged` starts as the file's options; this takes the flag's value where given.
    var merge: ((_ merged: inout Options, _ flags: Options) -> Void)? = nil
    /// Puts the option into `loupe build`'s settings with its default applied; nil when
    /// `BuildSettings.resolve` parses or checks it further (`--task`, `--format`, run stamps, gates).
    var apply: ((Options, inout BuildSettings) -> Void)? = nil
    /// The provenance arguments for the resolved settings, in table order; nil records nothing.
    var record: ((BuildSettings) -> [RecordedConfiguration.Argument])? = nil

    /// `--out DIR`, `--quiet`: how the help and the usage line name the flag.
    var synopsis: String? {
        guard let flag else { return nil }
        return valueName.map { "\(flag) \($0)" } ?? flag
    }
}

/// Where an option's help lines go on its command's help page.
struct OptionHelp {
    var section: HelpSection
    /// The explanation: the first line beside the flag, the others below it.
    var lines: [String]
    /// Replaces the flag's synopsis at the head of the line (`--title TEXT, --description TEXT`).
    var head: String? = nil
}

/// The sections of `loupe help build`, in page order.
enum HelpSection: String, CaseIterable {
    case data = "Data"
    case slicing = "Slicing"
    case fairness = "Fairness"
    case metrics = "Metrics"
    case runs = "Runs and history"
    case monitoring = "Monitoring"
    case gates = "Gates and CI"
    case output = "Output"
}

extension Option {
    /// A flag with one value, read by `kind`; a later flag replaces an earlier one, the flag
    /// replaces the config file's value.
    static func value<Value>(
        _ flag: String, _ valueName: String, key: String? = nil, _ field: WritableKeyPath<Options, Value?>,
        _ kind: OptionValue<Value>, apply: ((Options, inout BuildSettings) -> Void)? = nil, help: OptionHelp? = nil,
        record: ((BuildSettings) -> [RecordedConfiguration.Argument])? = nil
    ) -> Option {
        Option(
            flag: flag, valueName: valueName, key: key, help: help,
            parse: { options, text in options[keyPath: field] = try kind.fromFlag(text ?? "", flag) },
            decode: key == nil ? nil : { options, value in options[keyPath: field] = try kind.fromConfig(value) },
            merge: { merged, flags in merged[keyPath: field] = flags[keyPath: field] ?? merged[keyPath: field] },
            apply: apply, record: record)
    }

    /// A repeatable flag that adds one element per use; the config file gives the whole list,
    /// and flags replace the file's list rather than add to it.
    static func list<Element>(
        _ flag: String, _ valueName: String, key: String? = nil, _ field: WritableKeyPath<Options, [Element]?>,
        element: @escaping (_ text: String, _ flag: String) throws -> Element,
        config: ((ConfigValue) throws -> [Element])? = nil, apply: ((Options, inout BuildSettings) -> Void)? = nil,
        help: OptionHelp? = nil,
        record: ((BuildSettings) -> [RecordedConfiguration.Argument])? = nil
    ) -> Option {
        Option(
            flag: flag, valueName: valueName, repeatable: true, key: key, help: help,
            parse: { options, text in options[keyPath: field] = (options[keyPath: field] ?? []) + [try element(text ?? "", flag)]
            },
            decode: config.map { config in { options, value in options[keyPath: field] = try config(value) } },
            merge: { merged, flags in merged[keyPath: field] = flags[keyPath: field] ?? merged[keyPath: field] },
            apply: apply, record: record)
    }

    /// A flag without a value that sets `field` to true.
    static func toggle(
        _ flag: String, alias: String? = nil, _ field: WritableKeyPath<Options, Bool?>,
        apply: ((Options, inout BuildSettings) -> Void)? = nil, help: OptionHelp? = nil,
        rejectsValue: Bool = false
    ) -> Option {
        Option(
            flag: flag, alias: alias, help: help,
            parse: { options, inline in
                guard inline == nil || !rejectsValue else { throw LoupeError.usage("\(flag) takes no value") }
                options[keyPath: field] = true
            },
            merge: { merged, flags in merged[keyPath: field] = flags[keyPath: field] ?? merged[keyPath: field] },
            apply: apply)
    }

    /// A config key with no flag of its own (its fields have flags that merge them).
    static func configOnly(_ key: String, decode: @escaping (inout Options, ConfigValue) throws -> Void) -> Option {
        Option(flag: nil, key: key, decode: decode)
    }
}

extension Option {
    /// The same option, shown without brackets on the usage line.
    func required() -> Option {
        var option = self
        option.isRequired = true
        return option
    }
}
