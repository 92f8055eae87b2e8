/// Terminal column widths: Chinese characters take two columns, so padding and cutting count columns, not
/// characters. Covers the East Asian wide ranges that this program's texts use.
enum TextWidth {
    /// Columns `text` takes; `ESC [ ... m` style sequences take none.
    static func of(_ text: String) -> Int {
        var columns = 0
        var inSequence = false
        for scalar in text.unicodeScalars {
            if inSequence {
                if (0x40...0x7E).contains(scalar.value) && scalar != "[" { inSequence = false }
                continue
            }
            if scalar == "\u{1B}" {
                inSequence = true
                continue
            }
            columns += width(scalar)
        }
        return columns
    }

    static func width(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if (0x0300...0x036F).contains(value) || value == 0x200B { return 0 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }

    /// `text` cut to at most `columns` columns, keeping style sequences whole.
    static func truncate(_ text: String, to columns: Int) -> String {
        var result = ""
        var used = 0
        var inSequence = false
        for scalar in text.unicodeScalars {
            if inSequence || scalar == "\u{1B}" {
                if inSequence && (0x40...0x7E).contains(scalar.value) && scalar != "[" { inSequence = false } else {
                    inSequence = true
                }
                result.unicodeScalars.append(scalar)
                continue
            }
            let next = width(scalar)
            if used + next > columns { break }
            result.unicodeScalars.append(scalar)
            used += next
        }
        return result
    }

    /// `text` cut or padded with spaces to exactly `columns` columns.
    static func pad(_ text: String, to columns: Int) -> String {
        let cut = truncate(text, to: columns)
        return cut + String(repeating: " ", count: max(0, columns - of(cut)))
    }

    /// `text` centred in `columns` columns.
    static func center(_ text: String, in columns: Int) -> String {
        let cut = truncate(text, to: columns)
        let left = max(0, (columns - of(cut)) / 2)
        return pad(String(repeating: " ", count: left) + cut, to: columns)
    }
}
