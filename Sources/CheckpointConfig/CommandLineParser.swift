/// Turns the arguments the executable did not consume into a `ConfigLayer`: `--key-with-dashes VALUE` or
/// `--key-with-dashes=VALUE` for every setting, parsed and validated as in the file.
enum CommandLineParser {
    static func layer(
        from arguments: [String],
        workingDirectory: String,
        parser: SettingParser
    ) throws(ConfigError) -> ConfigLayer {
        var layer = ConfigLayer()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw ConfigError(
                    code: .syntax,
                    message: "unexpected argument '\(argument)'; settings are given as --key VALUE or --key=VALUE",
                    source: ValueOrigin.commandLine
                )
            }
            let flag: String
            let inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                flag = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            } else {
                flag = argument
                inlineValue = nil
            }
            guard let setting = Setting(flag: flag) else {
                throw ConfigError(
                    code: .unknownKey,
                    message: "unknown option" + Suggestion.clause(for: flag, in: Setting.allCases.map(\.flag))
                        + "; see --help for the list",
                    source: ValueOrigin.commandLine,
                    key: flag
                )
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < arguments.count, !arguments[index].hasPrefix("--") {
                value = arguments[index]
                index += 1
            } else {
                throw ConfigError(
                    code: .syntax,
                    message: "needs a value, e.g. \(flag) \(setting.valueHint)",
                    source: ValueOrigin.commandLine,
                    key: flag
                )
            }
            let origin = ValueOrigin(
                source: ValueOrigin.commandLine,
                line: nil,
                label: flag,
                baseDirectory: workingDirectory
            )
            try layer.set(setting, to: try parser.parse(value, for: setting, at: origin), at: origin)
        }
        return layer
    }
}
